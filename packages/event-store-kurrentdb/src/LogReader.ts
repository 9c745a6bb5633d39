/**
 * The reading side of the KurrentDB store: a namespace's streams, its log markers and `$all` filtered to its
 * application streams, read on the leader (read-your-writes), with the client's errors turned into the port's.
 *
 * A checkpoint (a global position) is found in `$all` from the log stream: its markers are in revision order
 * and their positions increase, so the marker of the append that holds the checkpoint's next event is found by
 * bisection (`firstMarkerAfter`), and `$all` is read from that marker's place (it is written first in its
 * append). Where a page ended is remembered, so that a reader paging through the log reads no marker at all.
 *
 * @since 0.1.0
 */
import {
  BACKWARDS,
  type RecordedEvent as ClientEvent,
  END,
  FORWARDS,
  type KurrentDBClient,
  type Position,
  START,
  streamNameFilter
} from "@kurrent/kurrentdb-client"
import { EventStoreError, type EventStore as Port } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as AllPosition from "./AllPosition.ts"
import * as ClientErrors from "./ClientErrors.ts"
import * as ExpectedRevision from "./ExpectedRevision.ts"
import * as Records from "./Records.ts"
import type * as Resubscription from "./Resubscription.ts"
import type * as StreamNames from "./StreamNames.ts"

/**
 * A log marker as read: the marker and the event that carries it (its revision, its place in `$all`).
 *
 * @category models
 * @since 0.1.0
 */
export interface MarkerRead {
  readonly event: ClientEvent
  readonly marker: Records.Marker
}

/**
 * Where to read after a checkpoint: `found` (the place of the marker of the append holding the next event, or
 * of the event at the checkpoint), or `none` when the log holds nothing after it (then the place of its last
 * marker, or the start of `$all` for an empty log: where a subscription waits).
 *
 * @category models
 * @since 0.1.0
 */
export interface Located {
  readonly _tag: "none" | "found"
  readonly from: Resubscription.From
}

/**
 * The revision of the first marker whose last position is above `after`, among the markers at revisions
 * `0 .. lastRevision`, the last of which is above it; `markerLast` reads a marker's last position.
 *
 * @category combinators
 * @since 0.1.0
 */
export const firstMarkerAfter = <E>(
  after: bigint,
  lastRevision: bigint,
  markerLast: (revision: bigint) => Effect.Effect<bigint, E>
): Effect.Effect<bigint, E> =>
  Effect.gen(function* () {
    let low = 0n
    let high = lastRevision
    while (low < high) {
      const middle = (low + high) / 2n
      if ((yield* markerLast(middle)) > after) high = middle
      else low = middle + 1n
    }
    return low
  })

/** Places of `$all` remembered from the ends of pages. */
const rememberedPlaces = 256

const orFail = <A>(value: A | EventStoreError.EventStoreError): Effect.Effect<A, EventStoreError.EventStoreError> =>
  value instanceof EventStoreError.EventStoreError ? Effect.fail(value) : Effect.succeed(value)

const collect = <A>(action: string, read: () => AsyncIterable<A>, limit = Number.POSITIVE_INFINITY) =>
  Effect.tryPromise({
    try: async () => {
      const out: Array<A> = []
      if (limit <= 0) return out
      for await (const item of read()) {
        out.push(item)
        if (out.length >= limit) break
      }
      return out
    },
    catch: (error) => error
  }).pipe(
    Effect.catch((error) =>
      ClientErrors.isStreamNotFound(error)
        ? Effect.succeed([] as Array<A>)
        : Effect.fail(ClientErrors.toStoreError(action, error))
    )
  )

/**
 * The reads of one namespace.
 *
 * @category models
 * @since 0.1.0
 */
export interface LogReader {
  readonly lastMarker: Effect.Effect<MarkerRead | undefined, EventStoreError.EventStoreError>
  readonly head: Effect.Effect<bigint, EventStoreError.EventStoreError>
  readonly locate: (after: bigint) => Effect.Effect<Located, EventStoreError.EventStoreError>
  readonly readAll: Port.EventStoreShape["readAll"]
  readonly readStream: Port.EventStoreShape["readStream"]
  /** A stream's version (0 when it has no event). */
  readonly versionOf: (streamId: string) => Effect.Effect<bigint, EventStoreError.EventStoreError>
  /** The stored result of a command, if its append was stored. */
  readonly storedCommand: (
    commandId: string
  ) => Effect.Effect<Port.AppendResult | undefined, EventStoreError.EventStoreError>
  /** The port's event of a client event (`undefined` for another namespace's). */
  readonly decode: (event: ClientEvent) => Port.RecordedEvent | EventStoreError.EventStoreError | undefined
  /** The `$all` filter of the namespace's application streams. */
  readonly filter: ReturnType<typeof streamNameFilter>
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
  /** Global position -> the `$all` cursor of its event (`AllPosition`), for the pages of paging readers. */
  const places = new Map<bigint, bigint>()

  const remember = (globalPosition: bigint, place: Position | undefined) => {
    const cursor = place === undefined ? undefined : AllPosition.encode(place)
    if (cursor === undefined) return
    places.delete(globalPosition)
    places.set(globalPosition, cursor)
    if (places.size > rememberedPlaces) places.delete(places.keys().next().value!)
  }

