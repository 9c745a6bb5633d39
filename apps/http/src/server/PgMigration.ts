/**
 * The app's own PostgreSQL tables (sessions, credentials, the mail ledger, idempotency) are created by each instance
 * at start; two instances starting together must not both create them.
 *
 * @since 0.1.0
 */

/**
 * The statements of a migration, made safe against a concurrent start: sent as one string, PostgreSQL runs them in
 * one implicit transaction, and the transaction-scoped advisory lock taken first is held until that transaction
 * commits, so the second instance sees the tables the first created. One lock for every store of the app, as they
 * share the schema they create. (A session lock released by the last
 * statement is released before the commit: the second instance then creates the same table again and fails on
 * `pg_type_typname_nsp_index`.)
 *
 * @category constructors
 * @since 0.1.0
 */
export const serialized = (statements: string): string =>
  `SELECT pg_advisory_xact_lock(hashtext('orga_http_migrate'));\n${statements}`
