/**
 * The event store port on a KurrentDB (EventStoreDB) server, through the official client
 * (`@kurrent/kurrentdb-client`, docs/adr/0030-kurrentdb-client.md).
 *
 * How the port's promises are kept on a server that has neither consecutive positions nor unique event ids:
 * - Every append is one multi-stream append (KurrentDB 25.1 or later; older servers fail every append with
 *   reason `Unsupported`): a marker on the namespace's log stream first (the store's expected revision of the
 *   log: appends are serialised, so positions are consecutive and in commit order), the events on their
 *   streams (each at the exact revision the store read, so the port's expected version is checked atomically
 *   with the write), one claim stream per event id (`no_stream`: ids stay unique), and the command's result
 *   when there is a command id (`no_stream`: a re-delivery finds it and gets the original result).
 * - A conflict on the log or a stream means another append came in between: the store reads again and
 *   retries, so the port's own check decides (and reports `WrongExpectedVersion` with the actual version).
 * - Global positions are the store's own numbers, carried in each event's metadata; `$all` is read with a
 *   stream-name prefix filter (the namespace's application streams), from the place of the log marker of the
 *   append that holds the checkpoint's next event (found by bisecting the log stream, or remembered from the
 *   end of the previous page).
 * - `subscribe` is a catch-up subscription to `$all` from there that resubscribes after a dropped connection
 *   (`Resubscription`); `awaitPosition` polls the log's last marker on the leader.
 *
 * @since 0.1.0
 */

import {
  type AppendStreamRequest,
  BACKWARDS,
  type RecordedEvent as ClientEvent,
  END,
  type EventData,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  type Position,
  START,
  streamNameFilter
} from "@kurrent/kurrentdb-client"
import { EventStore, EventStoreError, ExpectedVersion, type EventStore as Port } from "@orga/event-store"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as AllPosition from "./AllPosition.ts"
import * as ClientErrors from "./ClientErrors.ts"
import * as ExpectedRevision from "./ExpectedRevision.ts"
import * as Records from "./Records.ts"
import * as Resubscription from "./Resubscription.ts"
import * as StreamNames from "./StreamNames.ts"

/**
 * What the store needs of the client: its reads, subscription and multi-stream append (the client's own
 * `KurrentDBClient` has them all).
 *
 * @category models
 * @since 0.1.0
 */
export type Client = Pick<KurrentDBClient, "readStream" | "readAll" | "subscribeToAll" | "multiStreamAppend">

/**
 * Options of a store.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly client: Client
  /** The application's namespace: its streams are `<namespace>/...` (default `orga`). */
  readonly namespace?: string | undefined
  /** The global position of the namespace's first event (default 1n; tests start elsewhere). */
  readonly initialPosition?: bigint | undefined
  /** Appends tried at most this many times when other appends keep coming in between (default 200). */
  readonly maxAttempts?: number | undefined
  /** How often `awaitPosition` reads the head (default 20 ms). */
  readonly pollInterval?: Duration.Input | undefined
}

/**
 * The store, with its stream names (for tools and tests).
 *
 * @category models
 * @since 0.1.0
 */
export interface KurrentEventStoreShape extends Port.EventStoreShape {
  readonly names: StreamNames.StreamNames
}

const defaultAwaitTimeout = Duration.seconds(30)

/** `$all` places remembered from the ends of pages: a reader paging through the log finds its next page. */
const rememberedPlaces = 256

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

const orFail = <A>(value: A | EventStoreError.EventStoreError): Effect.Effect<A, EventStoreError.EventStoreError> =>
  value instanceof EventStoreError.EventStoreError ? Effect.fail(value) : Effect.succeed(value)

