/**
 * What one append of the port sends to KurrentDB: the pure part of `KurrentEventStore.append`, from the call
 * and what the store read (the log's last marker, each stream's version) to the multi-stream append requests
 * and the result the port answers once they are written.
 *
 * @since 0.1.0
 */

import { type AppendStreamRequest, type EventData, NO_STREAM } from "@kurrent/kurrentdb-client"
import { EventStoreError, type EventStore as Port } from "@orga/event-store"
import * as ExpectedRevision from "./ExpectedRevision.ts"
import * as Records from "./Records.ts"
import type * as StreamNames from "./StreamNames.ts"

/**
 * What an append call must be before anything is read: each stream once (the store checks and writes a
 * stream's part in one request), each event id once.
 *
 * @category guards
 * @since 0.1.0
 */
export const check = (appends: ReadonlyArray<Port.AppendToStream>): EventStoreError.EventStoreError | undefined => {
  const streams = new Set<string>()
  const ids = new Set<string>()
  for (const append of appends) {
    if (streams.has(append.streamId)) {
      return new EventStoreError.EventStoreError({
        reason: "InvalidAppend",
        message: `Stream ${append.streamId} appears twice in one append: give its events in one part.`
      })
    }
    streams.add(append.streamId)
    for (const event of append.events) {
      if (ids.has(event.id)) {
        return new EventStoreError.EventStoreError({
          reason: "DuplicateEventId",
          message: `Event id ${event.id} is given twice in one append.`
        })
      }
      ids.add(event.id)
    }
  }
  return undefined
}

/**
 * The requests of one append (checked already against `versions`, the streams' versions as read) and the
 * result it answers once they are written: the log marker first, then each stream's events at the exact
 * revision read, the event-id claims, and the command's result. No request at all when there is no event and
 * no command id.
 *
 * @category constructors
 * @since 0.1.0
 */
export const plan = (
  names: StreamNames.StreamNames,
  appends: ReadonlyArray<Port.AppendToStream>,
  versions: ReadonlyArray<bigint>,
  context: {
    readonly headPosition: bigint
    readonly logState: typeof NO_STREAM | bigint
    readonly commandId: string | undefined
  }
): { readonly requests: Array<AppendStreamRequest>; readonly result: Port.AppendResult } => {
  const { namespace } = names
  const { headPosition, commandId } = context
  let position = headPosition
  let index = 0
  const streamRequests: Array<AppendStreamRequest> = []
  const claims: Array<AppendStreamRequest> = []
  const streams: Array<{ streamId: string; version: bigint }> = []
  for (const [part, append] of appends.entries()) {
    const version = versions[part]!
    const events: Array<EventData> = []
    for (const event of append.events) {
      position += 1n
      events.push(Records.applicationEvent(namespace, event, index, position, commandId))
      claims.push({
        streamName: names.eventId(event.id),
        expectedState: NO_STREAM,
        events: [Records.claimEvent(namespace, event.id)]
      })
      index += 1
    }
    if (events.length > 0) {
      streamRequests.push({
        streamName: names.application(append.streamId),
        expectedState: ExpectedRevision.exactState(version),
        events
      })
    }
    streams.push({ streamId: append.streamId, version: version + BigInt(append.events.length) })
  }
  const result: Port.AppendResult = { streams, position, duplicate: false }
  const requests: Array<AppendStreamRequest> = []
  if (position > headPosition) {
    requests.push({
      streamName: names.log,
      expectedState: context.logState,
      events: [Records.markerEvent(namespace, { first: headPosition + 1n, last: position })]
    })
  }
  requests.push(...streamRequests, ...claims)
  if (commandId !== undefined) {
    requests.push({
      streamName: names.command(commandId),
      expectedState: NO_STREAM,
      events: [Records.commandEvent(namespace, commandId, result)]
    })
  }
  return { requests, result }
}
