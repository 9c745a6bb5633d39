/**
 * Orga's read models kept as partition rows beside the log (issue 17): the table `rm_orga_read_models`, one row per
 * partition (a school's `org:<id>`, the global `user:`, `login:`, `code:`, `profile:`, `ine:`, `links:` rows), kept
 * by a leader among the app instances. The store layers of `@orga/orga/sqlite` and `@orga/orga/postgres` run it when
 * asked (`readModelTables: true`, or the environment's `ORGA_READ_MODEL_TABLES=on` for a layer given no option):
 * every instance runs the projection runner under the store's projection lock, one leads, the others stand by and
 * take over when it dies. Off by default. Instances answer from their memory unless they serve from the tables
 * (`readModels: "tables"`, or `ORGA_READ_MODELS=tables`: the `serve` field, read by `internal/Follower.ts`); the rows
 * are for those followers (`sink.readAt`, the router, the checkpoint) and for `verify`.
 *
 * The rows hold personal data in clear (the fold's own values): an erasure event reaches every partition holding
 * the subject and rewrites it with erased values, and the leader then clears the old row versions (SQLite: the
 * write-ahead log truncated, pages freed with `secure_delete`; PostgreSQL: `VACUUM FULL` of the table).
 *
 * @since 0.3.0
 */
import {
  type EventStore,
  type EventStoreError,
  PartitionedProjection as Kernel,
  type PartitionedProjection,
  type ProjectionLock,
  ProjectionRunner,
  type ProjectionSink,
  type Shredding
} from "@orga/event-store"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as PartitionProjection from "./internal/PartitionProjection.ts"
import type * as Partitions from "./internal/Partitions.ts"
import * as TablesVersion from "./TablesVersion.ts"

/**
 * The projection's name (its table is `rm_orga_read_models`, its checkpoint and lock carry the name).
 *
 * @category getters
 * @since 0.3.0
 */
export const name = PartitionProjection.name

/**
 * The definition of the tables (the kernel's batch form), for a sink of any adapter.
 *
 * @category constructors
 * @since 0.3.0
 */
export const definition = PartitionProjection.definition

/**
 * A partition's state, as a row holds it.
 *
 * @category models
 * @since 0.3.0
 */
export type State = Partitions.PartitionState

/**
 * What `verify` answers: the partitions whose row differs from the fold of the whole log, whether the router
 * differs, how many rows were compared and the positions of the checkpoint and of the log's head.
 *
 * @category models
 * @since 0.3.0
 */
export interface Verification extends PartitionedProjection.Verification {
  readonly rows: number
  readonly checkpoint: bigint
  readonly head: bigint
}

/**
 * The tables of a store whose layer keeps them: their sink (rows, checkpoint) and `verify`.
 *
 * @category models
 * @since 0.3.0
 */
export interface ReadModelTablesShape {
  readonly sink: PartitionedProjection.PartitionedSink<State>
  readonly verify: Effect.Effect<Verification, EventStoreError.EventStoreError | ProjectionSink.ProjectionError>
  /** Waits until the checkpoint reaches the log's head as of the call (`Timeout` after 60 seconds). */
  readonly awaitHead: Effect.Effect<void, EventStoreError.EventStoreError | ProjectionSink.ProjectionError>
  /** The tables' versions (`TablesVersion`): status and a rebuild beside the live table. */
  readonly versions?: Versions | undefined
  /**
   * Set when the instance serves from the tables (`readModels: "tables"`): the front door then starts from the
   * stored router and checkpoint, and keeps at most `maxSchools` schools in memory (`internal/Follower.ts`).
   */
  readonly serve?: Serve | undefined
}

/**
 * How an instance serving from the tables keeps its schools.
 *
 * @category models
 * @since 0.3.0
 */
export interface Serve {
  /** Schools kept in memory before the least recently used goes (`ORGA_CACHE_SCHOOLS`, default 20). */
  readonly maxSchools: number
}

/**
 * Where an instance answers from: `"memory"` folds the whole log at start (the default), `"tables"` serves from
 * the read-model tables (and keeps them).
 *
 * @category models
 * @since 0.3.0
 */
