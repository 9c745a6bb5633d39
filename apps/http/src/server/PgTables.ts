/**
 * What the app's own PostgreSQL stores (sessions, credentials, the mail ledger, idempotency) share: a checked
 * schema name, a pool closed with the scope, one query helper, and migrations safe against instances starting
 * together.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Pg from "pg"

/**
 * A schema name quoted for SQL, after checking it is a plain identifier (it is interpolated into statements).
 *
 * @category constructors
 * @since 0.1.0
 */
export const quoteSchema = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid schema name: ${name}`)
  return `"${name}"`
}

/**
 * A pool of `max` connections, ended with the scope. An idle client's error (the server restarted) must not crash
 * the process: the next query reconnects.
 *
 * @category constructors
 * @since 0.1.0
 */
export const pool = (connectionString: string, max: number): Effect.Effect<Pg.Pool, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const created = new Pg.Pool({ connectionString, max })
      created.on("error", () => {})
      return created
    }),
    (created) => Effect.promise(() => created.end())
  )

/**
 * One query on the pool, its failure turned into the store's own error by `fail(what)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const querier =
  <E>(on: Pg.Pool, fail: (what: string) => (cause: unknown) => E) =>
  <R extends Pg.QueryResultRow>(
    what: string,
    text: string,
    values: ReadonlyArray<unknown> = []
  ): Effect.Effect<Pg.QueryResult<R>, E> =>
    Effect.tryPromise({ try: () => on.query<R>(text, [...values]), catch: fail(what) })

/**
 * The statements of a migration, made safe against a concurrent start: sent as one string, PostgreSQL runs them in
 * one implicit transaction, and the transaction-scoped advisory lock taken first is held until that transaction
 * commits, so the second instance sees the tables the first created. (A session lock released by the last
 * statement is released before the commit: the second instance then creates the same table again and fails on
 * `pg_type_typname_nsp_index`.) One lock for every store of the app, as they share the schema they create.
 *
 * @category constructors
 * @since 0.1.0
 */
export const serialized = (statements: string): string =>
  `SELECT pg_advisory_xact_lock(hashtext('orga_http_migrate'));\n${statements}`
