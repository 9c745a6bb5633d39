/**
 * The port's expected versions and KurrentDB's stream states, both ways.
 *
 * The port counts a stream's events (0 = empty or missing, n = n events); KurrentDB numbers its events from
 * revision 0 and names the states `no_stream`, `stream_exists`, `any`, or the revision of the last event. So
 * the port's version n is the server's revision n - 1, and version 0 is `no_stream`.
 *
 * @since 0.1.0
 */

import {
  ANY,
  type AppendStreamState,
  type CurrentStreamState,
  NO_STREAM,
  STREAM_EXISTS
} from "@kurrent/kurrentdb-client"
import { ExpectedVersion } from "@orga/event-store"

/**
 * The server's stream state for a port expectation (`exact(0)` is `no_stream`, `exact(n)` the revision n - 1).
 *
 * @category constructors
 * @since 0.1.0
 */
export const toStreamState = (expected: ExpectedVersion.ExpectedVersion): AppendStreamState => {
  switch (expected._tag) {
    case "Any":
      return ANY
    case "NoStream":
      return NO_STREAM
    case "StreamExists":
      return STREAM_EXISTS
    case "Exact":
      return exactState(expected.version)
  }
}

/**
 * The server's state of a stream holding exactly `version` events: what the store sends to make its own check
 * atomic with the write.
 *
 * @category constructors
 * @since 0.1.0
 */
export const exactState = (version: bigint): AppendStreamState => (version === 0n ? NO_STREAM : version - 1n)

/**
 * The port expectation of a server stream state (the other way, e.g. to report a server's conflict).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromStreamState = (state: AppendStreamState): ExpectedVersion.ExpectedVersion =>
  state === ANY
    ? ExpectedVersion.any
    : state === NO_STREAM
      ? ExpectedVersion.noStream
      : state === STREAM_EXISTS
        ? ExpectedVersion.streamExists
        : ExpectedVersion.exact(state + 1n)

/**
 * The port's version of a server's current stream state: `no_stream` is 0, revision r is r + 1.
 * `undefined` for the negative states the server gives deleted (-5) and tombstoned (-6) streams, which the
 * store never makes and cannot count.
 *
 * @category getters
 * @since 0.1.0
 */
export const versionOf = (current: CurrentStreamState): bigint | undefined =>
  current === NO_STREAM ? 0n : current >= 0n ? current + 1n : undefined

/**
 * The port's version of a stream whose last event has this revision.
 *
 * @category getters
 * @since 0.1.0
 */
export const versionOfRevision = (revision: bigint): bigint => revision + 1n