export type Mode = "memory" | "tables"

/**
 * The mode of a layer: its option, else `ORGA_READ_MODELS` (`tables` or `memory`), else `"memory"`.
 *
 * @category getters
 * @since 0.3.0
 */
export const mode = (option: Mode | undefined): Mode =>
  option ?? (process.env.ORGA_READ_MODELS === "tables" ? "tables" : "memory")

/**
 * Which personal-data keys a layer's shredder loads at start: each on demand in tables mode (an instance serving
 * from the tables never replays the whole log), every one at once in memory mode (its replay needs them all).
 *
 * @category getters
 * @since 0.3.0
 */
export const keyLoading = (option: Mode | undefined): Shredding.KeyLoading =>
  mode(option) === "tables" ? "onDemand" : "all"

/**
 * The schools a serving instance keeps when neither its options nor `ORGA_CACHE_SCHOOLS` say: 4. A kept school
 * costs an instance 12–15 MB (its decoded rows, its pages' indexes); with 4, an instance over the académie of
 * `bench/scale` stays under 300 MB after the heavy pages of 50 schools, as fast as with 20, since the read cache
 * answers a page asked again (docs/adr/0061-bundled-start.md). An instance that serves many schools writing at once
 * is faster with more, on a machine that has the memory.
 *
 * @category constants
 * @since 0.3.0
 */
export const defaultCacheSchools = 4

/**
 * What a serving instance keeps (`Serve`) for a layer's options: `maxSchools` given, else `ORGA_CACHE_SCHOOLS`,
 * else `defaultCacheSchools`; `undefined` in memory mode.
 *
 * @category getters
 * @since 0.3.0
 */
export const serving = (option: Mode | undefined, maxSchools: number | undefined = undefined): Serve | undefined => {
  if (mode(option) !== "tables") return undefined
  const fromEnvironment = Number.parseInt(process.env.ORGA_CACHE_SCHOOLS ?? "", 10)
  const bound =
    maxSchools ?? (Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : defaultCacheSchools)
  return { maxSchools: Math.max(1, bound) }
}

/**
 * The tables' versions of a store: where they stand and a rebuild of the next version beside the live one.
 *
 * @category models
 * @since 0.3.0
 */
export interface Versions {
  readonly status: Effect.Effect<TablesVersion.Status, EventStoreError.EventStoreError | ProjectionSink.ProjectionError>
  /** Builds `to` (by default `TablesVersion.nextVersion(live)`) beside the live table, then switches to it. */
  readonly rebuild: (options?: {
    readonly to?: number | undefined
    readonly onProgress?: ((progress: TablesVersion.Progress) => void) | undefined
    readonly batchSize?: number | undefined
  }) => Effect.Effect<TablesVersion.Rebuilt, EventStoreError.EventStoreError | ProjectionSink.ProjectionError>
}

/**
 * The service a store layer provides when it keeps the tables.
 *
 * @category services
 * @since 0.3.0
 */
export class ReadModelTables extends Context.Service<ReadModelTables, ReadModelTablesShape>()(
  "@orga/orga/ReadModelTables"
) {}

/**
 * Whether a layer keeps the tables: its option, else `ORGA_READ_MODEL_TABLES=on`.
 *
 * @category getters
 * @since 0.3.0
 */
export const enabled = (option: boolean | undefined, readModels: Mode | undefined = undefined): boolean =>
  mode(readModels) === "tables" || (option ?? process.env.ORGA_READ_MODEL_TABLES === "on")

const erasureTags: ReadonlySet<string> = new Set(["LearnerErased", "UserErased"])

/**
 * Whether a batch holds an erasure, after which the old versions of the rows it rewrote must be cleared.
 *
 * @category guards
 * @since 0.3.0
 */
export const holdsErasure = (events: ReadonlyArray<EventStore.RecordedEvent>): boolean =>
  events.some((event) => erasureTags.has(event.type))

/**
 * A sink that clears old row versions (`clear`) after every batch holding an erasure.
 *
 * @category combinators
 * @since 0.3.0
 */
