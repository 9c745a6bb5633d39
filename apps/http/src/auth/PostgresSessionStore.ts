/**
 * The session store on PostgreSQL (`pg`), for several app instances on one database (`DATABASE_URL`).
 *
 * The table lives in the given schema (default `public`) beside the event store's tables; it is created when
 * missing. Times are epoch milliseconds in `bigint` columns, like the SQLite adapter, so both behave the same.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as PgTables from "../server/PgTables.ts"
import { type SessionRecord, SessionStoreError, type Store } from "./SessionStore.ts"

/**
 * Where to connect.
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

interface Row {
  id_hash: string
  kind: "cookie" | "token"
  account_id: string
  csrf_token: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

const toRecord = (row: Row): SessionRecord => ({
  idHash: row.id_hash,
  kind: row.kind,
  accountId: row.account_id,
  csrfToken: row.csrf_token,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at)
})

/**
 * Connects (a pool, closed with the scope) and creates the table when missing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<Store, SessionStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const schema = PgTables.quoteSchema(options.schema ?? "public")
    const table = `${schema}.http_sessions`
    const pool = yield* PgTables.pool(options.connectionString, options.poolSize ?? 4)
    const query = PgTables.querier(
      pool,
      (what) => (cause) => new SessionStoreError({ message: `sessions: ${what} failed`, cause })
    )
    yield* query(
      "migrate",
      PgTables.serialized(`CREATE SCHEMA IF NOT EXISTS ${schema};
       CREATE TABLE IF NOT EXISTS ${table} (
         id_hash text PRIMARY KEY,
         kind text NOT NULL CHECK (kind IN ('cookie', 'token')),
         account_id text NOT NULL,
         csrf_token text NOT NULL,
         created_at bigint NOT NULL,
         expires_at bigint NOT NULL,
         revoked_at bigint
       );
       CREATE INDEX IF NOT EXISTS http_sessions_account ON ${table} (account_id);
       CREATE INDEX IF NOT EXISTS http_sessions_expires ON ${table} (expires_at);`)
    )
    return {
      insert: (record) =>
        query(
          "insert",
          `INSERT INTO ${table} (id_hash, kind, account_id, csrf_token, created_at, expires_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            record.idHash,
            record.kind,
            record.accountId,
            record.csrfToken,
            record.createdAt,
            record.expiresAt,
            record.revokedAt
          ]
        ).pipe(Effect.asVoid),
      find: (idHash) =>
        query<Row>("find", `SELECT * FROM ${table} WHERE id_hash = $1`, [idHash]).pipe(
          Effect.map((result) => (result.rows[0] === undefined ? undefined : toRecord(result.rows[0])))
        ),
      revoke: (idHash, at) =>
        query("revoke", `UPDATE ${table} SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL`, [
          at,
          idHash
        ]).pipe(Effect.asVoid),
      revokeAccount: (accountId, at) =>
        query("revoke", `UPDATE ${table} SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL`, [
          at,
          accountId
        ]).pipe(Effect.map((result) => result.rowCount ?? 0)),
      deleteExpired: (now) =>
        query("delete", `DELETE FROM ${table} WHERE expires_at < $1`, [now]).pipe(
          Effect.map((result) => result.rowCount ?? 0)
        ),
      ping: query("ping", "SELECT 1").pipe(Effect.asVoid)
    }
  })
