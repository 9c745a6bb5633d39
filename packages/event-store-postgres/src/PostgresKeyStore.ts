/**
 * The key store of crypto-shredding in the log's own PostgreSQL schema: one table, `personal_data_keys`, beside
 * the events (one backup holds both; docs/adr/0049-crypto-shredding.md). Several app instances share it: a key
 * is inserted once (`ON CONFLICT DO NOTHING`, the stored one wins) and read back.
 *
 * Destroying a key sets its row to a tombstone, then `VACUUM FULL` rewrites the (small) table so the dead row's
 * bytes leave the table's files. The server's own write-ahead log keeps them until it is recycled, and archives
 * and backups until their retention ends: the ADR says so.
 *
 * @since 0.1.0
 */
import { EventStoreError, type KeyStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Pg from "pg"
import { isValidSchemaName } from "./internal/Identifiers.ts"

const failure = (what: string) => (cause: unknown) =>
  new EventStoreError.EventStoreError({
    reason: "Database",
    message: `The PostgreSQL key store could not ${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause
  })

interface KeyRow {
  readonly subject: string
  readonly wrapped: Buffer | null
}

const rowOf = (row: KeyRow): KeyStore.Row => [row.subject, row.wrapped === null ? null : new Uint8Array(row.wrapped)]

/**
 * The key store in `schema` over the store's pool (the table is created if missing).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  pool: Pg.Pool,
  schema: string
): Effect.Effect<KeyStore.KeyStoreShape, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    if (!isValidSchemaName(schema)) return yield* Effect.die(new Error(`Invalid schema name ${schema}`))
    const table = `${schema}.personal_data_keys`
    const query = <R extends object>(what: string, text: string, values?: ReadonlyArray<unknown>) =>
      Effect.tryPromise({
        try: () => pool.query<R & Pg.QueryResultRow>(text, values as Array<unknown> | undefined),
        catch: failure(what)
      })
    yield* query(
      "create its table",
      `CREATE TABLE IF NOT EXISTS ${table} (subject text PRIMARY KEY, wrapped bytea)`
    ).pipe(
      // Two instances creating the table at once: the loser's unique violation means it exists.
      Effect.catch((error) =>
        String((error.cause as { code?: unknown } | undefined)?.code) === "23505" ? Effect.void : Effect.fail(error)
      )
    )
    const get = (subjects: ReadonlyArray<string>) =>
      subjects.length === 0
        ? Effect.succeed([] as Array<KeyStore.Row>)
        : Effect.map(
            query<KeyRow>("read keys", `SELECT subject, wrapped FROM ${table} WHERE subject = ANY($1::text[])`, [
              subjects
            ]),
            (result) => result.rows.map(rowOf)
          )
    return {
      all: Effect.map(query<KeyRow>("read its keys", `SELECT subject, wrapped FROM ${table}`), (result) =>
        result.rows.map(rowOf)
      ),
      get,
      create: (rows) =>
        Effect.flatMap(
          query(
            "store new keys",
            `INSERT INTO ${table} (subject, wrapped) SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT (subject) DO NOTHING`,
            [rows.map(([subject]) => subject), rows.map(([, wrapped]) => Buffer.from(wrapped))]
          ),
          () => get(rows.map(([subject]) => subject))
        ),
      destroy: (subject) =>
        Effect.gen(function* () {
          const updated = yield* query(
            "destroy a key",
            `UPDATE ${table} SET wrapped = NULL WHERE subject = $1 AND wrapped IS NOT NULL`,
            [subject]
          )
          if ((updated.rowCount ?? 0) === 0) return (yield* get([subject])).length === 0 ? "unknown" : "already"
          yield* query("rewrite its table", `VACUUM FULL ${table}`)
          return "destroyed"
        })
    } satisfies KeyStore.KeyStoreShape
  })
