/**
 * The idempotency store in PostgreSQL, shared by the instances on one database.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as Pg from "pg"
import * as PgTables from "../server/PgTables.ts"
import { fail, found, type IdempotencyStoreError, type Store } from "./IdempotencyStore.ts"

/**
 * How to reach the database.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly connectionString: string
  /** The schema of the table (default `public`); created when missing. */
  readonly schema?: string | undefined
  readonly poolSize?: number | undefined
}

/**
 * Connects (and creates the table), closed with the scope.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<Store, IdempotencyStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const schema = PgTables.quoteSchema(options.schema ?? "public")
    const table = `${schema}.http_idempotency`
    const pool = yield* PgTables.pool(options.connectionString, options.poolSize ?? 4)
    const query = PgTables.querier(pool, fail)
    yield* query(
      "migrate",
      PgTables.serialized(`CREATE SCHEMA IF NOT EXISTS ${schema};
       CREATE TABLE IF NOT EXISTS ${table} (
         owner text NOT NULL, key text NOT NULL, fingerprint text NOT NULL,
         status integer, headers text, body bytea,
         lease_until bigint NOT NULL, expires_at bigint NOT NULL,
         PRIMARY KEY (owner, key));
       CREATE INDEX IF NOT EXISTS http_idempotency_expires ON ${table} (expires_at);`)
    )
    return {
      begin: (attempt) =>
        Effect.gen(function* () {
          const taken = yield* query(
            "begin",
            `INSERT INTO ${table} AS t (owner, key, fingerprint, lease_until, expires_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (owner, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL,
               headers = NULL, body = NULL, lease_until = excluded.lease_until, expires_at = excluded.expires_at
             WHERE t.expires_at <= $6
                OR (t.status IS NULL AND t.lease_until <= $6 AND t.fingerprint = excluded.fingerprint)
             RETURNING 1 AS taken`,
            [
              attempt.owner,
              attempt.key,
              attempt.fingerprint,
              attempt.now + attempt.leaseMillis,
              attempt.now + attempt.ttlMillis,
              attempt.now
            ]
          )
          if (taken.rowCount === 1) return { _tag: "Started" as const }
          const read = yield* query<Parameters<typeof found>[0] & Pg.QueryResultRow>(
            "read",
            `SELECT fingerprint, status, headers, body FROM ${table} WHERE owner = $1 AND key = $2`,
            [attempt.owner, attempt.key]
          )
          const row = read.rows[0]
          return row === undefined ? { _tag: "Busy" as const } : found(row, attempt.fingerprint)
        }),
      complete: (owner, key, response) =>
        query(
          "complete",
          `UPDATE ${table} SET status = $1, headers = $2, body = $3 WHERE owner = $4 AND key = $5 AND status IS NULL`,
          [response.status, JSON.stringify(response.headers), Buffer.from(response.body), owner, key]
        ).pipe(Effect.asVoid),
      release: (owner, key) =>
        query("release", `DELETE FROM ${table} WHERE owner = $1 AND key = $2 AND status IS NULL`, [owner, key]).pipe(
          Effect.asVoid
        ),
      deleteExpired: (now) =>
        query("sweep", `DELETE FROM ${table} WHERE expires_at <= $1`, [now]).pipe(
          Effect.map((result) => result.rowCount ?? 0)
        )
    } satisfies Store
  })
