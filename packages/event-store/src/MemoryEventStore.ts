/**
 * The in-memory event store: the reference implementation of the port, for unit tests and for users who
 * test their own code against Orga without a database.
 *
 * Everything happens synchronously inside one `Effect.sync`, so every append is atomic and positions are
 * consecutive by construction. Events are kept by reference: do not mutate data after appending it.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type {
  AppendOptions,
  AppendResult,
  AppendToStream,
  EventStoreShape,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions
} from "./EventStore.ts"
import { EventStore } from "./EventStore.ts"
import { EventStoreError, WrongExpectedVersion } from "./EventStoreError.ts"
import * as ExpectedVersion from "./ExpectedVersion.ts"
import * as Scopes from "./Scopes.ts"

/**
 * Options of a new in-memory store.
 *
 * @since 0.1.0
 */
export interface MakeOptions {
  /** The global position of the first event (default 1n). */
  readonly initialPosition?: bigint | undefined
  /** The metadata key whose string value is an event's scope, for `readScope` (none: `readScope` fails). */
  readonly scopeKey?: string | undefined
}

/** How long `awaitPosition` waits when the caller gives no timeout. */
const defaultAwaitTimeout = Duration.seconds(30)

/**
 * Makes an empty in-memory store.
 *
 * @since 0.1.0
 */
export const make = (options: MakeOptions = {}): Effect.Effect<EventStoreShape> =>
  Effect.sync(() => makeUnsafe(options))

/**
 * Makes an empty in-memory store outside of an effect.
 *
 * @since 0.1.0
 */
