/**
 * The read-model tables' version (issue 17 item 4): the table's name carries the version of the fold that wrote it,
 * so a new fold builds its own table beside the old one while the old one keeps being maintained and read, and a
 * pointer (one row naming the live version) switches every instance once the new table has caught up with the log.
 * The old table is then cleared erasure-safely and dropped.
 *
 * Version 1 is the table `rm_orga_read_models` (the name it had before versions); version N > 1 is
 * `rm_orga_read_models_v<N>`. `version` is the lowest version the code's fold writes: a fresh store starts at it, an
 * instance that starts while the live version is lower builds `version` beside it; `orga tables rebuild` builds a fresh table from the log at
 * `max(version, live + 1)` (the same fold under a new name), e.g. after a suspected damage.
 *
 * @since 0.3.0
 */
import type { EventStore, EventStoreError, PartitionedProjection, ProjectionLock } from "@orga/event-store"
import { ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as PartitionProjection from "./internal/PartitionProjection.ts"
import type * as Partitions from "./internal/Partitions.ts"

/**
 * The code's fold version: bump it when the fold of `internal/PartitionProjection.ts` changes what a row holds.
 *
 * @category getters
 * @since 0.3.0
 */
// 2: the router keeps the schools of each user's memberships and the organizations of each UAI (`Scopes` names the
// schools of a login and of a lookup by UAI from them): a router of version 1 lacks them.
export const version = 2

/**
 * The projection's name at a version (its table is `rm_<name>`, its checkpoint and lock carry the name).
 *
 * @category getters
 * @since 0.3.0
 */
export const nameOf = (at: number): string =>
  at === 1 ? PartitionProjection.name : `${PartitionProjection.name}_v${at}`

/**
 * The version a rebuild builds when the live one is `live`: the code's, or the next one when already there.
 *
 * @category getters
 * @since 0.3.0
 */
export const nextVersion = (live: number): number => Math.max(version, live + 1)

/**
 * The store's pointer to the live version and what can be done with a version's table.
 *
 * @category models
 * @since 0.3.0
 */
export interface Catalog {
  /** The live version (1 while no pointer row exists). */
  readonly live: Effect.Effect<number, ProjectionSink.ProjectionError>
  /** The version being built beside the live one, if a rebuild left its table (none when there is none). */
  readonly building: Effect.Effect<number | undefined, ProjectionSink.ProjectionError>
  /** Names `at` as the live version. */
  readonly switchTo: (at: number) => Effect.Effect<void, ProjectionSink.ProjectionError>
  /** Clears the version's rows (old pages zeroed), drops its table and forgets its checkpoint. */
  readonly drop: (at: number) => Effect.Effect<void, ProjectionSink.ProjectionError>
}

/**
 * A rebuild's progress: the position reached by the new table and the log's head.
 *
 * @category models
 * @since 0.3.0
 */
export interface Progress {
  readonly checkpoint: bigint
  readonly head: bigint
}

/**
 * What a rebuild did.
 *
 * @category models
 * @since 0.3.0
 */
export interface Rebuilt {
  readonly from: number
  readonly to: number
  readonly checkpoint: bigint
}

/**
 * Where the tables stand: the live version, its checkpoint, the log's head and a version being built, if any.
 *
 * @category models
 * @since 0.3.0
 */
export interface Status {
  readonly live: number
  readonly checkpoint: bigint
  readonly head: bigint
  readonly building: number | undefined
}

/**
 * A sink at a version (the adapter's table `rm_<nameOf(at)>`).
 *
 * @category models
 * @since 0.3.0
 */
export type SinkOf = (
  at: number
) => Effect.Effect<PartitionedProjection.PartitionedSink<Partitions.PartitionState>, ProjectionSink.ProjectionError>

/**
 * Builds the table of version `to` beside the live one from the log (under its own lock, so one instance builds
 * it), then names it live and drops the old one. `onProgress` is told after every batch. The live table keeps being
 * maintained by its leader meanwhile; events appended after the last batch read are applied by the leader once it
 * follows the new version (it restarts at the new table's checkpoint). When another instance switched to `to` while
 * this one waited for the lock, nothing is done (`from` is then `to`).
 *
 * @category combinators
 * @since 0.3.0
 */
export const rebuild = <LE>(options: {
  readonly store: EventStore.EventStoreShape
  readonly catalog: Catalog
  readonly sinkOf: SinkOf
  readonly lock: ProjectionLock.ProjectionLockShape<LE>
  readonly to: number
  readonly onProgress?: ((progress: Progress) => void) | undefined
  /** Events per batch (default 1000). */
  readonly batchSize?: number | undefined
}): Effect.Effect<Rebuilt, EventStoreError.EventStoreError | ProjectionSink.ProjectionError | LE> =>
  Effect.scoped(
    Effect.gen(function* () {
      const { store, catalog, to } = options
      const before = yield* catalog.live
      if (!Number.isSafeInteger(to) || to <= before)
        return yield* Effect.fail(
          new ProjectionSink.ProjectionError({
            projection: nameOf(to),
            reason: "InvalidVersion",
            message: `Version ${to} is not above the live version ${before}`
          })
        )
      yield* options.lock.acquire(nameOf(to))
      // Another instance may have built and switched to it while this one waited for the lock.
      const from = yield* catalog.live
      if (from >= to) return { from: to, to, checkpoint: yield* (yield* options.sinkOf(from)).checkpoint }
      const sink = yield* options.sinkOf(to)
      let checkpoint = yield* sink.checkpoint
      for (;;) {
        const head = yield* store.head
        options.onProgress?.({ checkpoint, head })
        if (checkpoint >= head) break
        const batch = yield* store.readAll({ after: checkpoint, maxCount: Math.max(1, options.batchSize ?? 1000) })
        const last = batch.at(-1)
        if (last === undefined) break
        yield* sink.apply(batch)
        checkpoint = last.globalPosition
        // Lets the instance's own work (use cases, its leader) run between batches.
        yield* Effect.sleep(0)
      }
      yield* catalog.switchTo(to)
      yield* catalog.drop(from)
      return { from, to, checkpoint }
    })
  )

/**
 * Where the tables stand.
 *
 * @category combinators
 * @since 0.3.0
 */
export const status = (
  store: EventStore.EventStoreShape,
  catalog: Catalog,
  sinkOf: SinkOf
): Effect.Effect<Status, EventStoreError.EventStoreError | ProjectionSink.ProjectionError> =>
  Effect.gen(function* () {
    const live = yield* catalog.live
    const sink = yield* sinkOf(live)
    const checkpoint = yield* sink.checkpoint
    const head = yield* store.head
    const building = yield* catalog.building
    return { live, checkpoint, head, building }
  })

/**
 * A sink that follows the pointer: every call first reads the live version and, when it moved, uses that
 * version's sink. An `apply` that finds the pointer moved fails (`Switched`), so the leader's runner starts again
 * at the new table's checkpoint instead of applying a batch read for the old one. The leader needs its own
 * instance (readers moving a shared one would hide the move from its `apply`), and a lock whose name does not
 * follow the version, so that one leader keeps whichever version is live. A read that fails because the switch
 * dropped its table between the pointer's read and its own is made again on the new version.
 *
 * @category constructors
 * @since 0.3.0
 */
export const following = (
  catalog: Catalog,
  sinkOf: SinkOf
): Effect.Effect<PartitionedProjection.PartitionedSink<Partitions.PartitionState>, ProjectionSink.ProjectionError> =>
  Effect.gen(function* () {
    let at = yield* catalog.live
    let current = yield* sinkOf(at)
    const refresh = Effect.gen(function* () {
      const live = yield* catalog.live
      if (live === at) return false
      current = yield* sinkOf(live)
      at = live
      return true
    })
    const via = <A>(
      f: (
        sink: PartitionedProjection.PartitionedSink<Partitions.PartitionState>
      ) => Effect.Effect<A, ProjectionSink.ProjectionError>
    ) =>
      Effect.flatMap(refresh, () =>
        Effect.suspend(() => f(current)).pipe(
          // A switch between the pointer's read and the query drops the table read: the read is made again on the
          // version now live (a failure with the pointer unmoved is the read's own).
          Effect.catch((error) =>
            Effect.flatMap(refresh, (moved) => (moved ? Effect.suspend(() => f(current)) : Effect.fail(error)))
          )
        )
      )
    return {
      get name() {
        return current.name
      },
      checkpoint: via((sink) => sink.checkpoint),
      reset: via((sink) => sink.reset),
      apply: (events) =>
        Effect.flatMap(refresh, (moved) =>
          moved
            ? Effect.fail(
                new ProjectionSink.ProjectionError({
                  projection: current.name,
                  reason: "Switched",
                  message: `The read-model tables switched to version ${at}`
                })
              )
            : current.apply(events)
        ),
      read: (keys) => via((sink) => sink.read(keys)),
      readScope: (scope) => via((sink) => sink.readScope(scope)),
      scan: via((sink) => sink.scan),
      keys: via((sink) => sink.keys),
      readAt: (keys) => via((sink) => sink.readAt(keys)),
      readRouter: via((sink) => sink.readRouter)
    } as PartitionedProjection.PartitionedSink<Partitions.PartitionState>
  })
