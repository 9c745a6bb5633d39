/**
 * `@orga/orga/postgres`: the PostgreSQL store, for many app instances over one database. An entry point of its
 * own, so that only an app that imports it needs `@orga/event-store-postgres` and `pg` (an optional peer
 * dependency of `@orga/orga`; docs/adr/0033-store-entry-points.md).
 *
 * @since 0.1.0
 */
import { EventStore, EventStoreError, SealedText, Shredding, ShredMigration } from "@orga/event-store"
import {
  PostgresEventStore,
  PostgresKeyStore,
  PostgresPartitions,
  PostgresProjectionLock,
  PostgresReplay,
  PostgresShredMigration,
  PostgresSnapshotStore
} from "@orga/event-store-postgres"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuditScope from "../internal/AuditScope.ts"
import * as PostgresTables from "../internal/PostgresTables.ts"
import * as PersonalData from "../PersonalData.ts"
import * as ReadModelTables from "../ReadModelTables.ts"
import * as Replay from "../Replay.ts"
import * as Snapshots from "../Snapshots.ts"
import * as TablesVersion from "../TablesVersion.ts"

/**
 * The store in `schema` (created if missing), with its replay reader and, unless `personalData: false`, the
 * shredder (docs/adr/0049-crypto-shredding.md). The master key: `personalData.masterKey`, else the environment's
 * `ORGA_MASTER_KEY`, else the key file `personalData.masterKeyFile` (default `.orga-master.key` in the working
 * directory, generated with permissions 0600 for a new store). Every instance over one database needs the same
 * key: an instance started with another one stops at once with `WRONG_MASTER_KEY`, having read and written
 * nothing.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  connectionString: string,
  schema = "orga_events",
  options: {
    readonly personalData?: PersonalData.Options
    /**
     * Read-model snapshots in the schema (ADR 0056), written by the instance holding the snapshot lock; none
     * unless given (or `ORGA_SNAPSHOTS=on`).
     */
    readonly snapshots?: Snapshots.Options | false
    /**
     * Keeps the read-model tables (`ReadModelTables`): every instance runs their leader in the background, one
     * leads under an advisory lock, the others take over when it dies; the layer then provides `ReadModelTables`
     * too. Off unless given (or `ORGA_READ_MODEL_TABLES=on`).
     */
    readonly readModelTables?: boolean
    /**
     * Where the front door answers from: `"memory"` folds the whole log at start; `"tables"` starts from the
     * read-model tables' router and checkpoint (no replay) and loads the schools a call needs, at most
     * `cacheSchools` of them kept (the tables are then kept, whatever `readModelTables` says). Default
     * `ORGA_READ_MODELS` (`tables` or `memory`), else `"memory"`.
     */
    readonly readModels?: ReadModelTables.Mode
    /** Schools a `"tables"` instance keeps in memory (default `ORGA_CACHE_SCHOOLS`, else 4). */
    readonly cacheSchools?: number
  } = {}
): Layer.Layer<EventStore.EventStore | Replay.Replay, EventStoreError.EventStoreError> =>
  Layer.effectContext(
    Effect.gen(function* () {
      const store = yield* PostgresEventStore.make({
        connectionString,
        schema,
        pollInterval: "50 millis",
        // The audit trail's index of events by organization, kept in the append's transaction (ADR 0041).
        scopeKey: AuditScope.scopeKey
      })
      // No digest here: the reading thread shares its core with the server's backend, and digesting there
      // made the rebuild slower (docs/adr/0021-replay-on-a-reading-thread.md).
      const pages = PostgresReplay.pages({ connectionString, schema: store.schema, pool: store.pool })
      const configured = options.personalData ?? {}
      const snapshotOptions = Snapshots.resolve(options.snapshots)
      // Made even when this instance neither loads nor writes snapshots: an erasure drops those already stored.
      const snapshotStore = yield* PostgresSnapshotStore.make(store.pool, store.schema)
      // One writer of snapshots among the instances: the holder of an advisory lock (freed with its connection
      // when the instance dies, taken by another within a second).
      const lock = PostgresProjectionLock.make({ connectionString, schema: store.schema })
      // The read-model tables' leader reads the log through the store port (personal data in clear).
      const withTables = <A>(context: Context.Context<A>) =>
        Effect.gen(function* () {
          if (!ReadModelTables.enabled(options.readModelTables, options.readModels)) return context
          const clear = Context.get(context as Context.Context<EventStore.EventStore>, EventStore.EventStore)
          // A sink per version (TablesVersion): the live one is followed through the pointer row.
          const sinkOf = (at: number) =>
            Effect.map(
              PostgresPartitions.make(
                { pool: store.pool, schema: store.schema },
                { ...ReadModelTables.definition(), name: TablesVersion.nameOf(at) },
                ReadModelTables.routerOptions(clear)
              ),
              (sink) =>
                // After an erasure, the old versions of the rewritten rows (dead tuples) are cleared from the table.
                ReadModelTables.clearingAfterErasure(
                  sink,
                  Effect.orDie(Effect.promise(() => store.pool.query(`VACUUM FULL ${sink.table}`)))
                )
            )
          const catalog = yield* Effect.orDie(PostgresTables.make(store.pool, store.schema))
          const tables = yield* ReadModelTables.keep({
            store: clear,
            catalog,
            sinkOf,
            lock,
            readModels: options.readModels,
            cacheSchools: options.cacheSchools
          })
          return Context.add(context, ReadModelTables.ReadModelTables, tables)
        })
      const withSnapshots = <A>(context: Context.Context<A>, sealer: Snapshots.Sealer | undefined) =>
        withTables(
          Context.add(context, Snapshots.Snapshots, {
            store: snapshotStore,
            sealer,
            lead: () => lock.acquire("read-model-snapshots"),
            options: snapshotOptions
          })
        )
      if (configured === false)
        return yield* withSnapshots(
          Context.make(EventStore.EventStore, store as EventStore.EventStoreShape).pipe(
            Context.add(Replay.Replay, { pages })
          ),
          undefined
        )
      const fromEnvironment = process.env.ORGA_MASTER_KEY
      const personalData =
        configured.masterKey === undefined && fromEnvironment !== undefined && fromEnvironment !== ""
          ? { ...configured, masterKey: fromEnvironment }
          : configured
      const keyStore = yield* PostgresKeyStore.make(store.pool, store.schema)
      const masterKey = yield* PersonalData.masterKey(personalData, ".orga-master.key", keyStore)
      const shredder = yield* PersonalData.shredder(
        { masterKey: Buffer.from(masterKey).toString("base64") },
        ".orga-master.key",
        keyStore,
        ReadModelTables.keyLoading(options.readModels)
      )
      // The fold opens each sealed text before parsing it (cheaper than opening the parsed data, which stays the
      // path of what the keys held now cannot open): the reading thread shares its core with the server's backend.
      const opening = (after: bigint) =>
        PostgresReplay.pages(
          { connectionString, schema: store.schema, pool: store.pool },
          { digestPageHere: SealedText.pageOpener(shredder.keySnapshot()) }
        )(after)
      return yield* withSnapshots(
        PersonalData.shredded(store, shredder).pipe(
          Context.add(Replay.Replay, PersonalData.shreddedReplay(opening, shredder))
        ),
        Snapshots.sealer(keyStore, masterKey)
      )
    })
  )