export const makeUnsafe = (options: MakeOptions = {}): EventStoreShape => {
  const initialPosition = options.initialPosition ?? 1n
  /** The log: the event at index i has position initialPosition + i. */
  const log: Array<RecordedEvent> = []
  const streams = new Map<string, Array<RecordedEvent>>()
  const eventIds = new Set<string>()
  const commands = new Map<string, AppendResult>()
  /** Each scope's events, in log order (appends only add at the end, so each list is sorted by position). */
  const scopes = new Map<string, Array<RecordedEvent>>()
  const scopeKey = options.scopeKey
  /** Callbacks of readers waiting for the next append (subscriptions, awaitPosition). */
  let waiters = new Set<() => void>()

  const headUnsafe = (): bigint => (log.length === 0 ? 0n : initialPosition + BigInt(log.length - 1))

  /** The log's index of the first event strictly after `checkpoint`. */
  const indexAfter = (checkpoint: bigint): number =>
    checkpoint < initialPosition ? 0 : Number(checkpoint - initialPosition + 1n)

  const notify = () => {
    if (waiters.size === 0) return
    const woken = waiters
    waiters = new Set()
    for (const wake of woken) wake()
  }

  /** Completes at the next append (or at once if the log already reaches past `checkpoint`). */
  const nextAppend = (checkpoint: bigint): Effect.Effect<void> =>
    Effect.callback<void>((resume) => {
      if (indexAfter(checkpoint) < log.length) return resume(Effect.void)
      const wake = () => resume(Effect.void)
      waiters.add(wake)
      return Effect.sync(() => {
        waiters.delete(wake)
      })
    })

  const appendUnsafe = (
    appends: ReadonlyArray<AppendToStream>,
    options?: AppendOptions
  ): AppendResult | WrongExpectedVersion | EventStoreError => {
    const commandId = options?.commandId
    if (commandId !== undefined) {
      const previous = commands.get(commandId)
      if (previous !== undefined) return { ...previous, duplicate: true }
    }
    const seenInCall = new Set<string>()
    for (const append of appends) {
      const actual = BigInt(streams.get(append.streamId)?.length ?? 0)
      if (!ExpectedVersion.isSatisfiedBy(append.expectedVersion, actual)) {
        return new WrongExpectedVersion({
          streamId: append.streamId,
          expected: ExpectedVersion.describe(append.expectedVersion),
          actual
        })
      }
      for (const event of append.events) {
        if (eventIds.has(event.id) || seenInCall.has(event.id)) {
          return new EventStoreError({
            reason: "DuplicateEventId",
            message: `Event id ${event.id} is already stored (stream ${append.streamId}).`
          })
        }
        seenInCall.add(event.id)
      }
    }
    const recordedAt = new Date()
    const resultStreams: Array<{ streamId: string; version: bigint }> = []
    for (const append of appends) {
      let stream = streams.get(append.streamId)
      if (stream === undefined) {
        stream = []
        streams.set(append.streamId, stream)
      }
      for (const event of append.events) {
        const recorded: RecordedEvent = {
          id: event.id,
          streamId: append.streamId,
          type: event.type,
          data: event.data,
          metadata: event.metadata ?? {},
          streamVersion: BigInt(stream.length + 1),
          globalPosition: initialPosition + BigInt(log.length),
          recordedAt,
          commandId: commandId ?? null
        }
        stream.push(recorded)
        log.push(recorded)
        const scope = Scopes.scopeOf(event.metadata, scopeKey)
        if (scope !== undefined) {
          const list = scopes.get(scope)
          if (list === undefined) scopes.set(scope, [recorded])
          else list.push(recorded)
        }
        eventIds.add(event.id)
      }
      resultStreams.push({ streamId: append.streamId, version: BigInt(stream.length) })
    }
    const result: AppendResult = { streams: resultStreams, position: headUnsafe(), duplicate: false }
    if (commandId !== undefined) commands.set(commandId, result)
    notify()
    return result
  }

  const append: EventStoreShape["append"] = (appends, options) =>
    Effect.suspend(() => {
      const outcome = appendUnsafe(appends, options)
      return outcome instanceof WrongExpectedVersion || outcome instanceof EventStoreError
        ? Effect.fail(outcome)
        : Effect.succeed(outcome)
    })

  const readStream = (streamId: string, options: ReadStreamOptions = {}) =>
    Effect.sync((): ReadonlyArray<RecordedEvent> => {
      const stream = streams.get(streamId)
      if (stream === undefined) return []
      const after = options.after === undefined || options.after < 0n ? 0 : Number(options.after)
      const end = options.maxCount === undefined ? stream.length : after + Math.max(0, options.maxCount)
      return stream.slice(after, end)
    })

  const readAllUnsafe = (options: ReadAllOptions): ReadonlyArray<RecordedEvent> => {
    const start = indexAfter(options.after)
    return log.slice(start, start + Math.max(0, options.maxCount))
  }

  const readAll = (options: ReadAllOptions) => Effect.sync(() => readAllUnsafe(options))

  const readScope: EventStoreShape["readScope"] = (scope, { before, maxCount }) =>
    Effect.suspend(() => {
      if (scopeKey === undefined) return Effect.fail(Scopes.notIndexed())
      const list = scopes.get(scope) ?? []
      // The first index at or above `before` (binary search: the list is sorted by position).
      let end = list.length
      if (before !== undefined) {
        let low = 0
        while (low < end) {
          const middle = (low + end) >>> 1
          if (list[middle]!.globalPosition < before) low = middle + 1
          else end = middle
        }
      }
      const count = Math.min(end, Scopes.countOf(maxCount))
      return Effect.succeed(list.slice(end - count, end).reverse())
    })

  const subscribe = (options: SubscribeOptions): Stream.Stream<RecordedEvent, EventStoreError> => {
    const batchSize = Math.max(1, options.batchSize ?? 1000)
    return Stream.paginate(options.after, (checkpoint: bigint) =>
      nextAppend(checkpoint).pipe(
        Effect.map(() => {
          const batch = readAllUnsafe({ after: checkpoint, maxCount: batchSize })
          const last = batch[batch.length - 1]
          return [batch, Option.some(last === undefined ? checkpoint : last.globalPosition)] as const
        })
      )
    )
  }

  const awaitPosition: EventStoreShape["awaitPosition"] = (position, timeout) => {
    const reached: Effect.Effect<void> = Effect.suspend(() =>
      headUnsafe() >= position || position < initialPosition
        ? Effect.void
        : nextAppend(headUnsafe()).pipe(Effect.flatMap(() => reached))
    )
    return reached.pipe(
      Effect.timeoutOrElse({
        duration: timeout ?? defaultAwaitTimeout,
        orElse: () =>
          Effect.fail(
            new EventStoreError({
              reason: "Timeout",
              message: `Position ${position} was not reached in time (head is ${headUnsafe()}).`
            })
          )
      })
    )
  }

  return {
    append,
    readStream,
    readAll,
    readScope,
    subscribe,
    head: Effect.sync(headUnsafe),
    awaitPosition
  }
}

/**
 * A layer providing a fresh, empty in-memory `EventStore`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<EventStore> = Layer.effect(EventStore, make())