export const clearingAfterErasure = <S>(
  sink: PartitionedProjection.PartitionedSink<S>,
  clear: Effect.Effect<void, ProjectionSink.ProjectionError>
): PartitionedProjection.PartitionedSink<S> => ({
  ...sink,
  apply: (events) => (holdsErasure(events) ? Effect.andThen(sink.apply(events), clear) : sink.apply(events))
})

/**
 * Compares every stored row (and the router) with a fold of the whole log, read from `store` (in clear).
 *
 * @category combinators
 * @since 0.3.0
 */
export const verify = (
  store: EventStore.EventStoreShape,
  sink: PartitionedProjection.PartitionedSink<State>,
  shapes: Parameters<typeof PartitionProjection.definition>[0] = {}
): Effect.Effect<Verification, EventStoreError.EventStoreError | ProjectionSink.ProjectionError> =>
  Effect.gen(function* () {
    const checkpoint = yield* sink.checkpoint
    const stored = yield* sink.scan
    // The log up to the checkpoint the rows were read at (the leader may have moved on since).
    const events: Array<EventStore.RecordedEvent> = []
    let after = 0n
    for (;;) {
      const page = yield* store.readAll({ after, maxCount: 10_000 })
      for (const event of page) if (event.globalPosition <= checkpoint) events.push(event)
      const last = page.at(-1)
      if (last === undefined || last.globalPosition >= checkpoint || page.length < 10_000) break
      after = last.globalPosition
    }
    const head = yield* store.head
    const found = Kernel.verify(definition(shapes), stored, events)
    return { ...found, rows: stored.length, checkpoint, head }
  })

/**
 * Waits until the sink's checkpoint reaches the log's head as of the call (`Timeout` after 60 seconds).
 *
 * @category combinators
 * @since 0.3.0
 */
export const awaitHead = (
  store: EventStore.EventStoreShape,
  sink: PartitionedProjection.PartitionedSink<State>
): Effect.Effect<void, EventStoreError.EventStoreError | ProjectionSink.ProjectionError> =>
  Effect.flatMap(store.head, (head) =>
    ProjectionRunner.awaitCheckpoint(sink, head, { timeout: Duration.seconds(60), interval: Duration.millis(20) })
  )

/**
 * The service's shape for a sink kept over `store`.
 *
 * @category constructors
 * @since 0.3.0
 */
export const make = (
  store: EventStore.EventStoreShape,
  sink: PartitionedProjection.PartitionedSink<State>,
  versions?: Versions,
  serve?: Serve
): ReadModelTablesShape => ({
  sink,
  verify: verify(store, sink),
  awaitHead: awaitHead(store, sink),
  versions,
  serve
})

/**
 * The versions of a store's tables over its catalog, its sinks by version and its projection lock.
 *
 * @category constructors
 * @since 0.3.0
 */
export const versions = <LE extends ProjectionSink.ProjectionError>(
  store: EventStore.EventStoreShape,
  catalog: TablesVersion.Catalog,
  sinkOf: TablesVersion.SinkOf,
  lock: ProjectionLock.ProjectionLockShape<LE>
): Versions => ({
  status: TablesVersion.status(store, catalog, sinkOf),
  rebuild: (options = {}) =>
    Effect.flatMap(catalog.live, (live) =>
      TablesVersion.rebuild({
        store,
        catalog,
        sinkOf,
        lock,
        to: options.to ?? TablesVersion.nextVersion(live),
        onProgress: options.onProgress,
        batchSize: options.batchSize
      })
    )
})

/**
 * When the live version is below the code's (`TablesVersion.version`, or `to`), builds that version beside it in the
 * background for as long as the scope lives (started again after a failure); the leader then follows the switch.
 *
 * @category layers
 * @since 0.3.0
 */