/**
 * Seals the personal fields of a PostgreSQL log written before crypto-shredding, in place (ADR 0049): resumable
 * and safe to interrupt (each batch commits with its checkpoint; run it again to go on). Run it with no app
 * instance on the schema. The master key as `layer` finds it.
 *
 * @category constructors
 * @since 0.1.0
 */
export const migratePersonalData = (
  connectionString: string,
  schema = "orga_events",
  options: {
    readonly personalData?: Exclude<PersonalData.Options, false>
    readonly batchSize?: number
    readonly maxBatches?: number
  } = {}
): Effect.Effect<ShredMigration.Progress, EventStoreError.EventStoreError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const store = yield* PostgresEventStore.make({ connectionString, schema })
      const keyStore = yield* PostgresKeyStore.make(store.pool, store.schema)
      const configured = options.personalData ?? {}
      const fromEnvironment = process.env.ORGA_MASTER_KEY
      const personalData =
        configured.masterKey === undefined && fromEnvironment !== undefined && fromEnvironment !== ""
          ? { ...configured, masterKey: fromEnvironment }
          : configured
      const shredder = yield* PersonalData.shredder(personalData, ".orga-master.key", keyStore)
      const target = yield* PostgresShredMigration.target(store.pool, store.schema)
      return yield* ShredMigration.run(target, shredder, options).pipe(
        Effect.mapError((error) =>
          error instanceof Shredding.ShreddingError
            ? new EventStoreError.EventStoreError({ reason: error.code, message: error.message, cause: error })
            : error
        )
      )
    })
  )
