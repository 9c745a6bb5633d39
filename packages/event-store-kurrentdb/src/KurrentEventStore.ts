/**
 * The event store port on a KurrentDB (EventStoreDB) server, through the official client
 * (`@kurrent/kurrentdb-client`, docs/adr/0030-kurrentdb-client.md).
 *
 * How the port's promises are kept:
 * - Global positions are the events' places in `$all` (`AllPosition`: commit and prepare in one opaque bigint):
 *   strictly increasing in commit order, with gaps. `$all` is read with the namespace's stream-name prefix.
 * - An append to one stream is one append at the port's expected version mapped to the server's stream state,
 *   on any server (EventStoreDB 20.10 and later); an append to several streams is one multi-stream append
 *   (KurrentDB 25.1 and later; older servers: reason `Unsupported`). The server checks every written stream's
 *   expectation atomically with the write; a stream the append writes nothing to is checked by a read.
 * - Record ids derive from the command id (`RecordId`), so the server's own idempotency recognises a re-sent
 *   append (same events, same expected state). For the port's full command-id promise (any re-delivery of a
 *   stored command answers the original result), an append with a command id also writes the command's record
 *   `<ns>/cmd/<commandId>` (`no_stream`, in the same multi-stream append), read first by later deliveries; the
 *   original result is read back from the events. On a server without multi-stream appends a command's single
 *   stream is scanned for its events instead (see the README for what that does not cover).
 * - `subscribe` is a catch-up subscription to `$all` from the checkpoint that resubscribes after a dropped
 *   connection (`Resubscription`); `awaitPosition` polls the namespace's last event on the leader.
 *
 * @since 0.1.0
 */

import { type AppendStreamRequest, type AppendStreamState, KurrentDBClient, START } from "@kurrent/kurrentdb-client"
import { EventStore, EventStoreError, ExpectedVersion, type EventStore as Port, Scopes } from "@orga/event-store"
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
 * What the store needs of the client: its reads, subscription and appends (the client's own `KurrentDBClient`
 * has them all).
 *
 * @category models
 * @since 0.1.0
 */
export type Client = Pick<
  KurrentDBClient,
  "readStream" | "readAll" | "subscribeToAll" | "appendToStream" | "multiStreamAppend"
>

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
  /** How often `awaitPosition` reads the head (default 20 ms). */
  readonly pollInterval?: Duration.Input | undefined
  /**
   * The metadata key whose string value is an event's scope, for `readScope`. The server keeps no index of it:
   * `readScope` reads `$all` backwards and filters (correct, not bounded by the page; see the README).
   */
  readonly scopeKey?: string | undefined
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

/** What the server did with an append's requests: the revision of each stream written, or a known outcome. */
type Sent =
  | { readonly _tag: "Written"; readonly revisions: ReadonlyMap<string, bigint> }
  | { readonly _tag: "Failed"; readonly failure: ClientErrors.AppendFailure }
  | { readonly _tag: "Unsupported"; readonly error: EventStoreError.EventStoreError }

const request = (part: AppendStreamRequest): AppendStreamRequest => ({
  streamName: part.streamName,
  expectedState: part.expectedState,
  events: part.events
})