/**
 * A store on a client (its connection is the caller's).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<KurrentEventStoreShape, EventStoreError.EventStoreError> =>
  Effect.suspend(() => {
    const namespace = options.namespace ?? "orga"
    const names = StreamNames.make(namespace)
    if (names === undefined) {
      return Effect.fail(
        new EventStoreError.EventStoreError({
          reason: "InvalidNamespace",
          message: `KurrentDB namespace ${JSON.stringify(namespace)}: use 1 to 64 letters, digits, '_' or '-'.`
        })
      )
    }
    return Effect.succeed(makeWith(options, names))
  })

const makeWith = (options: Options, names: StreamNames.StreamNames): KurrentEventStoreShape => {
  const { client } = options
  const initialPosition = options.initialPosition ?? 1n
  const maxAttempts = options.maxAttempts ?? 200
  const pollInterval = options.pollInterval ?? Duration.millis(20)
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

  const readLast = (
    action: string,
    streamName: string
  ): Effect.Effect<ClientEvent | undefined, EventStoreError.EventStoreError> =>
    collect(
      action,
      () =>
        client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: 1, requiresLeader: true }),
      1
    ).pipe(Effect.map((resolved) => resolved[0]?.event))

  const lastMarker = Effect.flatMap(readLast("Head", names.log), (event) =>
    event === undefined
      ? Effect.succeed(undefined)
      : Effect.map(orFail(Records.decodeMarker(event)), (marker) => ({ event, marker }))
  )

  const head: Effect.Effect<bigint, EventStoreError.EventStoreError> = Effect.map(lastMarker, (last) =>
    last === undefined ? 0n : last.marker.last
  )

  const markerAt = (revision: bigint) =>
    Effect.flatMap(readEvents("Read", names.log, revision, 1), (events) =>
      events[0] === undefined
        ? Effect.fail(
            new EventStoreError.EventStoreError({ reason: "Corrupt", message: `No log marker at ${revision}.` })
          )
        : Effect.map(orFail(Records.decodeMarker(events[0])), (marker) => ({ event: events[0]!, marker }))
    )

  /**
   * Where in `$all` to read events after `after`: `"none"` when the log holds nothing after it (with the
   * place of its last marker, for subscriptions), else the place of the marker of the append holding
   * `after + 1` (or a place remembered from a page's end).
   */
  const locate = (
    after: bigint
  ): Effect.Effect<
    { readonly _tag: "none" | "found"; readonly from: Resubscription.From },
    EventStoreError.EventStoreError
  > =>
    Effect.gen(function* () {
      const last = yield* lastMarker
      if (last === undefined) return { _tag: "none", from: "start" } as const
      if (last.marker.last <= after) return { _tag: "none", from: last.event.position ?? "start" } as const
      const remembered = places.get(after)
      const place = remembered === undefined ? undefined : AllPosition.decode(remembered)
      if (place !== undefined) return { _tag: "found", from: place } as const
      // Markers are in the log's revision order and their positions increase: bisect for the first marker
      // whose last position is above the checkpoint.
      let low = 0n
      let high = last.event.revision
      let found = last
      while (low < high) {
        const middle = (low + high) / 2n
        const candidate = yield* markerAt(middle)
        if (candidate.marker.last > after) {
          high = middle
          found = candidate
        } else low = middle + 1n
      }
      if (low !== found.event.revision) found = yield* markerAt(low)
      return { _tag: "found", from: found.event.position ?? "start" } as const
    })

  const decode = (event: ClientEvent) => Records.decodeApplicationEvent(names, event)

  const readAll = (readOptions: Port.ReadAllOptions) =>
    Effect.gen(function* () {
      if (readOptions.maxCount <= 0) return []
      const located = yield* locate(readOptions.after)
      if (located._tag === "none") return []
      const out: Array<Port.RecordedEvent> = []
      const places: Array<Position | undefined> = []
      yield* Effect.tryPromise({
        try: async () => {
          const read = client.readAll({
            fromPosition: located.from === "start" ? START : located.from,
            direction: FORWARDS,
            filter,
            requiresLeader: true
          })
          for await (const resolved of read) {
            const event = resolved.event
            if (event === undefined) continue
            const decoded = decode(event)
            if (decoded instanceof EventStoreError.EventStoreError) throw decoded
            if (decoded === undefined || decoded.globalPosition <= readOptions.after) continue
            out.push(decoded)
            places.push(event.position)
            if (out.length >= readOptions.maxCount) break
          }
        },
        catch: (error) => ClientErrors.toStoreError("Read", error)
      })
      const lastIndex = out.length - 1
      if (lastIndex >= 0) remember(out[lastIndex]!.globalPosition, places[lastIndex])
      return out
    })

  const readStream = (streamId: string, readOptions?: Port.ReadStreamOptions) => {
    const after = readOptions?.after ?? 0n
    const maxCount = readOptions?.maxCount
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

  const versionOf = (streamId: string) =>
    Effect.map(readLast("Append", names.application(streamId)), (event) =>
      event === undefined ? 0n : ExpectedRevision.versionOfRevision(event.revision)
    )

  const storedCommand = (commandId: string) =>
    Effect.flatMap(readLast("Append", names.command(commandId)), (event) =>
      event === undefined ? Effect.succeed(undefined) : orFail(Records.decodeCommand(event))
    )

  type Attempt = { readonly _tag: "Done"; readonly result: Port.AppendResult } | { readonly _tag: "Retry" }

  const attemptAppend = (
    appends: ReadonlyArray<Port.AppendToStream>,
    commandId: string | undefined
  ): Effect.Effect<Attempt, EventStoreError.WrongExpectedVersion | EventStoreError.EventStoreError> =>
    Effect.gen(function* () {
      if (commandId !== undefined) {
        const stored = yield* storedCommand(commandId)
        if (stored !== undefined) return { _tag: "Done", result: stored } as const
      }
      const last = yield* lastMarker
      const headPosition = last === undefined ? initialPosition - 1n : last.marker.last
      const versions = yield* Effect.forEach(appends, (append) => versionOf(append.streamId), {
        concurrency: "unbounded"
      })
      for (const [index, append] of appends.entries()) {
        const actual = versions[index]!
        if (!ExpectedVersion.isSatisfiedBy(append.expectedVersion, actual)) {
          return yield* Effect.fail(
            new EventStoreError.WrongExpectedVersion({
              streamId: append.streamId,
              expected: ExpectedVersion.describe(append.expectedVersion),
              actual
            })
          )
        }
      }
      const plan = planAppend(names, appends, versions, {
        headPosition,
        logState: last === undefined ? NO_STREAM : last.event.revision,
        commandId
      })
      if (plan.requests.length === 0) return { _tag: "Done", result: plan.result } as const
      const written = yield* Effect.result(
        Effect.tryPromise({ try: () => client.multiStreamAppend(plan.requests), catch: (error) => error })
      )
      if (written._tag === "Success") return { _tag: "Done", result: plan.result } as const
      const failure = ClientErrors.classifyAppendFailure(names, written.failure)
      switch (failure._tag) {
        case "Retry":
        case "CommandStored":
          return { _tag: "Retry" } as const
        case "Failed":
          return yield* Effect.fail(failure.error)
      }
    })

  const append: Port.EventStoreShape["append"] = (appends, appendOptions) =>
    Effect.gen(function* () {
      const invalid = checkAppends(appends)
      if (invalid !== undefined) return yield* Effect.fail(invalid)
      for (let attempt = 1; ; attempt++) {
        const outcome = yield* attemptAppend(appends, appendOptions?.commandId)
        if (outcome._tag === "Done") return outcome.result
        if (attempt >= maxAttempts) {
          return yield* Effect.fail(
            new EventStoreError.EventStoreError({
              reason: "Contention",
              message: `Append: other appends came in between ${attempt} times in a row.`
            })
          )
        }
        // A short random pause spreads writers that keep meeting on the log stream.
        yield* Effect.sleep(Duration.millis(Math.floor(Math.random() * Math.min(50, attempt * 2))))
      }
    })

  const subscribe = (subscribeOptions: Port.SubscribeOptions) =>
    Stream.unwrap(
      Effect.map(locate(subscribeOptions.after), (located) =>
        Resubscription.events({
          open: (from) =>
            client.subscribeToAll({ fromPosition: from === "start" ? START : from, filter, requiresLeader: true }),
          from: located.from,
          after: subscribeOptions.after,
          decode
        })
      )
    )

  const awaitPosition: Port.EventStoreShape["awaitPosition"] = (position, timeout) => {
    const reached: Effect.Effect<void, EventStoreError.EventStoreError> = Effect.flatMap(head, (current) =>
      current >= position ? Effect.void : Effect.flatMap(Effect.sleep(pollInterval), () => reached)
    )
    return reached.pipe(
      Effect.timeoutOrElse({
        duration: timeout ?? defaultAwaitTimeout,
        orElse: () =>
          Effect.fail(
            new EventStoreError.EventStoreError({
              reason: "Timeout",
              message: `Position ${position} was not reached in time.`
            })
          )
      })
    )
  }

  return { names, append, readStream, readAll, subscribe, head, awaitPosition }
}

