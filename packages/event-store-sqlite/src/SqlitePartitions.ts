/**
 * A partitioned projection (`PartitionedProjection` of `@orga/event-store`) kept in the store's own SQLite file:
 * table `rm_<name>` (key primary key, scope indexed, version, state blob), its checkpoint a row of
 * `projection_checkpoints`, both written in one write transaction (`SqliteSchema.inWriteTransaction`).
 *
 * `BEGIN IMMEDIATE` takes the file's write lock before the checkpoint is read, so two runners over one file take
 * turns and the second skips what the first folded; a restart folds only what the checkpoint has not seen. A
 * batch loads its touched rows in one query (`json_each` of the keys), folds, and writes back the rows whose
 * bytes changed (`version + 1`). The leader is `ProjectionRunner.run` under `SqliteProjectionLock`.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import { type EventStore, PartitionedProjection, type ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as SqliteDatabase from "./SqliteDatabase.ts"
import { inWriteTransaction } from "./SqliteSchema.ts"

/**
 * A partitioned sink on SQLite, plus the name of its table.
 *
 * @category models
 * @since 0.1.0
 */
export interface SqlitePartitions<S> extends PartitionedProjection.PartitionedSink<S> {
  /** `rm_<name>`. */
  readonly table: string
}

const failed = (name: string, what: string) =>
  PartitionedProjection.databaseFailure(name, what, {
    reason: (cause) => (SqliteDatabase.isBusy(cause) ? "Busy" : "ProjectionFailed"),
    message: SqliteDatabase.messageOf
  })

/** Another process kept the write lock beyond the busy timeout: try again for about 30 s rather than stop. */
const retryWhileBusy = <A>(
  effect: Effect.Effect<A, ProjectionSink.ProjectionError>
): Effect.Effect<A, ProjectionSink.ProjectionError> =>
  Effect.retry(effect, {
    while: (error: ProjectionSink.ProjectionError) => error.reason === "Busy",
    schedule: Schedule.spaced("20 millis"),
    times: 1500
  })

interface DbRow {
  readonly key: string
  readonly version: bigint
  readonly state: Uint8Array
}

