/**
 * The delivery ledger in PostgreSQL: the instances sharing one database share it. A claim is one
 * `UPDATE … WHERE delivery_id = (SELECT … FOR UPDATE SKIP LOCKED)`: two senders never claim the same row, and
 * neither waits for the other.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as Pg from "pg"
import * as PgTables from "../server/PgTables.ts"
import { fail, type LedgerError, type LedgerShape, type Row, toDelivery } from "./Ledger.ts"

/**
 * How to reach the database.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly connectionString: string
  /** The schema of the tables (default `public`); created when missing. */
  readonly schema?: string | undefined
  readonly poolSize?: number | undefined
}

/**
 * Connects (and creates the tables), closed with the scope.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<LedgerShape, LedgerError, Scope.Scope> =>
  Effect.gen(function* () {
    const schema = PgTables.quoteSchema(options.schema ?? "public")
    const deliveries = `${schema}.outbox_deliveries`
    const checkpoints = `${schema}.outbox_checkpoint`
    const pool = yield* PgTables.pool(options.connectionString, options.poolSize ?? 2)
    const query = PgTables.querier(pool, fail)
    // Two instances starting together may both create: the advisory lock makes the migration one at a time.
    yield* query(
      "migrate",
      PgTables.serialized(`CREATE SCHEMA IF NOT EXISTS ${schema};
       CREATE TABLE IF NOT EXISTS ${deliveries} (
         delivery_id text PRIMARY KEY,
         position bigint NOT NULL,
         status text NOT NULL,
         attempts integer NOT NULL DEFAULT 0,
         owner text,
         lease_until bigint,
         next_attempt_at bigint NOT NULL,
         error_code text,
         error text,
         sent_at bigint,
         created_at bigint NOT NULL
       );
       CREATE INDEX IF NOT EXISTS outbox_deliveries_due ON ${deliveries} (status, next_attempt_at);
       CREATE TABLE IF NOT EXISTS ${checkpoints} (name text PRIMARY KEY, position bigint NOT NULL);`)
    )
    return {
      checkpoint: query<{ position: string }>(
        "read the checkpoint",
        `SELECT position FROM ${checkpoints} WHERE name = 'invitations'`
      ).pipe(Effect.map((result) => (result.rows[0] === undefined ? 0n : BigInt(result.rows[0].position)))),
      record: (entries, checkpoint, now) =>
        Effect.tryPromise({
          try: async () => {
            const client = await pool.connect()
            try {
              await client.query("BEGIN")
              if (entries.length > 0)
                await client.query(
                  `INSERT INTO ${deliveries} (delivery_id, position, status, next_attempt_at, created_at)
                   SELECT id, pos, 'pending', $3, $3 FROM unnest($1::text[], $2::bigint[]) AS t(id, pos)
                   ON CONFLICT (delivery_id) DO NOTHING`,
                  [entries.map((e) => e.deliveryId), entries.map((e) => e.position.toString()), now]
                )
              await client.query(
                `INSERT INTO ${checkpoints} (name, position) VALUES ('invitations', $1)
                 ON CONFLICT (name) DO UPDATE SET position = greatest(${checkpoints}.position, excluded.position)`,
                [checkpoint.toString()]
              )
              await client.query("COMMIT")
            } catch (error) {
              await client.query("ROLLBACK").catch(() => {})
              throw error
            } finally {
              client.release()
            }
          },
          catch: fail("record")
        }),
      claim: (owner, now, leaseMillis) =>
        query<{ delivery_id: string; position: string; attempts: number }>(
          "claim",
          `UPDATE ${deliveries} SET status = 'sending', owner = $1, lease_until = $2, attempts = attempts + 1
           WHERE delivery_id = (
             SELECT delivery_id FROM ${deliveries}
             WHERE (status = 'pending' AND next_attempt_at <= $3) OR (status = 'sending' AND lease_until <= $3)
             ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING delivery_id, position, attempts`,
          [owner, now + leaseMillis, now]
        ).pipe(
          Effect.map((result) => {
            const row = result.rows[0]
            return row === undefined
              ? undefined
              : { deliveryId: row.delivery_id, position: BigInt(row.position), attempts: Number(row.attempts) }
          })
        ),
      finish: (claimed, owner, outcome, now) =>
        query(
          "finish",
          `UPDATE ${deliveries} SET status = $1, error_code = $2, error = $3, sent_at = $4, owner = NULL,
             lease_until = NULL
           WHERE delivery_id = $5 AND owner = $6 AND status = 'sending'`,
          [
            outcome.status,
            outcome.errorCode ?? null,
            outcome.error ?? null,
            outcome.status === "sent" ? now : null,
            claimed.deliveryId,
            owner
          ]
        ).pipe(Effect.map((result) => result.rowCount === 1)),
      reschedule: (claimed, owner, failure, nextAttemptAt) =>
        query(
          "reschedule",
          `UPDATE ${deliveries} SET status = 'pending', error_code = $1, error = $2, next_attempt_at = $3,
             owner = NULL, lease_until = NULL
           WHERE delivery_id = $4 AND owner = $5 AND status = 'sending'`,
          [failure.errorCode, failure.error, nextAttemptAt, claimed.deliveryId, owner]
        ).pipe(Effect.map((result) => result.rowCount === 1)),
      list: query<Row & Pg.QueryResultRow>(
        "list",
        `SELECT delivery_id, position, status, attempts, error_code, error, sent_at FROM ${deliveries}
         ORDER BY position, delivery_id`
      ).pipe(Effect.map((result) => result.rows.map(toDelivery)))
    } satisfies LedgerShape
  })