/**
 * What an append call must be before anything is read: each stream once (the store checks and writes a
 * stream's part in one request), each event id once.
 *
 * @category guards
 * @since 0.1.0
 */
export const checkAppends = (
  appends: ReadonlyArray<Port.AppendToStream>
): EventStoreError.EventStoreError | undefined => {
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
export const planAppend = (
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

/**
 * A client from a connection string (`kurrentdb://user:password@host:2113?tls=true`, or `esdb://...`; TLS,
 * certificates and credentials as the client reads them), disposed with the scope.
 *
 * @category constructors
 * @since 0.1.0
 */
export const connect = (
  connectionString: string
): Effect.Effect<KurrentDBClient, EventStoreError.EventStoreError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => KurrentDBClient.connectionString(connectionString),
      catch: (error) =>
        new EventStoreError.EventStoreError({
          reason: "InvalidConnectionString",
          message: `KurrentDB connection string: ${error instanceof Error ? error.message : String(error)}`,
          cause: error
        })
    }),
    (client) => Effect.promise(() => client.dispose().catch(() => undefined))
  )

/**
 * The `EventStore` service on a KurrentDB server reached by a connection string.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: {
  readonly connectionString: string
  readonly namespace?: string | undefined
}): Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError> =>
  Layer.effect(
    EventStore.EventStore,
    Effect.flatMap(connect(options.connectionString), (client) => make({ client, namespace: options.namespace }))
  )