/**
 * Creates the projection's table (if missing) in the store's file and returns its sink. `database` is the store's
 * database (or its connection); `options` (the log: the store's `readAll`) let the leader write its router only
 * now and then (`PartitionedProjection.RouterOptions`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <S, E, R>(
  database: SqliteDatabase.SqliteDatabase | DatabaseSync,
  definition: PartitionedProjection.Definition<S, E, R>,
  options: PartitionedProjection.RouterOptions = {}
): Effect.Effect<SqlitePartitions<S>, ProjectionSink.ProjectionError> =>
  Effect.flatMap(PartitionedProjection.validateName(definition.name), () =>
    retryWhileBusy(
      Effect.try({
        try: (): SqlitePartitions<S> => {
          const db = "connection" in database ? database.connection : database
          const { name } = definition
          // The name is checked above ([a-z][a-z0-9_]*): safe to interpolate.
          const table = `rm_${name}`
          inWriteTransaction(db, () => {
            db.exec(
              `CREATE TABLE IF NOT EXISTS ${table} (
                 key TEXT PRIMARY KEY, scope TEXT, version INTEGER NOT NULL, state BLOB NOT NULL) WITHOUT ROWID`
            )
            db.exec(`CREATE INDEX IF NOT EXISTS ${table}_scope ON ${table} (scope) WHERE scope IS NOT NULL`)
          })
          const selectCheckpoint = db.prepare("SELECT position FROM projection_checkpoints WHERE name = ?")
          selectCheckpoint.setReadBigInts(true)
          const upsertCheckpoint = db.prepare(
            "INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position"
          )
          const selectKeys = db.prepare(
            `SELECT key, version, state FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`
          )
          selectKeys.setReadBigInts(true)
          const selectReadKeys = db.prepare(
            `SELECT key, version, state FROM ${table} WHERE key IN (SELECT value FROM json_each(?)) AND key <> '' ORDER BY key`
          )
          selectReadKeys.setReadBigInts(true)
          const selectScope = db.prepare(`SELECT key, version, state FROM ${table} WHERE scope = ? ORDER BY key`)
          selectScope.setReadBigInts(true)
          const deleteRow = db.prepare(`DELETE FROM ${table} WHERE key = ?`)
          const selectAll = db.prepare(`SELECT key, scope, version, state FROM ${table} ORDER BY key`)
          selectAll.setReadBigInts(true)
          const selectAllKeys = db.prepare(`SELECT key FROM ${table} ORDER BY key`)
          const selectRouter = db.prepare(`SELECT state FROM ${table} WHERE key = ''`)
          const upsertRouter = db.prepare(
            `INSERT INTO ${table} (key, scope, version, state) VALUES ('', NULL, 1, ?)
             ON CONFLICT (key) DO UPDATE SET version = version + 1, state = excluded.state`
          )
          const upsertRow = db.prepare(
            `INSERT INTO ${table} (key, scope, version, state) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET scope = excluded.scope, version = excluded.version, state = excluded.state`
          )
          const checkpointNow = (): bigint =>
            (selectCheckpoint.get(name) as { position: bigint } | undefined)?.position ?? 0n
          const checkpoint = retryWhileBusy(
            Effect.try({ try: checkpointNow, catch: failed(name, "reading its checkpoint") })
          )

          const leader = PartitionedProjection.leaderRouter(definition, options)

          const applyOnce = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
            Effect.flatMap(leader.prepare(events, { checkpoint, readRouter }), (endsCatchUp) =>
              Effect.try({
                try: () => {
                  const committed = inWriteTransaction(db, () => {
                    const checkpoint = checkpointNow()
                    if ((events.at(-1)?.globalPosition ?? 0n) <= checkpoint) return undefined
                    const batch = PartitionedProjection.plan(
                      definition,
                      events,
                      checkpoint,
                      // The router's row is read only when the leader does not keep the router at the checkpoint.
                      leader.take(checkpoint, () => (selectRouter.get() as { state: Uint8Array } | undefined)?.state)
                    )
                    if (batch === undefined) return undefined
                    const loaded = new Map<string, { version: bigint; state: Uint8Array }>()
                    if (batch.keys.length > 0)
                      for (const row of selectKeys.all(JSON.stringify(batch.keys)) as unknown as Array<DbRow>)
                        loaded.set(row.key, row)
                    // The batch form's second round: keys named by the rows just read (none for a per-key fold).
                    const more = PartitionedProjection.moreKeys(definition, batch, loaded)
                    if (more.length > 0)
                      for (const row of selectKeys.all(JSON.stringify(more)) as unknown as Array<DbRow>)
                        loaded.set(row.key, row)
                    const { changed, deleted, router } = PartitionedProjection.foldRows(definition, batch, loaded)
                    for (const key of deleted) deleteRow.run(key)
                    for (const row of changed) upsertRow.run(row.key, row.scope, row.version, row.state)
                    const routerBytes = leader.toWrite(batch.last, router, endsCatchUp)
                    if (routerBytes !== undefined) upsertRouter.run(routerBytes)
                    upsertCheckpoint.run(name, batch.last)
                    return { last: batch.last, router, written: routerBytes !== undefined }
                  })
                  // Only what committed is kept.
                  if (committed !== undefined) leader.committed(committed.last, committed.router, committed.written)
                },
                catch: failed(name, "applying events")
              })
            )

          const apply = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
            events.length === 0
              ? Effect.void
              : PartitionedProjection.retryWhileRouterBehind(retryWhileBusy(applyOnce(events)))

          const rows = (statement: typeof selectScope, parameter: string) =>
            retryWhileBusy(
              Effect.try({
                try: () => statement.all(parameter) as unknown as Array<DbRow>,
                catch: failed(name, "reading rows")
              })
            ).pipe(Effect.flatMap((found) => PartitionedProjection.decodeRows(definition, found)))

          // One read transaction (`BEGIN` deferred: WAL gives it one snapshot at its first read), so the checkpoint
          // and the rows are those of one committed batch, whatever another process's leader commits meanwhile.
          const inReadTransaction = <A>(body: () => A): A => {
            if (db.isTransaction) return body()
            db.exec("BEGIN")
            try {
              const result = body()
              db.exec("COMMIT")
              return result
            } catch (error) {
              if (db.isTransaction) db.exec("ROLLBACK")
              throw error
            }
          }

          const readAt = (keys: ReadonlyArray<string>) =>
            retryWhileBusy(
              Effect.try({
                try: () =>
                  inReadTransaction(() => ({
                    checkpoint: checkpointNow(),
                    rows:
                      keys.length === 0
                        ? []
                        : (selectReadKeys.all(JSON.stringify([...new Set(keys)])) as unknown as Array<DbRow>)
                  })),
                catch: failed(name, "reading rows")
              })
            ).pipe(
              Effect.flatMap(({ checkpoint, rows }) =>
                Effect.map(PartitionedProjection.decodeRows(definition, rows), (decoded) => ({
                  checkpoint,
                  rows: decoded
                }))
              )
            )

          const readRouter = retryWhileBusy(
            Effect.try({
              try: () =>
                inReadTransaction(() =>
                  PartitionedProjection.routerAt(
                    checkpointNow(),
                    (selectRouter.get() as { state: Uint8Array } | undefined)?.state ?? null
                  )
                ),
              catch: failed(name, "reading its router")
            })
          )

          return {
            name,
            table,
            readAt,
            readRouter,
            checkpoint,
            apply,
            reset: retryWhileBusy(
              Effect.try({
                try: () =>
                  inWriteTransaction(db, () => {
                    // The router's row stays, set back to the initial router with a higher version: versions only
                    // grow, so no other sink mistakes it for the router it cached before the reset.
                    db.prepare(`DELETE FROM ${table} WHERE key <> ''`).run()
                    if (definition.router !== undefined)
                      db.prepare(`UPDATE ${table} SET version = version + 1, state = ? WHERE key = ''`).run(
                        PartitionedProjection.routerRowBytes(0n, definition.router.encode(definition.router.initial))
                      )
                    upsertCheckpoint.run(name, 0n)
                    leader.drop()
                  }),
                catch: failed(name, "resetting")
              })
            ),
            read: (keys) =>
              keys.length === 0 ? Effect.succeed([]) : rows(selectReadKeys, JSON.stringify([...new Set(keys)])),
            readScope: (scope) => rows(selectScope, scope),
            scan: retryWhileBusy(
              Effect.try({
                try: () =>
                  selectAll.all() as unknown as Array<{
                    key: string
                    scope: string | null
                    version: bigint
                    state: Uint8Array
                  }>,
                catch: failed(name, "reading rows")
              })
            ),
            keys: retryWhileBusy(
              Effect.try({
                try: () => (selectAllKeys.all() as Array<{ key: string }>).map((row) => row.key),
                catch: failed(name, "listing its rows")
              })
            )
          }
        },
        catch: failed(definition.name, "creating its table")
      })
    )
  )
