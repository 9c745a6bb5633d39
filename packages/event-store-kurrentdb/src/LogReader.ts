/**
 * The reading side of the KurrentDB store: a namespace's streams and `$all` filtered to its application streams
 * (the server's stream-name prefix filter), read on the leader (read-your-writes), with the client's errors
 * turned into the port's. A global position is an event's `$all` place (`AllPosition`), so a checkpoint is
 * where the next read of `$all` starts: no lookup, no stream shared by all appends.
 *
 * @since 0.1.0
 */
import {
  BACKWARDS,
  type RecordedEvent as ClientEvent,
  END,
  FORWARDS,
  type KurrentDBClient,
  START,
  streamNameFilter
} from "@kurrent/kurrentdb-client"
import { EventStoreError, type EventStore as Port, Scopes } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as AllPosition from "./AllPosition.ts"
import * as ClientErrors from "./ClientErrors.ts"
import * as ExpectedRevision from "./ExpectedRevision.ts"
import * as Records from "./Records.ts"
import type * as Resubscription from "./Resubscription.ts"
import type * as StreamNames from "./StreamNames.ts"

const orFail = <A>(value: A | EventStoreError.EventStoreError): Effect.Effect<A, EventStoreError.EventStoreError> =>
  value instanceof EventStoreError.EventStoreError ? Effect.fail(value) : Effect.succeed(value)

/** Reads an async iterable of the client until `stop` says so (breaking out ends the client's read). */
const scan = <A, B>(
  action: string,
  read: () => AsyncIterable<A>,
  step: (item: A) => { readonly stop: boolean; readonly value?: B | undefined }
) =>
  Effect.tryPromise({
    try: async () => {
      const out: Array<B> = []
      for await (const item of read()) {
        const next = step(item)
        if (next.value !== undefined) out.push(next.value)
        if (next.stop) break
      }
      return out
    },
    catch: (error) => error
  }).pipe(
    Effect.catch((error) =>
      error instanceof EventStoreError.EventStoreError
        ? Effect.fail(error)
        : ClientErrors.isStreamNotFound(error)
          ? Effect.succeed([] as Array<B>)
          : Effect.fail(ClientErrors.toStoreError(action, error))
    )
  )

/**
 * Where a read or subscription of `$all` starts for a checkpoint: the start for 0n, else the checkpoint's place
 * (the read skips the event there); a bigint no place encodes to is refused (reason `InvalidPosition`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromCheckpoint = (after: bigint): Resubscription.From | EventStoreError.EventStoreError => {
  if (after === 0n) return "start"
  const place = AllPosition.decode(after)
  return place === undefined
    ? new EventStoreError.EventStoreError({
        reason: "InvalidPosition",
        message: `Position ${after} is not a KurrentDB position: give 0n or a position the store gave.`
      })
    : place
}

/**
 * The reads of one namespace.
 *
 * @category models
 * @since 0.1.0
 */
export interface LogReader {
  readonly head: Effect.Effect<bigint, EventStoreError.EventStoreError>
  readonly readAll: Port.EventStoreShape["readAll"]
  readonly readStream: Port.EventStoreShape["readStream"]
  /** A stream's version (0 when it has no event). */
  readonly versionOf: (streamId: string) => Effect.Effect<bigint, EventStoreError.EventStoreError>
  /** The global position of a stream's event at a revision (read back after an append). */
  readonly positionAt: (streamId: string, revision: bigint) => Effect.Effect<bigint, EventStoreError.EventStoreError>
  /** The streams of a command's append, from its record, if it was stored. */
  readonly commandRecord: (
    commandId: string
  ) => Effect.Effect<ReadonlyArray<Records.CommandPart> | undefined, EventStoreError.EventStoreError>
  /**
   * The last event of a command in a stream (its version and position), scanning the stream backwards;
   * `undefined` when the stream holds none.
   */
  readonly lastOfCommand: (
    streamId: string,
    commandId: string
  ) => Effect.Effect<
    { readonly version: bigint; readonly position: bigint } | undefined,
    EventStoreError.EventStoreError
  >
  /** The port's event of a client event (`undefined` for another namespace's). */
  readonly decode: (event: ClientEvent) => Port.RecordedEvent | EventStoreError.EventStoreError | undefined
  /** The `$all` filter of the namespace's application streams. */
  readonly filter: ReturnType<typeof streamNameFilter>
  /**
   * A scope's events newest first (the port's `readScope`), by reading `$all` backwards and keeping the events whose
   * metadata holds the scope at `scopeKey`: correct, but its work is the log's above the page, not the page's.
   */
  readonly readScope: (scopeKey: string) => Port.EventStoreShape["readScope"]
}

