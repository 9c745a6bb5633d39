/**
 * The command handler: load the streams a decision needs, fold them through a decider, append what it
 * decides with optimistic concurrency, and retry when another writer got there first.
 *
 * - Every written stream is appended with `exact(version it was loaded at)`, all in one atomic append.
 * - On `WrongExpectedVersion` the whole load → decide → append cycle runs again, following the retry
 *   schedule (bounded and jittered by default). Domain errors from `decide` are returned typed, never retried.
 * - With a `commandId`, a re-delivered command appends nothing: if the loaded streams already hold events of
 *   that command, the handler answers them (`duplicate: true`) without deciding again; the store's own
 *   check covers the race where the first delivery lands between load and append.
 * - Streams that are read but receive no event are not checked at append time: to guard an invariant that
 *   spans streams, the decision writes to every stream it relies on (e.g. a reservation stream).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Semaphore from "effect/Semaphore"
import type { EventCodec, EventCodecError } from "./EventCodec.ts"
import type { AppendToStream, EventStoreShape, RecordedEvent } from "./EventStore.ts"
import { type EventStoreError, WrongExpectedVersion } from "./EventStoreError.ts"
import * as ExpectedVersion from "./ExpectedVersion.ts"

/**
 * A decider over one stream (the same shape as `@orga/domain`'s `Decider`).
 *
 * @since 0.1.0
 */
export interface Decider<in C, in out S, in out E, out Err> {
  readonly initialState: S
  readonly evolve: (state: S, event: E) => S
  readonly decide: (command: C, state: S) => Result.Result<ReadonlyArray<E>, Err>
}

/**
 * Events decided for one stream.
 *
 * @since 0.1.0
 */
export interface StreamEvents<E> {
  readonly streamId: string
  readonly events: ReadonlyArray<E>
}

/**
 * A decider over several streams: the events of every loaded stream are folded in global order into one
 * state (`evolve` is told each event's stream), and `decide` says which events go to which stream (each
 * one a loaded stream).
 *
 * @since 0.1.0
 */
export interface MultiStreamDecider<in C, in out S, in out E, out Err> {
  readonly initialState: S
  readonly evolve: (state: S, event: E, streamId: string) => S
  readonly decide: (command: C, state: S) => Result.Result<ReadonlyArray<StreamEvents<E>>, Err>
}

/**
 * What a handler needs.
 *
 * @since 0.1.0
 */
export interface CommandHandlerConfig<E extends { readonly _tag: string }> {
  readonly store: EventStoreShape
  readonly codec: EventCodec<E>
  /** When to try again after `WrongExpectedVersion` (default `defaultRetry`). */
  readonly retry?: Schedule.Schedule<unknown, unknown> | undefined
}

/**
 * Options of one command.
 *
 * @since 0.1.0
 */
export interface HandleOptions {
  /** Identifies the command for idempotent re-delivery. */
  readonly commandId?: string | undefined
  /** Metadata added to every event (actor, causation, correlation, ...). */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined
}

/**
 * What a handled command did.
 *
 * @since 0.1.0
 */
export interface CommandResult<E> {
  /** The global position to await for read-your-writes (the last event decided, or the last one loaded). */
  readonly position: bigint
  /** The events the command stored (for a duplicate: the events of its first delivery, when loaded). */
  readonly events: ReadonlyArray<E>
  /** Each written stream with its version after the append. */
  readonly streams: ReadonlyArray<{ readonly streamId: string; readonly version: bigint }>
  /** True when the command id was already stored and nothing was appended. */
  readonly duplicate: boolean
  /** How many load → decide → append cycles ran (1 without contention). */
  readonly attempts: number
}

/**
 * Every way a command can fail: the decider's own errors, or the store's and the codec's.
 *
 * @since 0.1.0
 */
export type CommandError<Err> = Err | WrongExpectedVersion | EventStoreError | EventCodecError

/**
 * The default retry: exponential from 2 ms, capped at 50 ms, jittered, at most 30 retries.
 *
 * @since 0.1.0
 */
export const defaultRetry: Schedule.Schedule<unknown, unknown> = Schedule.min([
  Schedule.exponential("2 millis", 1.5),
  Schedule.spaced("50 millis")
]).pipe(Schedule.jittered, Schedule.upTo({ times: 30 }))

