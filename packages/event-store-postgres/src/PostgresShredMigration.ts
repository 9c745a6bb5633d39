/**
 * The crypto-shredding migration's access to a PostgreSQL log (`ShredMigration`): events rewritten in place, batch
 * by batch, each batch with its checkpoint (table `personal_data_migration`) in one transaction; at the end the
 * events table is rewritten (`VACUUM FULL`), so the old rows' clear bytes leave its files (the server's WAL and
 * its archives keep them until they are recycled: ADR 0049).
 *
 * @since 0.1.0
 */
import { EventStoreError, type ShredMigration } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Pg from "pg"
import { isValidSchemaName } from "./internal/Identifiers.ts"

const failure = (cause: unknown) =>
  new EventStoreError.EventStoreError({
    reason: "Database",
    message: `The personal data migration of the PostgreSQL log failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause
  })

/**
 * The migration's target over the store's pool, in `schema`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const target = (
  pool: Pg.Pool,
  schema: string
): Effect.Effect<ShredMigration.Target, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    if (!isValidSchemaName(schema)) return yield* Effect.die(new Error(`Invalid schema name ${schema}`))
    const table = `${schema}.personal_data_migration`
    yield* Effect.tryPromise({
      try: () =>
        pool.query(
          `CREATE TABLE IF NOT EXISTS ${table} (id int PRIMARY KEY CHECK (id = 1), last_position bigint NOT NULL)`
        ),
      catch: failure
    })
    return {
      checkpoint: Effect.tryPromise({
        try: async () => {
          const found = await pool.query<{ last: string }>(`SELECT last_position::text AS last FROM ${table}`)
          return found.rows.length === 0 ? 0n : BigInt(found.rows[0]!.last)
        },
        catch: failure
      }),
      read: (after, limit) =>
        Effect.tryPromise({
          try: async () => {
            const found = await pool.query<{ position: string; type: string; data: string }>(
              `SELECT global_position::text AS position, event_type AS type, data::text AS data FROM ${schema}.events
               WHERE global_position > $1::bigint ORDER BY global_position LIMIT $2`,
              [after.toString(), limit]
            )
            return found.rows.map((row) => ({ position: BigInt(row.position), type: row.type, data: row.data }))
          },
          catch: failure
        }),
      write: (rows, last) =>
        Effect.tryPromise({
          try: async () => {
            const client = await pool.connect()
            try {
              await client.query("BEGIN")
              if (rows.length > 0)
                await client.query(
                  `UPDATE ${schema}.events AS e SET data = u.data::json
                   FROM unnest($1::bigint[], $2::text[]) AS u(position, data) WHERE e.global_position = u.position`,
                  [rows.map((row) => row.position.toString()), rows.map((row) => row.data)]
                )
              await client.query(
                `INSERT INTO ${table} (id, last_position) VALUES (1, $1::bigint)
                 ON CONFLICT (id) DO UPDATE SET last_position = excluded.last_position`,
                [last.toString()]
              )
              await client.query("COMMIT")
            } catch (error) {
              await client.query("ROLLBACK").catch(() => undefined)
              throw error
            } finally {
              client.release()
            }
          },
          catch: failure
        }),
      finish: Effect.tryPromise({ try: () => pool.query(`VACUUM FULL ${schema}.events`), catch: failure })
    } satisfies ShredMigration.Target
  })
