/**
 * The snapshot store in the log's own SQLite file (docs/adr/0056-read-model-snapshots.md): one table,
 * `read_model_snapshots`, beside the events and the key table, and the floor below which no snapshot is kept
 * (a row of its own, with no bytes).
 *
 * A removed snapshot's bytes are overwritten (`secure_delete`, set by the key store too) and the write-ahead log is
 * checkpointed and truncated, so neither the file nor its `-wal` keeps a removed snapshot.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import { EventStoreError, type SnapshotStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { messageOf } from "./SqliteDatabase.ts"
import * as SqliteSchema from "./SqliteSchema.ts"

const failure = (what: string) => (cause: unknown) =>
  new EventStoreError.EventStoreError({
    reason: "Database",
    message: `The SQLite snapshot store could not ${what}: ${messageOf(cause)}`,
    cause
  })

const floorId = "~floor"

interface HeaderRow {
  readonly id: unknown
  readonly position: unknown
  readonly format: unknown
  readonly fingerprint: unknown
  readonly key_subject: unknown
  readonly size: unknown
  readonly created_at: unknown
}

const headerOf = (row: HeaderRow): SnapshotStore.Header => ({
  id: String(row.id),
  position: BigInt(row.position as number | bigint),
  format: Number(row.format),
  fingerprint: String(row.fingerprint),
  keySubject: row.key_subject === null ? null : String(row.key_subject),
  size: Number(row.size),
  createdAt: String(row.created_at)
})

/**
 * The snapshot store over the log's connection (the table is created if missing). Its writes are synchronous
 * transactions on that connection, so they never interleave with the event writer's.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  connection: DatabaseSync
): Effect.Effect<SnapshotStore.SnapshotStoreShape, EventStoreError.EventStoreError> =>
  Effect.try({
    try: (): SnapshotStore.SnapshotStoreShape => {
      connection.exec("PRAGMA secure_delete = ON")
      connection.exec(
        `CREATE TABLE IF NOT EXISTS read_model_snapshots (
          id TEXT PRIMARY KEY, position INTEGER NOT NULL, format INTEGER NOT NULL, fingerprint TEXT NOT NULL,
          key_subject TEXT, size INTEGER NOT NULL, created_at TEXT NOT NULL, bytes BLOB)`
      )
      const columns = "id, position, format, fingerprint, key_subject, size, created_at"
      const listed = connection.prepare(
        `SELECT ${columns} FROM read_model_snapshots WHERE id <> '${floorId}' AND position >= coalesce((SELECT position FROM read_model_snapshots WHERE id = '${floorId}'), 0) ORDER BY position DESC, created_at DESC`
      )
      listed.setReadBigInts(true)
      const below = connection.prepare(
        `SELECT ${columns} FROM read_model_snapshots WHERE id <> '${floorId}' AND position < ?`
      )
      below.setReadBigInts(true)
      const floor = connection.prepare(`SELECT position FROM read_model_snapshots WHERE id = '${floorId}'`)
      floor.setReadBigInts(true)
      const bytes = connection.prepare("SELECT bytes FROM read_model_snapshots WHERE id = ?")
      const insert = connection.prepare(
        `INSERT INTO read_model_snapshots (${columns}, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      )
      const remove = connection.prepare("DELETE FROM read_model_snapshots WHERE id = ?")
      const setFloor = connection.prepare(
        `INSERT INTO read_model_snapshots (${columns}) VALUES ('${floorId}', ?, 0, '', NULL, 0, '')
         ON CONFLICT (id) DO UPDATE SET position = max(position, excluded.position)`
      )
      const floorNow = (): bigint => {
        const row = floor.get() as { position: bigint } | undefined
        return row === undefined ? 0n : row.position
      }
      const transaction = <A>(body: () => A): A => SqliteSchema.inWriteTransaction(connection, body)
      // The removed bytes may sit in the write-ahead log until a checkpoint: copy them over and truncate it.
      const scrub = (removed: ReadonlyArray<unknown>) => {
        if (removed.length > 0) connection.exec("PRAGMA wal_checkpoint(TRUNCATE)")
      }
      const all = () => (listed.all() as unknown as Array<HeaderRow>).map(headerOf)
      return {
        list: Effect.try({ try: all, catch: failure("list its snapshots") }),
        read: (id) =>
          Effect.try({
            try: () => {
              const row = bytes.get(id) as { bytes: Uint8Array | null } | undefined
              return row === undefined || row.bytes === null ? undefined : new Uint8Array(row.bytes)
            },
            catch: failure("read a snapshot")
          }),
        write: (header, data, keep) =>
          Effect.try({
            try: () => {
              const outcome = transaction(() => {
                if (header.position < floorNow()) return { written: false, removed: [] }
                insert.run(
                  header.id,
                  header.position,
                  header.format,
                  header.fingerprint,
                  header.keySubject,
                  data.length,
                  header.createdAt,
                  data
                )
                const removed = all().slice(Math.max(keep, 1))
                for (const old of removed) remove.run(old.id)
                return { written: true, removed }
              })
              scrub(outcome.removed)
              return outcome
            },
            catch: failure("write a snapshot")
          }),
        dropBelow: (position) =>
          Effect.try({
            try: () => {
              const removed = transaction(() => {
                setFloor.run(position)
                const found = (below.all(position) as unknown as Array<HeaderRow>).map(headerOf)
                for (const old of found) remove.run(old.id)
                return found
              })
              scrub(removed)
              return removed
            },
            catch: failure("drop its snapshots")
          })
      }
    },
    catch: failure("be opened")
  })
