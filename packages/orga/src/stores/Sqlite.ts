/**
 * `@orga/orga/sqlite`: the embedded default store, one SQLite file (`node:sqlite`, nothing else to run). An entry
 * point of its own, so that the core `@orga/orga` import loads no store adapter (docs/adr/0033-store-entry-points.md).
 *
 * Personal data is shredded by default (docs/adr/0049-crypto-shredding.md): the keys live in the same file, the
 * master key in `<filename>.master-key` (generated with permissions 0600 for a new store) unless configured.
 * Read-model snapshots live in the same file, sealed under keys of the key store (docs/adr/0056-read-model-snapshots.md).
 *
 * @since 0.1.0
 */
import { EventStore, EventStoreError, SealedText, Shredding, ShredMigration } from "@orga/event-store"
import {
  SqliteDatabase,
  SqliteEventStore,
  SqliteKeyStore,
  SqlitePartitions,
  SqliteProjectionLock,
  SqliteReplay,
  SqliteShredMigration,
  SqliteSnapshotStore
} from "@orga/event-store-sqlite"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuditScope from "../internal/AuditScope.ts"
import * as ReplayDigest from "../internal/ReplayDigest.ts"
import * as ReplayOpen from "../internal/ReplayOpen.ts"
import * as SqliteTables from "../internal/SqliteTables.ts"
import * as PersonalData from "../PersonalData.ts"
import * as ReadModelTables from "../ReadModelTables.ts"
import * as Replay from "../Replay.ts"
import * as Snapshots from "../Snapshots.ts"
import * as TablesVersion from "../TablesVersion.ts"

/**
 * The store over one SQLite file (created if missing). It also provides the store's replay reader, which rebuilds
 * the read models at start from pages read on a worker thread, about twice as fast as `readAll`, and, unless
 * `personalData: false`, the shredder that erasure uses.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  filename: string,
  options: {
    readonly durability?: "full" | "normal"
    readonly personalData?: PersonalData.Options
    /** Read-model snapshots in the same file (ADR 0056); none unless given (or `ORGA_SNAPSHOTS=on`). */
    readonly snapshots?: Snapshots.Options | false
    /**
     * Keeps the read-model tables (`ReadModelTables`) in the same file: every process on the file runs their
     * leader in the background, one leads under the projection lock; the layer then provides `ReadModelTables`
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
  Layer.provide(
    Layer.effectContext(
      Effect.gen(function* () {
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        const store = yield* EventStore.EventStore
        const pages = SqliteReplay.pages(database, { digest: ReplayDigest.module })
        const personalData = options.personalData ?? {}
        const snapshotOptions = Snapshots.resolve(options.snapshots)
        // Made even when this instance neither loads nor writes snapshots: an erasure drops those already stored.
        const snapshotStore = yield* SqliteSnapshotStore.make(database.connection)
        // The read-model tables' leader reads the log through the store port (personal data in clear).
        const withTables = <A>(context: Context.Context<A>) =>
          Effect.gen(function* () {
            if (!ReadModelTables.enabled(options.readModelTables, options.readModels)) return context
            const clear = Context.get(context as Context.Context<EventStore.EventStore>, EventStore.EventStore)
            // Freed pages are zeroed (as the key store's), and after an erasure the write-ahead log, which still
            // holds the rows' old pages, is truncated.
            database.connection.exec("PRAGMA secure_delete = ON")
            // A sink per version (TablesVersion): the live one is followed through the pointer row.
            const sinkOf = (at: number) =>
              Effect.map(
                SqlitePartitions.make(
                  database,
                  { ...ReadModelTables.definition(), name: TablesVersion.nameOf(at) },
                  ReadModelTables.routerOptions(clear)
                ),
                (sink) =>
                  ReadModelTables.clearingAfterErasure(
                    sink,
                    Effect.sync(() => {
                      database.connection.exec("PRAGMA wal_checkpoint(TRUNCATE)")
                    })
                  )
              )
            const catalog = SqliteTables.make(database.connection)
            const tables = yield* ReadModelTables.keep({
              store: clear,
              catalog,
              sinkOf,
              lock: SqliteProjectionLock.make(database),
              readModels: options.readModels,
              cacheSchools: options.cacheSchools
            })
            return Context.add(context, ReadModelTables.ReadModelTables, tables)
          })
        const withSnapshots = <A>(context: Context.Context<A>, sealer: Snapshots.Sealer | undefined) =>
          withTables(
            Context.add(context, Snapshots.Snapshots, { store: snapshotStore, sealer, options: snapshotOptions })
          )
        if (personalData === false)
          return yield* withSnapshots(
            Context.make(Replay.Replay, { pages }).pipe(Context.add(EventStore.EventStore, store)),
            undefined
          )
        const keyStore = yield* SqliteKeyStore.make(database.connection)
        const masterKey = yield* PersonalData.masterKey(personalData, `${filename}.master-key`, keyStore)
        const shredder = yield* PersonalData.shredder(
          { masterKey: Buffer.from(masterKey).toString("base64") },
          `${filename}.master-key`,
          keyStore,
          ReadModelTables.keyLoading(options.readModels)
        )
        // The reading thread opens what it can with the keys held now (the rest is opened where it is folded).
        // The fold opens the rest of a page when the reading thread is the bound (ReplayWorkerServer.serve).
        const opening = (after: bigint) => {
          const snapshot = shredder.keySnapshot()
          return SqliteReplay.pages(database, {
            digest: ReplayOpen.module,
            digestData: snapshot,
            digestPageHere: SealedText.pageOpener(snapshot)
          })(after)
        }
        return yield* withSnapshots(
          PersonalData.shredded(store, shredder).pipe(
            Context.add(Replay.Replay, PersonalData.shreddedReplay(opening, shredder))
          ),
          Snapshots.sealer(keyStore, masterKey)
        )
      })
    ),
    SqliteEventStore.layerWithDatabase({
      filename,
      durability: options.durability ?? "full",
      pollInterval: 20,
      // The audit trail's index of events by organization, kept in the append's transaction (ADR 0041).
      scopeKey: AuditScope.scopeKey
    })
  )

/**
 * Seals the personal fields of a SQLite log written before crypto-shredding, in place (ADR 0049): resumable and
 * safe to interrupt (each batch commits with its checkpoint; run it again to go on). Run it with no app on the
 * file. `maxBatches` stops it early (batches of `batchSize` events, default 1,000).
 *
 * @category constructors
 * @since 0.1.0
 */
export const migratePersonalData = (
  filename: string,
  options: {
    readonly personalData?: Exclude<PersonalData.Options, false>
    readonly batchSize?: number
    readonly maxBatches?: number
  } = {}
): Effect.Effect<ShredMigration.Progress, EventStoreError.EventStoreError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const database = yield* SqliteDatabase.open({ filename })
      const keyStore = yield* SqliteKeyStore.make(database.connection)
      const shredder = yield* PersonalData.shredder(options.personalData ?? {}, `${filename}.master-key`, keyStore)
      return yield* ShredMigration.run(SqliteShredMigration.target(database.connection), shredder, options).pipe(
        Effect.mapError((error) =>
          error instanceof Shredding.ShreddingError
            ? new EventStoreError.EventStoreError({ reason: error.code, message: error.message, cause: error })
            : error
        )
      )
    })
  )