const makeWith = (options: Options, names: StreamNames.StreamNames): KurrentEventStoreShape => {
  const { client } = options
  const pollInterval = options.pollInterval ?? Duration.millis(20)
  const reader = LogReader.make(client, names)
  const { head, readAll, readStream, versionOf, positionAt, commandRecord, lastOfCommand, decode, filter } = reader

  const outcome = (written: Promise<ReadonlyMap<string, bigint>>) =>
    Effect.map(Effect.result(Effect.tryPromise({ try: () => written, catch: (error) => error })), (result): Sent => {
      if (result._tag === "Success") return { _tag: "Written", revisions: result.success }
      if (ClientErrors.isUnsupported(ClientErrors.normalize(result.failure))) {
        return { _tag: "Unsupported", error: ClientErrors.toStoreError("Append", result.failure) }
      }
      return { _tag: "Failed", failure: ClientErrors.classifyAppendFailure(names, result.failure) }
    })

  /** One stream's events, on any server. */
  const appendOne = (part: AppendStreamRequest) =>
    outcome(
      client
        .appendToStream(part.streamName, part.events, { streamState: part.expectedState as AppendStreamState })
        .then((result) => new Map([[part.streamName, result.nextExpectedRevision]]))
    )

  /** Several streams at once (KurrentDB 25.1 and later). */
  const appendMany = (parts: ReadonlyArray<AppendStreamRequest>) =>
    outcome(
      client
        .multiStreamAppend(parts.map(request))
        .then((result) => new Map(result.responses.map((response) => [response.streamName, response.revision])))
    )

  /** The original result of a stored command, read back from its record and its events. */
  const storedResult = (
    commandId: string
  ): Effect.Effect<Port.AppendResult | undefined, EventStoreError.EventStoreError> =>
    Effect.flatMap(commandRecord(commandId), (parts) =>
      parts === undefined
        ? Effect.succeed(undefined)
        : Effect.gen(function* () {
            const streams: Array<{ streamId: string; version: bigint }> = []
            let position = 0n
            for (const part of parts) {
              if (part.count === 0) {
                streams.push({ streamId: part.streamId, version: part.version ?? 0n })
                continue
              }
              const last = yield* lastOfCommand(part.streamId, commandId)
              if (last === undefined) {
                return yield* Effect.fail(
                  new EventStoreError.EventStoreError({
                    reason: "Corrupt",
                    message: `Command ${commandId} is recorded, but its events are not in ${part.streamId}.`
                  })
                )
              }
              streams.push({ streamId: part.streamId, version: last.version })
              if (last.position > position) position = last.position
            }
            return { streams, position, duplicate: true }
          })
    )

  const conflict = (
    appends: ReadonlyArray<Port.AppendToStream>,
    failure: { readonly streamId: string; readonly actual: bigint | undefined }
  ) =>
    Effect.flatMap(
      failure.actual === undefined ? versionOf(failure.streamId) : Effect.succeed(failure.actual),
      (actual) => {
        const expected = appends.find((append) => append.streamId === failure.streamId)?.expectedVersion
        return Effect.fail(
          new EventStoreError.WrongExpectedVersion({
            streamId: failure.streamId,
            expected: expected === undefined ? "?" : ExpectedVersion.describe(expected),
            actual
          })
        )
      }
    )

  const append: Port.EventStoreShape["append"] = (appends, appendOptions) =>
    Effect.gen(function* () {
      const invalid = AppendPlan.check(appends)
      if (invalid !== undefined) return yield* Effect.fail(invalid)
      const commandId = appendOptions?.commandId
      if (commandId !== undefined) {
        const stored = yield* storedResult(commandId)
        if (stored !== undefined) return stored
      }
      // The server checks the expectations of the streams it writes; the others are checked here, by a read.
      const checked = new Map<string, bigint>()
      for (const part of appends) {
        if (part.events.length > 0) continue
        const actual = yield* versionOf(part.streamId)
        if (!ExpectedVersion.isSatisfiedBy(part.expectedVersion, actual)) {
          return yield* conflict(appends, { streamId: part.streamId, actual })
        }
        checked.set(part.streamId, actual)
      }
      const plan = AppendPlan.plan(names, appends, { commandId, checked })
      if (plan.streams.length === 0) {
        const position = yield* head
        return {
          streams: appends.map(({ streamId }) => ({ streamId, version: checked.get(streamId)! })),
          position,
          duplicate: false
        }
      }
      const single = plan.streams.length === 1 ? plan.streams[0] : undefined
      let sent: Sent =
        single !== undefined && plan.command === undefined
          ? yield* appendOne(single)
          : yield* appendMany(plan.command === undefined ? plan.streams : [...plan.streams, plan.command])
      if (sent._tag === "Unsupported") {
        // Several streams: reason Unsupported, naming KurrentDB 25.1 (ClientErrors.toStoreError).
        if (single === undefined) return yield* Effect.fail(sent.error)
        // A command on an older server: its stream is where a first delivery would have put its events.
        const earlier = commandId === undefined ? undefined : yield* lastOfCommand(single.streamId, commandId)
        if (earlier !== undefined) {
          return {
            streams: [{ streamId: single.streamId, version: earlier.version }],
            position: earlier.position,
            duplicate: true
          }
        }
        sent = yield* appendOne(single)
      }
      if (sent._tag === "Failed") {
        const failure = sent.failure
        switch (failure._tag) {
          case "Conflict": {
            // A delivery of the same command may have landed in between: then its result is the answer.
            const stored = commandId === undefined ? undefined : yield* storedResult(commandId)
            if (stored !== undefined) return stored
            return yield* conflict(appends, failure)
          }
          case "CommandStored": {
            const stored = yield* storedResult(commandId!)
            if (stored !== undefined) return stored
            return yield* Effect.fail(
              new EventStoreError.EventStoreError({
                reason: "Corrupt",
                message: `Command ${commandId} conflicts with a record that cannot be read.`
              })
            )
          }
          case "Failed":
            return yield* Effect.fail(failure.error)
        }
      }
      if (sent._tag === "Unsupported") return yield* Effect.fail(sent.error)
      const revisions = sent.revisions
      const positions = yield* Effect.forEach(
        plan.streams,
        (part) => positionAt(part.streamId, revisions.get(part.streamName)!),
        { concurrency: "unbounded" }
      )
      const streams = appends.map(({ streamId }) => {
        const revision = revisions.get(names.application(streamId))
        return { streamId, version: revision === undefined ? checked.get(streamId)! : revision + 1n }
      })
      // Bigints: Math.max does not take them.
      let position = 0n
      for (const next of positions) if (next > position) position = next
      return { streams, position, duplicate: false }
    })

  const subscribe = (subscribeOptions: Port.SubscribeOptions) =>
    Stream.unwrap(
      Effect.map(
        Effect.suspend(() => {
          const from = LogReader.fromCheckpoint(subscribeOptions.after)
          return from instanceof EventStoreError.EventStoreError ? Effect.fail(from) : Effect.succeed(from)
        }),
        (from) =>
          Resubscription.events({
            open: (at) =>
              client.subscribeToAll({ fromPosition: at === "start" ? START : at, filter, requiresLeader: true }),
            from,
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

  const scopeKey = options.scopeKey
  const readScope: Port.EventStoreShape["readScope"] =
    scopeKey === undefined ? () => Effect.fail(Scopes.notIndexed()) : reader.readScope(scopeKey)

  return { names, append, readStream, readAll, readScope, subscribe, head, awaitPosition }
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
  readonly scopeKey?: string | undefined
}): Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError> =>
  Layer.effect(
    EventStore.EventStore,
    Effect.flatMap(connect(options.connectionString), (client) =>
      make({ client, namespace: options.namespace, scopeKey: options.scopeKey })
    )
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