  const readEvents = (action: string, streamName: string, fromRevision: bigint | typeof START, maxCount?: number) =>
    collect(
      action,
      () =>
        client.readStream(streamName, {
          fromRevision,
          direction: FORWARDS,
          requiresLeader: true,
          ...(maxCount === undefined ? {} : { maxCount })
        }),
      maxCount
    ).pipe(Effect.map((resolved) => resolved.flatMap((item) => (item.event === undefined ? [] : [item.event]))))

  const readLast = (action: string, streamName: string) =>
    collect(
      action,
      () =>
        client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: 1, requiresLeader: true }),
      1
    ).pipe(Effect.map((resolved): ClientEvent | undefined => resolved[0]?.event))

  const lastMarker: LogReader["lastMarker"] = Effect.flatMap(readLast("Head", names.log), (event) =>
    event === undefined
      ? Effect.succeed(undefined)
      : Effect.map(orFail(Records.decodeMarker(event)), (marker) => ({ event, marker }))
  )

  const markerAt = (revision: bigint): Effect.Effect<MarkerRead, EventStoreError.EventStoreError> =>
    Effect.flatMap(readEvents("Read", names.log, revision, 1), ([event]) =>
      event === undefined
        ? Effect.fail(
            new EventStoreError.EventStoreError({ reason: "Corrupt", message: `No log marker at ${revision}.` })
          )
        : Effect.map(orFail(Records.decodeMarker(event)), (marker) => ({ event, marker }))
    )

  const locate: LogReader["locate"] = (after) =>
    Effect.gen(function* () {
      const last = yield* lastMarker
      if (last === undefined) return { _tag: "none", from: "start" } as const
      if (last.marker.last <= after) return { _tag: "none", from: last.event.position ?? "start" } as const
      const remembered = places.get(after)
      const place = remembered === undefined ? undefined : AllPosition.decode(remembered)
      if (place !== undefined) return { _tag: "found", from: place } as const
      const revision = yield* firstMarkerAfter(after, last.event.revision, (at) =>
        at === last.event.revision
          ? Effect.succeed(last.marker.last)
          : Effect.map(markerAt(at), (read) => read.marker.last)
      )
      const found = revision === last.event.revision ? last : yield* markerAt(revision)
      return { _tag: "found", from: found.event.position ?? "start" } as const
    })

  const decode: LogReader["decode"] = (event) => Records.decodeApplicationEvent(names, event)

  const readAll: LogReader["readAll"] = (options) =>
    Effect.gen(function* () {
      if (options.maxCount <= 0) return []
      const located = yield* locate(options.after)
      if (located._tag === "none") return []
      const out: Array<Port.RecordedEvent> = []
      let lastPlace: Position | undefined
      yield* Effect.tryPromise({
        try: async () => {
          const read = client.readAll({
            fromPosition: located.from === "start" ? START : located.from,
            direction: FORWARDS,
            filter,
            requiresLeader: true
          })
          // Read until the page is full (breaking out ends the client's read). No `maxCount` for the server:
          // whether it counts the events that pass the filter or those it scans is not proven here, and the
          // latter would end a page early as if the log ended. Events up to the checkpoint, from the start of
          // the marker's append, are skipped.
          for await (const resolved of read) {
            const event = resolved.event
            if (event === undefined) continue
            const decoded = decode(event)
            if (decoded instanceof EventStoreError.EventStoreError) throw decoded
            if (decoded === undefined || decoded.globalPosition <= options.after) continue
            out.push(decoded)
            lastPlace = event.position
            if (out.length >= options.maxCount) break
          }
        },
        catch: (error) => ClientErrors.toStoreError("Read", error)
      })
      const last = out[out.length - 1]
      if (last !== undefined) remember(last.globalPosition, lastPlace)
      return out
    })

  const readStream: LogReader["readStream"] = (streamId, options) => {
    const after = options?.after ?? 0n
    const maxCount = options?.maxCount
    if (maxCount !== undefined && maxCount <= 0) return Effect.succeed([])
    // The port's version v is the server's revision v - 1: the events after version v start at revision v.
    return Effect.flatMap(
      readEvents("Read", names.application(streamId), after <= 0n ? START : after, maxCount),
      (events) =>
        Effect.forEach(events, (event) =>
          Effect.flatMap(orFail(decode(event)), (decoded) =>
            decoded === undefined
              ? Effect.fail(
                  new EventStoreError.EventStoreError({ reason: "Corrupt", message: `Foreign event in ${streamId}.` })
                )
              : Effect.succeed(decoded)
          )
        )
    )
  }

  const versionOf: LogReader["versionOf"] = (streamId) =>
    Effect.map(readLast("Append", names.application(streamId)), (event) =>
      event === undefined ? 0n : ExpectedRevision.versionOfRevision(event.revision)
    )

  const storedCommand: LogReader["storedCommand"] = (commandId) =>
    Effect.flatMap(readLast("Append", names.command(commandId)), (event) =>
      event === undefined ? Effect.succeed(undefined) : orFail(Records.decodeCommand(event))
    )

  const head = Effect.map(lastMarker, (last) => (last === undefined ? 0n : last.marker.last))

  return { lastMarker, head, locate, readAll, readStream, versionOf, storedCommand, decode, filter }
}
