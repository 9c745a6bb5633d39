/**
 * A partitioned projection (`PartitionedProjection` of `@orga/event-store`) kept in a table beside the log:
 * `<schema>.rm_<name>` (key text primary key, scope text indexed, version bigint, state bytea), its checkpoint a
 * row of `<schema>.projection_checkpoints`.
 *
 * A batch is one transaction: lock the checkpoint row (`FOR UPDATE`: two runners that both think they lead take
 * turns, and the second skips what the first folded), route the fresh events, load the touched rows in one query,
 * fold, upsert the rows whose bytes changed (`version + 1`) in one statement, move the checkpoint, commit. The
 * leader is `ProjectionRunner.run` under `PostgresProjectionLock` (a session advisory lock that PostgreSQL frees
 * when the leader's process dies); instances read rows by key or by scope (the school they serve).
 *
 * @since 0.1.0
 */
import { type PartitionedProjection, PartitionedProjection as Partitions, ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { isValidSchemaName } from "./internal/Identifiers.ts"
import { type Target, transaction } from "./PostgresProjection.ts"

/**
 * A partitioned sink on PostgreSQL, plus the name of its table.
 *
 * @category models
 * @since 0.1.0
 */
export interface PostgresPartitions<S> extends PartitionedProjection.PartitionedSink<S> {
  /** `<schema>.rm_<name>`. */
  readonly table: string
}

const failed = (name: string, what: string) => Partitions.databaseFailure(name, what)

interface DbRow {
  readonly key: string
  readonly version: string
  readonly state: Buffer
}

const toRow = (row: DbRow) => ({ key: row.key, version: BigInt(row.version), state: row.state as Uint8Array })

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * Creates the projection's table (if missing) and its checkpoint row, and returns its sink. `target` is the
 * store's pool and schema (`PostgresEventStore.make` answers both); `options` (the log: the store's `readAll`)
 * let the leader write its router only now and then (`PartitionedProjection.RouterOptions`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <S, E, R>(
  target: Target,
  definition: PartitionedProjection.Definition<S, E, R>,
  options: PartitionedProjection.RouterOptions = {}
): Effect.Effect<PostgresPartitions<S>, ProjectionSink.ProjectionError> =>
  Effect.gen(function* () {
    const { pool, schema } = target
    const { name } = definition
    yield* Partitions.validateName(name)
    // Both names are interpolated into SQL: checked before any query.
    if (!isValidSchemaName(schema))
      return yield* Effect.fail(
        new ProjectionSink.ProjectionError({
          projection: name,
          reason: "InvalidInput",
          message: `Partitioned projection ${name}: schema name ${JSON.stringify(schema)} must match [a-z_][a-z0-9_]{0,47}`
        })
      )
    const table = `${schema}.rm_${name}`
    const checkpoints = `${schema}.projection_checkpoints`

    yield* Effect.tryPromise({
      try: () =>
        transaction(pool, async (tx) => {
          // Instances starting together would race on `CREATE TABLE IF NOT EXISTS` (a unique violation in the
          // catalogue): they take turns.
          await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`orga-partitions:${table}`])
          await tx.query(
            `CREATE TABLE IF NOT EXISTS ${table} (
               key text PRIMARY KEY, scope text, version bigint NOT NULL, state bytea NOT NULL)`
          )
          await tx.query(`CREATE INDEX IF NOT EXISTS rm_${name}_scope ON ${table} (scope) WHERE scope IS NOT NULL`)
          await tx.query(`INSERT INTO ${checkpoints} (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [
            name
          ])
        }),
      catch: failed(name, "creating its table")
    })

    const checkpoint = Effect.tryPromise({
      try: async () => {
        const result = await pool.query<{ position: string }>(
          `SELECT position::text AS position FROM ${checkpoints} WHERE name = $1`,
          [name]
        )
        return BigInt(result.rows[0]?.position ?? "0")
      },
      catch: failed(name, "reading its checkpoint")
    })

    const leader = Partitions.leaderRouter(definition, options)

    const applyOnce = (events: ReadonlyArray<import("@orga/event-store").EventStore.RecordedEvent>) =>
      Effect.flatMap(leader.prepare(events, { checkpoint, readRouter }), (endsCatchUp) =>
        Effect.tryPromise({
          try: async () => {
            const committed = await transaction(pool, async (tx) => {
              const lockCheckpoint = () =>
                tx.query<{ position: string }>(
                  `SELECT position::text AS position FROM ${checkpoints} WHERE name = $1 FOR UPDATE`,
                  [name]
                )
              let current = await lockCheckpoint()
              if (current.rows.length === 0) {
                // The row `make` wrote is gone (a schema restored without it): without a row to lock, two runners
                // would both fold; recreate it (the insert waits on a concurrent one), then lock it.
                await tx.query(
                  `INSERT INTO ${checkpoints} (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
                  [name]
                )
                current = await lockCheckpoint()
              }
              const checkpoint = BigInt(current.rows[0]?.position ?? "0")
              if ((events.at(-1)?.globalPosition ?? 0n) <= checkpoint) return undefined
              // The router's row is read only when the leader does not keep the router standing at the checkpoint.
              const stored = leader.keeps(checkpoint)
                ? undefined
                : (
                    await tx.query<{ state: Buffer }>(`SELECT state FROM ${table} WHERE key = $1`, [
                      Partitions.routerKey
                    ])
                  ).rows[0]?.state
              const batch = Partitions.plan(
                definition,
                events,
                checkpoint,
                leader.take(checkpoint, () => stored)
              )
              if (batch === undefined) return undefined
              const loaded = new Map<string, { version: bigint; state: Uint8Array }>()
              if (batch.keys.length > 0) {
                const rows = await tx.query<DbRow>(
                  `SELECT key, version::text AS version, state FROM ${table} WHERE key = ANY($1::text[])`,
                  [batch.keys]
                )
                for (const row of rows.rows) loaded.set(row.key, toRow(row))
              }
              // The batch form's second round: keys named by the rows just read (none for a per-key fold).
              const more = Partitions.moreKeys(definition, batch, loaded)
              if (more.length > 0) {
                const rows = await tx.query<DbRow>(
                  `SELECT key, version::text AS version, state FROM ${table} WHERE key = ANY($1::text[])`,
                  [more]
                )
                for (const row of rows.rows) loaded.set(row.key, toRow(row))
              }
              const { changed, deleted, router } = Partitions.foldRows(definition, batch, loaded)
              if (deleted.length > 0) await tx.query(`DELETE FROM ${table} WHERE key = ANY($1::text[])`, [deleted])
              if (changed.length > 0)
                await tx.query(
                  `INSERT INTO ${table} (key, scope, version, state)
                   SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[])
                   ON CONFLICT (key) DO UPDATE
                     SET scope = excluded.scope, version = excluded.version, state = excluded.state`,
                  [
                    changed.map((row) => row.key),
                    changed.map((row) => row.scope),
                    changed.map((row) => row.version.toString()),
                    changed.map((row) => toBuffer(row.state))
                  ]
                )
              const routerBytes = leader.toWrite(batch.last, router, endsCatchUp)
              if (routerBytes !== undefined)
                await tx.query(
                  `INSERT INTO ${table} AS r (key, scope, version, state) VALUES ($1, NULL, 1, $2)
                   ON CONFLICT (key) DO UPDATE SET version = r.version + 1, state = excluded.state`,
                  [Partitions.routerKey, toBuffer(routerBytes)]
                )
              await tx.query(`UPDATE ${checkpoints} SET position = $2::bigint, updated_at = now() WHERE name = $1`, [
                name,
                batch.last.toString()
              ])
              return { last: batch.last, router, written: routerBytes !== undefined }
            })
            // Only what committed is kept.
            if (committed !== undefined) leader.committed(committed.last, committed.router, committed.written)
          },
          catch: failed(name, "applying events")
        })
      )

    const apply = (events: ReadonlyArray<import("@orga/event-store").EventStore.RecordedEvent>) =>
      events.length === 0 ? Effect.void : Partitions.retryWhileRouterBehind(applyOnce(events))

    const reset = Effect.tryPromise({
      try: () =>
        transaction(pool, async (tx) => {
          await tx.query(`SELECT position FROM ${checkpoints} WHERE name = $1 FOR UPDATE`, [name])
          await tx.query(`TRUNCATE ${table}`)
          await tx.query(
            `INSERT INTO ${checkpoints} (name, position) VALUES ($1, 0)
             ON CONFLICT (name) DO UPDATE SET position = 0, updated_at = now()`,
            [name]
          )
          leader.drop()
        }),
      catch: failed(name, "resetting")
    })

    const select = (where: string, parameter: unknown) =>
      Effect.tryPromise({
        try: () =>
          pool.query<DbRow>(
            `SELECT key, version::text AS version, state FROM ${table} WHERE ${where} AND key <> '' ORDER BY key`,
            [parameter]
          ),
        catch: failed(name, "reading rows")
      }).pipe(Effect.flatMap((result) => Partitions.decodeRows(definition, result.rows.map(toRow))))

    // One statement sees one snapshot (even under READ COMMITTED): the checkpoint and the rows are those of one
    // committed batch. The checkpoint's row is the left side, so the answer has a row even when no key exists.
    const selectAt = <Extra extends object>(columns: string, where: string, parameter: unknown) =>
      pool.query<{ checkpoint: string; key: string | null } & Extra>(
        `SELECT coalesce(c.position, 0)::text AS checkpoint, r.key, ${columns}
         FROM (SELECT (SELECT position FROM ${checkpoints} WHERE name = $1) AS position) c
         LEFT JOIN ${table} r ON ${where}
         ORDER BY r.key`,
        [name, parameter]
      )

    const readAt = (keys: ReadonlyArray<string>) =>
      Effect.tryPromise({
        try: () =>
          selectAt<{ version: string; state: Buffer }>(
            "r.version::text AS version, r.state",
            "r.key = ANY($2::text[]) AND r.key <> ''",
            [...new Set(keys)]
          ),
        catch: failed(name, "reading rows")
      }).pipe(
        Effect.flatMap((result) =>
          Effect.map(
            Partitions.decodeRows(
              definition,
              result.rows.flatMap((row) => (row.key === null ? [] : [toRow(row as DbRow)]))
            ),
            (rows) => ({ checkpoint: BigInt(result.rows[0]?.checkpoint ?? "0"), rows })
          )
        )
      )

    const readRouter = Effect.tryPromise({
      try: async () => {
        const result = await selectAt<{ state: Buffer | null }>("r.state", "r.key = $2", Partitions.routerKey)
        const row = result.rows[0]
        return Partitions.routerAt(
          BigInt(row?.checkpoint ?? "0"),
          row?.state === null || row?.state === undefined ? null : (row.state as Uint8Array)
        )
      },
      catch: failed(name, "reading its router")
    })

    return {
      name,
      table,
      checkpoint,
      readAt,
      readRouter,
      apply,
      reset,
      read: (keys) => (keys.length === 0 ? Effect.succeed([]) : select("key = ANY($1::text[])", [...new Set(keys)])),
      readScope: (scope) => select("scope = $1", scope),
      scan: Effect.tryPromise({
        try: async () =>
          (
            await pool.query<DbRow & { scope: string | null }>(
              `SELECT key, scope, version::text AS version, state FROM ${table} ORDER BY key`
            )
          ).rows.map((row) => ({ ...toRow(row), scope: row.scope })),
        catch: failed(name, "reading rows")
      }),
      keys: Effect.tryPromise({
        try: async () =>
          (await pool.query<{ key: string }>(`SELECT key FROM ${table} ORDER BY key`)).rows.map((row) => row.key),
        catch: failed(name, "listing its rows")
      })
    }
  })