export const upgrade = (
  versions: Versions,
  live: number,
  to: number = TablesVersion.version
): Effect.Effect<void, never, Scope.Scope> =>
  live >= to
    ? Effect.void
    : Effect.asVoid(
        Effect.forkScoped(
          // Another instance may have switched meanwhile (instances of an older store starting together): done.
          Effect.flatMap(versions.status, (status) =>
            status.live >= to ? Effect.void : Effect.asVoid(versions.rebuild({ to }))
          ).pipe(
            Effect.tapError((error) => Effect.logWarning(`Read-model tables: the upgrade stopped (${String(error)})`)),
            Effect.retry(Schedule.spaced(Duration.seconds(1)))
          )
        )
      )

/**
 * The most events the leader folds in one batch (one transaction with its checkpoint). A school's SIECLE import
 * appends about 1,100 events at once: in batches of 1,000 the leader read, folded and rewrote the school's row
 * (its whole roster) twice per import; in batches of 5,000 once, and a leader far behind writes fewer
 * transactions.
 *
 * @category getters
 * @since 0.3.0
 */
export const leaderBatchSize = 5000

/**
 * Runs the leader for as long as the scope lives: the projection runner under `lock` (one instance leads, the
 * others wait on the lock and take over when it is freed), started again after a failure (a lost connection).
 * It folds the log in batches of up to `leaderBatchSize` events.
 *
 * @category layers
 * @since 0.3.0
 */
export const lead = <LE>(
  store: EventStore.EventStoreShape,
  sink: PartitionedProjection.PartitionedSink<State>,
  lock: ProjectionLock.ProjectionLockShape<LE>
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.asVoid(
    Effect.forkScoped(
      ProjectionRunner.run(store, sink, { lock, batchSize: leaderBatchSize }).pipe(
        Effect.tapError((error) =>
          // A switch to a new version is expected: the runner starts again on the new table.
          typeof error === "object" && error !== null && "reason" in error && error.reason === "Switched"
            ? Effect.logInfo(`Read-model tables: the leader follows the switch (${String(error)})`)
            : Effect.logWarning(`Read-model tables: the leader stopped (${String(error)})`)
        ),
        Effect.retry(Schedule.spaced(Duration.seconds(1)))
      )
    )
  )

/**
 * How the tables' sinks keep the router (`PartitionedProjection.RouterOptions`): the leader reads the log through
 * `store` (in clear, as its fold does), writes the router's row only every 50,000 positions or 5 seconds, at the
 * end of a catch-up, and with every batch that holds an erasure (the stored router must not keep an erased
 * person's logins); readers bring it to the checkpoint from the log.
 *
 * @category constructors
 * @since 0.4.0
 */
export const routerOptions = (store: EventStore.EventStoreShape): PartitionedProjection.RouterOptions => ({
  log: store.readAll,
  writeRouterWhen: holdsErasure
})

/**
 * What a store layer runs to keep the tables, whatever its database: the leader of whichever version is live (its
 * lock keeps the unversioned name), the upgrade to the code's version when the live one is below it, and the
 * service over a sink following the pointer. The adapters give their catalog, sinks by version and lock.
 *
 * @category layers
 * @since 0.3.0
 */
export const keep = <LE extends ProjectionSink.ProjectionError>(options: {
  readonly store: EventStore.EventStoreShape
  readonly catalog: TablesVersion.Catalog
  readonly sinkOf: TablesVersion.SinkOf
  readonly lock: ProjectionLock.ProjectionLockShape<LE>
  readonly readModels: Mode | undefined
  readonly cacheSchools: number | undefined
}): Effect.Effect<ReadModelTablesShape, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { store, catalog, sinkOf, lock } = options
    // The leader needs a following sink of its own (readers moving a shared one would hide a switch from it).
    const leading = yield* Effect.orDie(TablesVersion.following(catalog, sinkOf))
    const reading = yield* Effect.orDie(TablesVersion.following(catalog, sinkOf))
    const tablesVersions = versions(store, catalog, sinkOf, lock)
    yield* lead(store, leading, { acquire: () => lock.acquire(name) })
    yield* upgrade(tablesVersions, yield* Effect.orDie(catalog.live))
    return make(store, reading, tablesVersions, serving(options.readModels, options.cacheSchools))
  })
