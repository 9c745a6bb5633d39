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

import { KurrentDBClient, NO_STREAM, START } from "@kurrent/kurrentdb-client"
import { EventStore, EventStoreError, ExpectedVersion, type EventStore as Port } from "@orga/event-store"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as AppendPlan from "./AppendPlan.ts"
import * as ClientErrors from "./ClientErrors.ts"
import * as LogReader from "./LogReader.ts"
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
  const reader = LogReader.make(client, names)
  const { lastMarker, head, locate, readAll, readStream, versionOf, storedCommand, decode, filter } = reader

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
      const plan = AppendPlan.plan(names, appends, versions, {
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
      const invalid = AppendPlan.check(appends)
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

/**
 * The `EventStore` service on the KurrentDB server of the `KURRENTDB_CONNECTION_STRING` setting (read from the
 * current `ConfigProvider`: the environment by default; kept redacted, as it may hold credentials).
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: { readonly namespace?: string | undefined } = {}
): Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError> =>
  Layer.effect(
    EventStore.EventStore,
    Effect.gen(function* () {
      const connectionString = yield* Config.Redacted("KURRENTDB_CONNECTION_STRING").pipe(
        Effect.mapError(
          (cause) =>
            new EventStoreError.EventStoreError({
              reason: "MissingConnectionString",
              message: "KURRENTDB_CONNECTION_STRING is not set: say where the KurrentDB server is.",
              cause
            })
        )
      )
      const client = yield* connect(Redacted.value(connectionString))
      return yield* make({ client, namespace: options.namespace })
    })
  )
