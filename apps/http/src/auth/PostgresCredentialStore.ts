/**
 * The credentials on PostgreSQL (`DATABASE_URL`): table `http_credentials` beside the sessions, shared by every
 * instance.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as PgTables from "../server/PgTables.ts"
import type { Store } from "./CredentialStore.ts"
import { SessionStoreError } from "./SessionStore.ts"

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
}

/**
 * Connects (a pool, closed with the scope) and creates the table when missing.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<Store, SessionStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const schema = PgTables.quoteSchema(options.schema ?? "public")
    const table = `${schema}.http_credentials`
    const pool = yield* PgTables.pool(options.connectionString, 2)
    const query = PgTables.querier(
      pool,
      (what) => (cause) => new SessionStoreError({ message: `credentials: ${what} failed`, cause })
    )
    yield* query(
      "migrate",
      PgTables.serialized(`CREATE SCHEMA IF NOT EXISTS ${schema};
       CREATE TABLE IF NOT EXISTS ${table} (
         user_id text PRIMARY KEY,
         password_hash text NOT NULL,
         updated_at bigint NOT NULL
       );`)
    )
    return {
      get: (userId) =>
        query<{ password_hash: string }>("get", `SELECT password_hash FROM ${table} WHERE user_id = $1`, [userId]).pipe(
          Effect.map((result) => result.rows[0]?.password_hash)
        ),
      set: (userId, hash, at) =>
        query(
          "set",
          `INSERT INTO ${table} (user_id, password_hash, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
          [userId, hash, at]
        ).pipe(Effect.asVoid),
      erase: (userId) => query("erase", `DELETE FROM ${table} WHERE user_id = $1`, [userId]).pipe(Effect.asVoid)
    }
  })