/**
 * A handler for commands on one stream: `handle(streamId, command, options?)`.
 *
 * @since 0.1.0
 */
export const make = <C, S, E extends { readonly _tag: string }, Err>(
  config: CommandHandlerConfig<E>,
  decider: Decider<C, S, E, Err>
): ((streamId: string, command: C, options?: HandleOptions) => Effect.Effect<CommandResult<E>, CommandError<Err>>) => {
  const handle = makeMultiStream(config, {
    initialState: decider.initialState,
    evolve: decider.evolve,
    decide: (command: readonly [string, C], state: S) =>
      Result.map(decider.decide(command[1], state), (events) => [{ streamId: command[0], events }])
  })
  return (streamId, command, options) => handle([streamId], [streamId, command], options)
}

/**
 * A handler for decisions over several streams: `handle(streamIds, command, options?)` loads `streamIds`,
 * and appends the decided events of every stream atomically.
 *
 * @since 0.1.0
 */
export const makeMultiStream = <C, S, E extends { readonly _tag: string }, Err>(
  config: CommandHandlerConfig<E>,
  decider: MultiStreamDecider<C, S, E, Err>
): ((
  streamIds: ReadonlyArray<string>,
  command: C,
  options?: HandleOptions
) => Effect.Effect<CommandResult<E>, CommandError<Err>>) => {
  const { store, codec } = config
  const retry = config.retry ?? defaultRetry

  /** The events of a command found among loaded events, as a duplicate result. */
  const duplicateOf = (loaded: ReadonlyArray<RecordedEvent>, commandId: string, attempts: number) =>
    Effect.gen(function* () {
      const own = loaded
        .filter((event) => event.commandId === commandId)
        .sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1))
      if (own.length === 0) return undefined
      const versions = new Map<string, bigint>()
      let position = 0n
      for (const event of own) {
        versions.set(event.streamId, event.streamVersion)
        if (event.globalPosition > position) position = event.globalPosition
      }
      const result: CommandResult<E> = {
        position,
        events: yield* codec.decodeAll(own),
        streams: [...versions].map(([streamId, version]) => ({ streamId, version })),
        duplicate: true,
        attempts
      }
      return result
    })

  return (requestedStreamIds, command, options = {}) => {
    // A stream named twice is loaded (and folded) once.
    const streamIds = [...new Set(requestedStreamIds)]
    let attempts = 0
    const once: Effect.Effect<CommandResult<E>, CommandError<Err>> = Effect.gen(function* () {
      attempts += 1
      const loadedStreams = yield* Effect.forEach(streamIds, (streamId) => store.readStream(streamId), {
        concurrency: streamIds.length > 1 ? "unbounded" : 1
      })
      const versions = new Map<string, bigint>()
      const loaded: Array<RecordedEvent> = []
      let lastLoaded = 0n
      streamIds.forEach((streamId, index) => {
        const events = loadedStreams[index] ?? []
        versions.set(streamId, BigInt(events.length))
        for (const event of events) {
          loaded.push(event)
          if (event.globalPosition > lastLoaded) lastLoaded = event.globalPosition
        }
      })
      if (streamIds.length > 1) loaded.sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1))

      if (options.commandId !== undefined) {
        const duplicate = yield* duplicateOf(loaded, options.commandId, attempts)
        if (duplicate !== undefined) return duplicate
      }

      let state = decider.initialState
      for (const event of loaded) {
        const decoded = codec.decodeResult(event)
        if (Result.isFailure(decoded)) return yield* Effect.fail(decoded.failure)
        state = decider.evolve(state, decoded.success, event.streamId)
      }

      const decided = decider.decide(command, state)
      if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)

      const perStream = new Map<string, Array<E>>()
      for (const { streamId, events } of decided.success) {
        if (!versions.has(streamId)) {
          return yield* Effect.die(
            new Error(
              `CommandHandler: the decision writes to ${streamId}, which was not loaded (${streamIds.join(", ")})`
            )
          )
        }
        if (events.length === 0) continue
        const list = perStream.get(streamId) ?? []
        list.push(...events)
        perStream.set(streamId, list)
      }
      if (perStream.size === 0) {
        const nothing: CommandResult<E> = { position: lastLoaded, events: [], streams: [], duplicate: false, attempts }
        return nothing
      }

      const appends: Array<AppendToStream> = []
      const events: Array<E> = []
      for (const [streamId, streamEvents] of perStream) {
        const encoded = yield* codec.encodeAll(streamEvents, { metadata: options.metadata })
        appends.push({
          streamId,
          expectedVersion: ExpectedVersion.exact(versions.get(streamId) ?? 0n),
          events: encoded
        })
        events.push(...streamEvents)
      }
      const appended = yield* store.append(appends, { commandId: options.commandId })
      if (appended.duplicate && options.commandId !== undefined) {
        const original = yield* Effect.forEach(appended.streams, (stream) => store.readStream(stream.streamId))
        const duplicate = yield* duplicateOf(original.flat(), options.commandId, attempts)
        if (duplicate !== undefined) return { ...duplicate, position: appended.position }
      }
      const result: CommandResult<E> = {
        position: appended.position,
        events: appended.duplicate ? [] : events,
        streams: appended.streams,
        duplicate: appended.duplicate,
        attempts
      }
      return result
    })
    return once.pipe(Effect.retry({ schedule: retry, while: (error) => error instanceof WrongExpectedVersion }))
  }
}

