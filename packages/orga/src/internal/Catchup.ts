/**
 * Keeps in-memory read models up to date with the log: rebuilds them from the whole log at start (plain
 * batched reads, the fastest path), then follows a catch-up subscription. Callers that just appended wait
 * with `awaitPosition` until the read models have folded their own events (read-your-writes).
 *
 * @since 0.1.0
 */
import {
  type EventStore,
  type EventStoreError,
  ProjectionRunner,
  type ProjectionSink,
  type ReplayPage
} from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Replay from "../Replay.ts"

/**
 * Where the read models stand and how to wait for them.
 *
 * @since 0.1.0
 */
export interface Catchup {
  /** Global position of the last event folded into the read models. */
  readonly position: () => bigint
  /** Waits until every event up to `position` is folded. */
  readonly awaitPosition: (position: bigint) => Effect.Effect<void>
  /** How many events the start-up rebuild folded, how long it took, and how much of it was folding (ms). */
  readonly rebuild: {
    readonly events: number
    readonly millis: number
    readonly foldMillis: number
    /** The position of the snapshot the start-up loaded (`null`: none, the whole log was replayed). */
    readonly snapshotPosition: bigint | null
  }
}

/**
 * Starts the read models: rebuild from the log, then follow it live for the life of the scope.
 * `apply` folds a batch of events, in global order, into the read models.
 *
 * The read models are a `ProjectionSink` of the kernel's `ProjectionRunner`, whose checkpoint is the position
 * folded in memory: the runner reads what the replay left (or the whole log, without a replay reader), then
 * follows the subscription. The start-up replay folds pages on its own, faster than `readAll` (ADR 0021).
 *
 * @since 0.1.0
 */
export const start = (
  store: EventStore.EventStoreShape,
  apply: (events: ReadonlyArray<EventStore.RecordedEvent>) => void,
  options: {
    readonly batchSize?: number
    /** The store's replay reader and the fold of its pages: the rebuild uses them instead of `readAll`. */
    readonly replay?: {
      readonly pages: Replay.ReplayShape["pages"]
      readonly apply: (page: ReplayPage.ReplayPage) => void
    }
    /** Puts a snapshot in place of the read models first (ADR 0056): answers its position, or none. */
    readonly snapshot?: Effect.Effect<bigint | undefined> | undefined
  } = {}
): Effect.Effect<Catchup, EventStoreError.EventStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const batchSize = options.batchSize ?? 10_000
    let position = 0n
    let rebuilt = 0
    let foldMillis = 0
    let rebuilding = true
    const started = performance.now()
    const fromSnapshot = options.snapshot === undefined ? undefined : yield* options.snapshot
    if (fromSnapshot !== undefined) position = fromSnapshot

    // Waiters resolved as the position moves forward.
    let waiters: Array<{ readonly position: bigint; readonly resume: () => void }> = []
    const release = () => {
      if (waiters.length === 0) return
      const still: typeof waiters = []
      for (const waiter of waiters) {
        if (waiter.position <= position) waiter.resume()
        else still.push(waiter)
      }
      waiters = still
    }

    const sink: ProjectionSink.ProjectionSink<never> = {
      name: "orga-read-models",
      checkpoint: Effect.sync(() => position),
      apply: (events) =>
        Effect.sync(() => {
          if (events.length === 0) return
          const folding = performance.now()
          apply(events)
          if (rebuilding) {
            foldMillis += performance.now() - folding
            rebuilt += events.length
          }
          position = events[events.length - 1]!.globalPosition
          release()
        }),
      // The read models live as long as the process: they are rebuilt by starting again, never emptied.
      reset: Effect.void
    }

    const replay = options.replay
    if (replay !== undefined) {
      yield* Stream.runForEach(replay.pages(position), (page) =>
        Effect.sync(() => {
          const folding = performance.now()
          replay.apply(page)
          foldMillis += performance.now() - folding
          rebuilt += page.data.length
          position = page.lastPosition
        })
      )
    }
    // Without a replay reader, the whole log; with one, whatever was appended while it ran (usually nothing).
    yield* ProjectionRunner.catchUp(store, sink, { batchSize })
    rebuilding = false
    const rebuild = {
      events: rebuilt,
      millis: performance.now() - started,
      foldMillis,
      snapshotPosition: fromSnapshot ?? null
    }

    // Follow the log live; if the subscription fails (a lost connection), the runner starts again from where
    // the read models stand, so they never freeze and waiters are eventually released.
    yield* ProjectionRunner.run(store, sink, { batchSize }).pipe(
      Effect.retry(Schedule.spaced("200 millis")),
      Effect.forkScoped
    )

    const awaitPosition = (target: bigint): Effect.Effect<void> =>
      Effect.suspend(() =>
        target <= position
          ? Effect.void
          : Effect.callback<void>((resume) => {
              waiters.push({ position: target, resume: () => resume(Effect.void) })
            })
      )

    return { position: () => position, awaitPosition, rebuild } satisfies Catchup
  })
