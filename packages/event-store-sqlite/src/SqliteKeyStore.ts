/**
 * The key store of crypto-shredding in the log's own SQLite file: one table, `personal_data_keys`, beside the
 * events (a backup or a copy of the file carries both; docs/adr/0049-crypto-shredding.md).
 *
 * Destroying a key overwrites it: `secure_delete` zeroes the freed bytes, and the write-ahead log is checkpointed
 * and truncated at once, so neither the file nor its `-wal` keeps the destroyed key.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import { EventStoreError, type KeyStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { messageOf } from "./SqliteDatabase.ts"

const failure = (what: string) => (cause: unknown) =>
  new EventStoreError.EventStoreError({
    reason: "Database",
    message: `The SQLite key store could not ${what}: ${messageOf(cause)}`,
    cause
  })

const row = (value: { readonly subject: unknown; readonly wrapped: unknown }): KeyStore.Row => [
  String(value.subject),
  value.wrapped === null ? null : new Uint8Array(value.wrapped as Uint8Array)
]

/**
 * The key store over the log's connection (the table is created if missing). The connection's writes are
 * synchronous, so they never interleave with the event writer's transactions.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  connection: DatabaseSync
): Effect.Effect<KeyStore.KeyStoreShape, EventStoreError.EventStoreError> =>
  Effect.try({
    try: (): KeyStore.KeyStoreShape => {
      connection.exec("PRAGMA secure_delete = ON")
      connection.exec(
        "CREATE TABLE IF NOT EXISTS personal_data_keys (subject TEXT PRIMARY KEY, wrapped BLOB) WITHOUT ROWID"
      )
      const all = connection.prepare("SELECT subject, wrapped FROM personal_data_keys")
      const one = connection.prepare("SELECT subject, wrapped FROM personal_data_keys WHERE subject = ?")
      const insert = connection.prepare("INSERT OR IGNORE INTO personal_data_keys (subject, wrapped) VALUES (?, ?)")
      const destroy = connection.prepare(
        "UPDATE personal_data_keys SET wrapped = NULL WHERE subject = ? AND wrapped IS NOT NULL"
      )
      const get = (subjects: ReadonlyArray<string>): Array<KeyStore.Row> =>
        subjects.flatMap((subject) => {
          const found = one.get(subject)
          return found === undefined ? [] : [row(found as { subject: unknown; wrapped: unknown })]
        })
      return {
        all: Effect.try({
          try: () => all.all().map((found) => row(found as { subject: unknown; wrapped: unknown })),
          catch: failure("read its keys")
        }),
        get: (subjects) => Effect.try({ try: () => get(subjects), catch: failure("read keys") }),
        create: (rows) =>
          Effect.try({
            try: () => {
              connection.exec("BEGIN IMMEDIATE")
              try {
                for (const [subject, wrapped] of rows) insert.run(subject, wrapped)
                connection.exec("COMMIT")
              } catch (error) {
                if (connection.isTransaction) connection.exec("ROLLBACK")
                throw error
              }
              return get(rows.map(([subject]) => subject))
            },
            catch: failure("store new keys")
          }),
        destroy: (subject) =>
          Effect.try({
            try: () => {
              if (Number(destroy.run(subject).changes) === 0)
                return one.get(subject) === undefined ? "unknown" : "already"
              // The key's old bytes are in the write-ahead log until a checkpoint: copy them over and truncate it.
              connection.exec("PRAGMA wal_checkpoint(TRUNCATE)")
              return "destroyed"
            },
            catch: failure("destroy a key")
          })
      }
    },
    catch: failure("be opened")
  })