/**
 * The reads of a namespace through a client.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  client: Pick<KurrentDBClient, "readStream" | "readAll">,
  names: StreamNames.StreamNames
): LogReader => {
  const filter = streamNameFilter({ prefixes: [names.applicationPrefix] })
  const decode: LogReader["decode"] = (event) => Records.decodeApplicationEvent(names, event)

  const decodeOrThrow = (event: ClientEvent | undefined): Port.RecordedEvent | undefined => {
    if (event === undefined) return undefined
    const decoded = decode(event)
    if (decoded instanceof EventStoreError.EventStoreError) throw decoded
    return decoded
  }

  const readLast = (action: string, streamName: string) =>
    Effect.map(
      scan(
        action,
        () =>
          client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: 1, requiresLeader: true }),
        (resolved): { stop: boolean; value: ClientEvent | undefined } => ({ stop: true, value: resolved.event })
      ),
      (events): ClientEvent | undefined => events[0]
    )

  // A filtered read of `$all` from a checkpoint ("start", or a position the server gave) in one direction.
  const readAllFrom = (from: Resubscription.From | typeof END, direction: typeof FORWARDS | typeof BACKWARDS) => () =>
    client.readAll({ fromPosition: from === "start" ? START : from, direction, filter, requiresLeader: true })

  // No `maxCount` for the server on filtered reads of `$all`: whether it counts the events that pass the filter
  // or those it scans is not proven here, and the latter would end a page early as if the log ended.
  const head: LogReader["head"] = Effect.map(
    scan("Head", readAllFrom(END, BACKWARDS), (resolved) => {
      const event = decodeOrThrow(resolved.event)
      return event === undefined ? { stop: false } : { stop: true, value: event.globalPosition }
    }),
    (positions) => positions[0] ?? 0n
  )

  const readAll: LogReader["readAll"] = (options) =>
    Effect.gen(function* () {
      if (options.maxCount <= 0) return []
      const from = yield* orFail(fromCheckpoint(options.after))
      let count = 0
      return yield* scan("Read", readAllFrom(from, FORWARDS), (resolved) => {
        const event = decodeOrThrow(resolved.event)
        // The read starts at the checkpoint's own event: it, and anything at or before it, is skipped.
        if (event === undefined || event.globalPosition <= options.after) return { stop: false }
        count += 1
        return { stop: count >= options.maxCount, value: event }
      })
    })

  const readStream: LogReader["readStream"] = (streamId, options) => {
    const after = options?.after ?? 0n
    const maxCount = options?.maxCount
    if (maxCount !== undefined && maxCount <= 0) return Effect.succeed([])
    let count = 0
    // The port's version v is the server's revision v - 1: the events after version v start at revision v.
    return scan(
      "Read",
      () =>
        client.readStream(names.application(streamId), {
          fromRevision: after <= 0n ? START : after,
          direction: FORWARDS,
          requiresLeader: true,
          ...(maxCount === undefined ? {} : { maxCount })
        }),
      (resolved) => {
        const event = decodeOrThrow(resolved.event)
        if (event === undefined) return { stop: false }
        count += 1
        return { stop: maxCount !== undefined && count >= maxCount, value: event }
      }
    )
  }

  const versionOf: LogReader["versionOf"] = (streamId) =>
    Effect.map(readLast("Append", names.application(streamId)), (event) =>
      event === undefined ? 0n : ExpectedRevision.versionOfRevision(event.revision)
    )

  const positionAt: LogReader["positionAt"] = (streamId, revision) =>
    Effect.flatMap(
      scan(
        "Append",
        () =>
          client.readStream(names.application(streamId), {
            fromRevision: revision,
            direction: FORWARDS,
            maxCount: 1,
            requiresLeader: true
          }),
        (resolved) => ({ stop: true, value: decodeOrThrow(resolved.event) })
      ),
      ([event]) =>
        event === undefined
          ? Effect.fail(
              new EventStoreError.EventStoreError({
                reason: "Corrupt",
                message: `The event just appended to ${streamId} at revision ${revision} cannot be read back.`
              })
            )
          : Effect.succeed(event.globalPosition)
    )

  const commandRecord: LogReader["commandRecord"] = (commandId) =>
    Effect.flatMap(readLast("Append", names.command(commandId)), (event) =>
      event === undefined ? Effect.succeed(undefined) : orFail(Records.decodeCommand(event))
    )

  const lastOfCommand: LogReader["lastOfCommand"] = (streamId, commandId) =>
    Effect.map(
      scan(
        "Append",
        () =>
          client.readStream(names.application(streamId), {
            fromRevision: END,
            direction: BACKWARDS,
            requiresLeader: true
          }),
        (resolved) => {
          const event = decodeOrThrow(resolved.event)
          return event?.commandId === commandId
            ? { stop: true, value: { version: event.streamVersion, position: event.globalPosition } }
            : { stop: false }
        }
      ),
      (found) => found[0]
    )

  const readScope: LogReader["readScope"] = (scopeKey) => (scope, options) =>
    Effect.gen(function* () {
      const maxCount = Scopes.countOf(options.maxCount)
      const before = options.before
      if (maxCount === 0 || before === 0n) return []
      const from = before === undefined ? END : yield* orFail(fromCheckpoint(before))
      let count = 0
      return yield* scan("Read", readAllFrom(from, BACKWARDS), (resolved) => {
        const event = decodeOrThrow(resolved.event)
        // A backwards read may start at the cursor's own event: it, and anything above it, is skipped.
        if (event === undefined || (before !== undefined && event.globalPosition >= before)) return { stop: false }
        if (Scopes.scopeOf(event.metadata, scopeKey) !== scope) return { stop: false }
        count += 1
        return { stop: count >= maxCount, value: event }
      })
    })

  return { head, readAll, readStream, versionOf, positionAt, commandRecord, lastOfCommand, decode, filter, readScope }
}
