/**
 * What one append of the port sends to KurrentDB: the pure part of `KurrentEventStore.append`, from the call to
 * the server's append requests.
 *
 * Each stream with events is one request at the port's expected version mapped to the server's stream state
 * (`ExpectedRevision.toStreamState`), so the server itself checks it, atomically with the write. A command id
 * adds the command's record (`<ns>/cmd/<commandId>`, `no_stream`: written once), which makes the append a
 * multi-stream append (KurrentDB 25.1 or later).
 *
 * @since 0.1.0
 */

import { type AppendStreamRequest, type EventData, NO_STREAM } from "@kurrent/kurrentdb-client"
import { EventStoreError, type EventStore as Port } from "@orga/event-store"
import * as ExpectedRevision from "./ExpectedRevision.ts"
import * as Records from "./Records.ts"
import type * as StreamNames from "./StreamNames.ts"

/**
 * What an append call must be before anything is sent: each stream once (the server takes one expectation per
 * stream), each event id once (ids are unique within an append; the server does not index them across).
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
 * The requests of one append.
 *
 * @category models
 * @since 0.1.0
 */
export interface Plan {
  /** One request per stream with events, in call order. */
  readonly streams: ReadonlyArray<AppendStreamRequest & { readonly streamId: string }>
  /** The command's record, when the append has a command id. */
  readonly command: AppendStreamRequest | undefined
}

/**
 * The requests of an append; `checked` holds the versions the store read (and checked) of the streams the
 * append writes no event to, which the command's record keeps for the original result.
 *
 * @category constructors
 * @since 0.1.0
 */
export const plan = (
  names: StreamNames.StreamNames,
  appends: ReadonlyArray<Port.AppendToStream>,
  context: { readonly commandId: string | undefined; readonly checked: ReadonlyMap<string, bigint> }
): Plan => {
  const { namespace } = names
  const { commandId } = context
  let index = 0
  const streams: Array<AppendStreamRequest & { readonly streamId: string }> = []
  for (const append of appends) {
    if (append.events.length === 0) continue
    const events: Array<EventData> = append.events.map((event) =>
      Records.applicationEvent(namespace, event, index++, commandId)
    )
    streams.push({
      streamId: append.streamId,
      streamName: names.application(append.streamId),
      expectedState: ExpectedRevision.toStreamState(append.expectedVersion),
      events
    })
  }
  const command: AppendStreamRequest | undefined =
    commandId === undefined
      ? undefined
      : {
          streamName: names.command(commandId),
          expectedState: NO_STREAM,
          events: [
            Records.commandEvent(
              namespace,
              commandId,
              appends.map((append) => ({
                streamId: append.streamId,
                count: append.events.length,
                version: append.events.length === 0 ? context.checked.get(append.streamId) : undefined
              }))
            )
          ]
        }
  return { streams, command }
}
