/**
 * Runs projections: catch up from the sink's checkpoint, then follow the log live, batch by batch.
 *
 * - Each batch is applied in one call to `sink.apply`, which writes the read model and the checkpoint
 *   together: a runner that stops (or crashes) resumes from the checkpoint without counting anything twice.
 * - Catching up reads the log in pages of `batchSize` with `readAll`; the live part follows `subscribe`
 *   from the checkpoint reached, applying every array the subscription emits as one batch.
 * - With a `lock`, at most one runner per projection name is active: others wait for the lock.
 * - `rebuild` empties the read model and replays the whole log (under the lock, so stop a live runner of
 *   the same projection first or the rebuild waits for it).
 *
 * There is no Effect per event: batches are plain arrays handed to the sink.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type { EventStoreShape } from "./EventStore.ts"
import type { EventStoreError } from "./EventStoreError.ts"
import type { ProjectionLockShape } from "./ProjectionLock.ts"
import { ProjectionError, type ProjectionSink } from "./ProjectionSink.ts"

/**
 * Options of a runner.
 *
 * @since 0.1.0
 */
export interface RunnerOptions<LE = never> {
  /** Events per batch while catching up (default 1000). */
  readonly batchSize?: number | undefined
  /** Makes the runner the only active one for its projection name. */
  readonly lock?: ProjectionLockShape<LE> | undefined
}

const defaultBatchSize = 1000

/**
 * Applies every event after the sink's checkpoint up to the log's current end; answers the checkpoint reached.
 *
 * @since 0.1.0
 */
export const catchUp = <E>(
  store: EventStoreShape,
  sink: ProjectionSink<E>,
  options: { readonly batchSize?: number | undefined } = {}
): Effect.Effect<bigint, E | EventStoreError> =>
  Effect.gen(function* () {
    const batchSize = Math.max(1, options.batchSize ?? defaultBatchSize)
    let checkpoint = yield* sink.checkpoint
    for (;;) {
      const batch = yield* store.readAll({ after: checkpoint, maxCount: batchSize })
      const last = batch[batch.length - 1]
      if (last === undefined) return checkpoint
      yield* sink.apply(batch)
      checkpoint = last.globalPosition
      if (batch.length < batchSize) return checkpoint
    }
  })

/**
 * Catches up, then follows the log live until interrupted, holding the projection's lock if one is given.
 *
 * @since 0.1.0
 */
export const run = <E, LE = never>(
  store: EventStoreShape,
  sink: ProjectionSink<E>,
  options: RunnerOptions<LE> = {}
): Effect.Effect<never, E | LE | EventStoreError | ProjectionError> =>
  Effect.scoped(
    Effect.gen(function* () {
      if (options.lock !== undefined) yield* options.lock.acquire(sink.name)
      const checkpoint = yield* catchUp(store, sink, options)
      yield* store
        .subscribe({ after: checkpoint, batchSize: options.batchSize ?? defaultBatchSize })
        .pipe(Stream.runForEachArray((batch) => sink.apply(batch)))
      return yield* Effect.fail(
        new ProjectionError({
          projection: sink.name,
          reason: "SubscriptionEnded",
          message: `The subscription of projection ${sink.name} ended`
        })
      )
    })
  )

/**
 * Empties the read model and replays the whole log into it, under the lock if one is given; answers the
 * checkpoint reached.
 *
 * @since 0.1.0
 */
export const rebuild = <E, LE = never>(
  store: EventStoreShape,
  sink: ProjectionSink<E>,
  options: RunnerOptions<LE> = {}
): Effect.Effect<bigint, E | LE | EventStoreError> =>
  Effect.scoped(
    Effect.gen(function* () {
      if (options.lock !== undefined) yield* options.lock.acquire(sink.name)
      yield* sink.reset
      return yield* catchUp(store, sink, options)
    })
  )

/**
 * Waits until the sink's checkpoint reaches `position` (a command's result position), so that a query
 * after a command sees its effect. Fails with reason `Timeout` after `timeout` (default 30 seconds).
 *
 * @since 0.1.0
 */
export const awaitCheckpoint = <E>(
  sink: ProjectionSink<E>,
  position: bigint,
  options: { readonly timeout?: Duration.Input | undefined; readonly interval?: Duration.Input | undefined } = {}
): Effect.Effect<void, E | ProjectionError> =>
  sink.checkpoint.pipe(
    Effect.repeat({
      schedule: Schedule.spaced(options.interval ?? Duration.millis(5)),
      until: (checkpoint: bigint) => checkpoint >= position
    }),
    Effect.asVoid,
    Effect.timeoutOrElse({
      duration: options.timeout ?? Duration.seconds(30),
      orElse: () =>
        Effect.fail(
          new ProjectionError({
            projection: sink.name,
            reason: "Timeout",
            message: `Projection ${sink.name} did not reach position ${position} in time`
          })
        )
    })
  )