/**
 * One stream of a decision: the version its state was read at, and the events it receives (none for a stream
 * the decision only read: its version is still checked, so the decision holds only if nobody wrote there).
 *
 * @category models
 * @since 0.1.0
 */
export interface DecidedStream<E> {
  readonly streamId: string
  /** What the stream must still be at append time (`exact(version read)`; `any` for a write that cannot conflict). */
  readonly expected: ExpectedVersion.ExpectedVersion
  readonly events: ReadonlyArray<E>
}

/**
 * A decision taken on states the caller keeps (in-memory read models, a snapshot, ...), not loaded by the
 * handler: every stream it read or writes, with the version it read, and what the command answers.
 *
 * @category models
 * @since 0.1.0
 */
export interface Decision<E, A> {
  readonly streams: ReadonlyArray<DecidedStream<E>>
  readonly answer: A
  /** Metadata of this attempt's events (its time, ...), beside the options' metadata. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined
}

/**
 * What a decision handler needs beyond the store and the codec.
 *
 * @category models
 * @since 0.1.0
 */
export interface DecisionHandlerConfig<E extends { readonly _tag: string }> extends CommandHandlerConfig<E> {
  /**
   * The events of a command already stored, if the caller knows them (e.g. from the read models' catch-up):
   * checked before deciding, so a re-delivered command answers its first outcome even when deciding again
   * would now refuse it (an account registered twice). Without it, or when it answers nothing, the store's
   * own command-id check still keeps a re-delivered command from appending twice.
   */
  readonly storedCommand?:
    | ((commandId: string) => Effect.Effect<ReadonlyArray<E> | undefined, EventStoreError | EventCodecError>)
    | undefined
}

/**
 * Options of one decision.
 *
 * @category models
 * @since 0.1.0
 */
export interface DecideOptions<E, A> extends HandleOptions {
  /** The answer of a re-delivered command, from the events its first delivery stored. */
  readonly replay: (events: ReadonlyArray<E>) => A
}

/**
 * What a decision did.
 *
 * @category models
 * @since 0.1.0
 */
export interface DecisionResult<E, A> extends CommandResult<E> {
  readonly answer: A
}

/**
 * A handler for decisions taken on states the caller keeps: `run(decide, options)` runs `decide` (which reads
 * its states, fresh, each time it runs), appends every decided stream atomically with the version it was read
 * at (read-only streams included), and on `WrongExpectedVersion` runs `decide` again, following the retry
 * schedule. A command that conflicted on a stream runs its next attempts in that stream's in-process queue, one
 * at a time with the other commands of this handler that conflicted there (a burst on one stream becomes a queue,
 * ADR 0038). With a `commandId`, a re-delivered command appends nothing and answers `replay` of its first
 * events. Domain errors of `decide` are returned typed, never retried.
 *
 * This is the form the front door uses: its deciders run on in-memory read models kept by a catch-up, so a
 * decision costs no read of the store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeDecisions = <E extends { readonly _tag: string }>(config: DecisionHandlerConfig<E>) => {
  const lanes = makeLanes()
  return <A, Err, R>(
    decide: Effect.Effect<Decision<E, A>, Err, R>,
    options: DecideOptions<E, A>
  ): Effect.Effect<DecisionResult<E, A>, CommandError<Err>, R> => {
    const { store, codec } = config
    const retry = config.retry ?? defaultRetry
    const commandId = options.commandId
    let attempts = 0
    // The stream this command last conflicted on: its next attempts queue behind the other commands of this
    // handler that conflicted there, instead of racing them again.
    let lane: string | undefined

    const duplicate = (events: ReadonlyArray<E>, position: bigint, streams: CommandResult<E>["streams"]) => {
      const result: DecisionResult<E, A> = {
        position,
        events,
        streams,
        duplicate: true,
        attempts,
        answer: options.replay(events)
      }
      return result
    }

    const once: Effect.Effect<DecisionResult<E, A>, CommandError<Err>, R> = Effect.gen(function* () {
      attempts += 1
      if (commandId !== undefined && config.storedCommand !== undefined) {
        const stored = yield* config.storedCommand(commandId)
        if (stored !== undefined) return duplicate(stored, yield* store.head, [])
      }
      const decision = yield* decide
      const appends: Array<AppendToStream> = []
      const events: Array<E> = []
      for (const stream of decision.streams) {
        const encoded = yield* codec.encodeAll(stream.events, {
          metadata: decision.metadata === undefined ? options.metadata : { ...options.metadata, ...decision.metadata }
        })
        appends.push({ streamId: stream.streamId, expectedVersion: stream.expected, events: encoded })
        events.push(...stream.events)
      }
      if (events.length === 0) {
        // Nothing to write: the decision stands on what was read (no append, hence no check).
        const nothing: DecisionResult<E, A> = {
          position: yield* store.head,
          events: [],
          streams: [],
          duplicate: false,
          attempts,
          answer: decision.answer
        }
        return nothing
      }
      const appended = yield* store.append(appends, { commandId })
      if (appended.duplicate && commandId !== undefined) {
        const original = yield* Effect.forEach(appended.streams, (stream) => store.readStream(stream.streamId))
        const own = original
          .flat()
          .filter((event) => event.commandId === commandId)
          .sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1))
        return duplicate(yield* codec.decodeAll(own), appended.position, appended.streams)
      }
      const result: DecisionResult<E, A> = {
        position: appended.position,
        events,
        streams: appended.streams.filter((stream) => appends.some((a) => a.streamId === stream.streamId)),
        duplicate: false,
        attempts,
        answer: decision.answer
      }
      return result
    })
    const attempt = Effect.suspend(() => (lane === undefined ? once : lanes.run(lane, once))).pipe(
      Effect.tapError((error) =>
        Effect.sync(() => {
          if (error instanceof WrongExpectedVersion) lane = error.streamId
        })
      )
    )
    return attempt.pipe(Effect.retry({ schedule: retry, while: (error) => error instanceof WrongExpectedVersion }))
  }
}

/**
 * In-process queues, one per contended stream: a command that conflicted on a stream runs its next attempts
 * one at a time with the other commands that conflicted there (a burst on one stream becomes a queue of
 * decisions that each see the previous one, instead of every writer deciding again on the same stale state).
 * A queue exists while someone waits in it, so the map holds only the streams contended right now.
 */
const makeLanes = () => {
  const queues = new Map<string, { readonly semaphore: Semaphore.Semaphore; users: number }>()
  const run = <A, Err, R>(streamId: string, effect: Effect.Effect<A, Err, R>): Effect.Effect<A, Err, R> =>
    Effect.suspend(() => {
      let queue = queues.get(streamId)
      if (queue === undefined) {
        queue = { semaphore: Semaphore.makeUnsafe(1), users: 0 }
        queues.set(streamId, queue)
      }
      const entered = queue
      entered.users += 1
      return entered.semaphore
        .withPermits(1)(effect)
        .pipe(
          Effect.ensuring(
            Effect.sync(() => {
              entered.users -= 1
              if (entered.users === 0 && queues.get(streamId) === entered) queues.delete(streamId)
            })
          )
        )
    })
  return { run }
}
