/**
 * Where a follower instance (`PartitionCache`) reads from (issue 17): the router and the checkpoint of the
 * partitioned projection, its rows by key, and the log's tail. Two sources: one over a `PartitionedSink` and an
 * `EventStore` (the stored rows), and one in memory over a log, whose rows are `Partitions.split` of a full fold at
 * a projected position the test moves (the reference the cache must equal).
 *
 * @since 0.3.0
 */
import {
  type EventStore,
  PartitionedProjection as Kernel,
  type PartitionedProjection,
  ProjectionSink as Sink
} from "@orga/event-store"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { StoredEvent } from "./Domain.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
import * as Partitions from "./Partitions.ts"
import * as ReadModels from "./ReadModels.ts"

/**
 * A source failed (its store, or rows that do not decode), or the projection did not reach a position in time.
 *
 * @category errors
 * @since 0.3.0
 */
export class PartitionCacheError extends Data.TaggedError("PartitionCacheError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * What a follower reads: the projection's checkpoint, its router (with the checkpoint it stands at), its rows, and
 * the events of the log after a position.
 *
 * @category models
 * @since 0.3.0
 */
export interface Source {
  /** The position the projection's rows stand at. */
  readonly checkpoint: Effect.Effect<bigint, PartitionCacheError>
  /** The stored router (a fresh copy) and the checkpoint it stands at, read together. */
  readonly router: Effect.Effect<
    { readonly router: PartitionRouter.Router; readonly checkpoint: bigint },
    PartitionCacheError
  >
  /**
   * The states of the rows of `keys` that exist (fresh copies: the cache folds into them) and the checkpoint they
   * stand at, read together.
   */
  readonly rows: (keys: ReadonlyArray<PartitionRouter.Key>) => Effect.Effect<
    {
      readonly checkpoint: bigint
      readonly rows: ReadonlyMap<PartitionRouter.Key, Partitions.PartitionState>
    },
    PartitionCacheError
  >
  /**
   * Every partition key with a row (what a call needing every school loads), read from the rows when the
   * source can list them.
   */
  readonly keys?: Effect.Effect<ReadonlyArray<PartitionRouter.Key>, PartitionCacheError> | undefined
  /** The events after `after` in log order, at most `maxCount`. */
  readonly tail: (
    after: bigint,
    maxCount: number
  ) => Effect.Effect<ReadonlyArray<EventStore.RecordedEvent>, PartitionCacheError>
}

const wrap =
  (what: string) =>
  (cause: unknown): PartitionCacheError =>
    new PartitionCacheError({
      message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause
    })

/**
 * A source over a partitioned projection's sink and the log. The router and the rows come each from one consistent
 * read of the sink (`readRouter`, `readAt`) with the checkpoint they stand at, so a busy leader never makes a
 * follower read again. `decode` turns the events' stored data into what the read models fold (the codec's upcast
 * included).
 *
 * @category constructors
 * @since 0.3.0
 */
export const fromSink = (options: {
  readonly sink: PartitionedProjection.PartitionedSink<Partitions.PartitionState>
  readonly store: EventStore.EventStoreShape
}): Source => {
  const { sink, store } = options
  return {
    checkpoint: sink.checkpoint.pipe(Effect.mapError(wrap("Reading the projection's checkpoint"))),
    // The stored router may stand behind the checkpoint (the leader writes it now and then): the events between
    // are routed into it from the log, as the leader's fold routes them.
    router: sink.readRouter.pipe(
      Effect.mapError(wrap("Reading the router")),
      Effect.flatMap((at) =>
        Effect.map(
          Kernel.catchUpRouter(
            {
              name: sink.name,
              decodeEvent: Sink.recordedEvents,
              router: {
                initial: PartitionRouter.make(),
                route: (router, event) => {
                  PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
                  return router
                },
                encode: PartitionRouter.encode,
                decode: PartitionRouter.decode
              }
            },
            at,
            store.readAll
          ).pipe(Effect.mapError(wrap("Bringing the router to the checkpoint"))),
          (router) => ({ router, checkpoint: at.checkpoint })
        )
      )
    ),
    rows: (keys) =>
      sink.readAt(keys).pipe(
        Effect.map(({ checkpoint, rows }) => ({
          checkpoint,
          rows: new Map(rows.map((row) => [row.key, row.state] as const))
        })),
        Effect.mapError(wrap("Reading partition rows"))
      ),
    keys: sink.keys.pipe(
      // The router's row is stored under a key no partition has (no kind prefix).
      Effect.map((keys) => keys.filter((key) => key.includes(":"))),
      Effect.mapError(wrap("Listing partition rows"))
    ),
    tail: (after, maxCount) => store.readAll({ after, maxCount }).pipe(Effect.mapError(wrap("Reading the log's tail")))
  }
}

/**
 * An in-memory source over a log (its events' data already stored events): the projection stands at `projected`
 * (the head unless moved), its rows are `Partitions.split` of a full fold up to there, encoded and decoded as a
 * store would hand them over. `append` adds events to the log; `project` moves the projection.
 *
 * @category constructors
 * @since 0.3.0
 */
export const memory = (
  log: ReadonlyArray<EventStore.RecordedEvent>,
  options: ReadModels.MakeOptions = {}
): {
  readonly source: Source
  readonly append: (events: ReadonlyArray<EventStore.RecordedEvent>) => void
  readonly project: (position: bigint) => void
  /** Every row at the projected position, encoded (the reference). */
  readonly rowsAt: (position: bigint) => ReadonlyMap<PartitionRouter.Key, Uint8Array>
} => {
  const events = [...log]
  let projected = events.at(-1)?.globalPosition ?? 0n
  // Each projected position's rows and router, made once.
  const made = new Map<bigint, { rows: Map<PartitionRouter.Key, Uint8Array>; router: Uint8Array }>()
  const at = (position: bigint) => {
    let found = made.get(position)
    if (found === undefined) {
      const prefix = events.filter((event) => event.globalPosition <= position)
      const models = ReadModels.make(options)
      models.apply(prefix)
      const router = PartitionRouter.make()
      for (const event of prefix) PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
      const rows = new Map<PartitionRouter.Key, Uint8Array>()
      for (const [key, state] of Partitions.split(models, router)) rows.set(key, Partitions.encode(state))
      found = { rows, router: PartitionRouter.encode(router) }
      made.set(position, found)
    }
    return found
  }
  const source: Source = {
    checkpoint: Effect.sync(() => projected),
    router: Effect.sync(() => ({ router: PartitionRouter.decode(at(projected).router), checkpoint: projected })),
    rows: (keys) =>
      Effect.sync(() => {
        const { rows } = at(projected)
        const states = new Map<PartitionRouter.Key, Partitions.PartitionState>()
        for (const key of keys) {
          const bytes = rows.get(key)
          if (bytes !== undefined) states.set(key, Partitions.decode(bytes))
        }
        return { checkpoint: projected, rows: states }
      }),
    tail: (after, maxCount) =>
      Effect.sync(() => events.filter((event) => event.globalPosition > after).slice(0, maxCount))
  }
  return {
    source,
    append: (more) => {
      events.push(...more)
    },
    project: (position) => {
      projected = position
    },
    rowsAt: (position) => at(position).rows
  }
}
