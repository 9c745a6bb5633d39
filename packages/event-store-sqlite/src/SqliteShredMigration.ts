/**
 * The crypto-shredding migration's access to a SQLite log (`ShredMigration`): events rewritten in place, batch by
 * batch, each batch with its checkpoint (table `personal_data_migration`) in one transaction; at the end the file
 * is vacuumed and its write-ahead log truncated, so the clear bytes of the old events leave the file.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import { EventStoreError, type ShredMigration } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { messageOf } from "./SqliteDatabase.ts"

const failure = (cause: unknown) =>
  new EventStoreError.EventStoreError({
    reason: "Database",
    message: `The personal data migration of the SQLite log failed: ${messageOf(cause)}`,
    cause
  })

/**
 * The migration's target over the log's connection.
 *
 * @category constructors
 * @since 0.1.0
 */
export const target = (connection: DatabaseSync): ShredMigration.Target => {
  connection.exec(
    "CREATE TABLE IF NOT EXISTS personal_data_migration (id INTEGER PRIMARY KEY CHECK (id = 1), last_position INTEGER NOT NULL)"
  )
  const checkpoint = connection.prepare("SELECT last_position FROM personal_data_migration WHERE id = 1")
  checkpoint.setReadBigInts(true)
  const read = connection.prepare(
    "SELECT global_position, type, data FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?"
  )
  read.setReadBigInts(true)
  const update = connection.prepare("UPDATE events SET data = ? WHERE global_position = ?")
  const save = connection.prepare(
    "INSERT INTO personal_data_migration (id, last_position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_position = excluded.last_position"
  )
  return {
    checkpoint: Effect.try({
      try: () => (checkpoint.get() as { last_position?: bigint } | undefined)?.last_position ?? 0n,
      catch: failure
    }),
    read: (after, limit) =>
      Effect.try({
        try: () =>
          (read.all(after, limit) as Array<{ global_position: bigint; type: string; data: string }>).map((row) => ({
            position: row.global_position,
            type: row.type,
            data: row.data
          })),
        catch: failure
      }),
    write: (rows, last) =>
      Effect.try({
        try: () => {
          connection.exec("BEGIN IMMEDIATE")
          try {
            for (const row of rows) update.run(row.data, row.position)
            save.run(last)
            connection.exec("COMMIT")
          } catch (error) {
            if (connection.isTransaction) connection.exec("ROLLBACK")
            throw error
          }
        },
        catch: failure
      }),
    finish: Effect.try({
      try: () => {
        connection.exec("PRAGMA secure_delete = ON")
        connection.exec("VACUUM")
        connection.exec("PRAGMA wal_checkpoint(TRUNCATE)")
      },
      catch: failure
    })
  }
}
