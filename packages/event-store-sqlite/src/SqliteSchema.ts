/**
 * The tables of the store, all in one file:
 * - `events`: the log. `global_position` is an `AUTOINCREMENT` rowid: positions are never reused, and since
 *   every append runs inside a write transaction (SQLite has one writer at a time, across processes) they are
 *   assigned in commit order. A rolled-back append also rolls back `sqlite_sequence`, so no gap appears
 *   (tested after failed appends and after a writer is killed).
 * - `streams`: each stream's version, for an O(1) expected-version check.
 * - `commands`: the result of each append that carried a command id, for idempotent re-delivery.
 * - `projection_checkpoints`, `projection_locks`: read models kept in the same file (see `SqliteProjection`).
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"

const ddl = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  command_id TEXT,
  UNIQUE (stream_id, stream_version)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commands (
  command_id TEXT PRIMARY KEY,
  result TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projection_locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  pid INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
) WITHOUT ROWID;
`

/**
 * Creates the tables if missing, in one write transaction (several processes may open a new file at once).
 * `initialPosition` only applies to a store that has never held an event.
 *
 * @since 0.1.0
 */
export const create = (connection: DatabaseSync, initialPosition: bigint | undefined): void => {
  // AUTOINCREMENT gives max(rowid, sqlite_sequence) + 1: a sequence at initialPosition - 1 starts there.
  const startAfter = initialPosition === undefined ? 0n : initialPosition - 1n
  connection.exec("BEGIN IMMEDIATE")
  try {
    connection.exec(ddl)
    if (startAfter > 0n) {
      const sequence = connection.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
      sequence.setReadBigInts(true)
      const existing = sequence.get() as { seq: bigint } | undefined
      if (existing === undefined) {
        connection.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)").run(startAfter)
      } else if (existing.seq < startAfter) {
        const count = connection.prepare("SELECT count(*) AS n FROM events").get() as { n: number }
        if (count.n === 0) {
          connection.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(startAfter)
        }
      }
    }
    connection.exec("COMMIT")
  } catch (error) {
    if (connection.isTransaction) connection.exec("ROLLBACK")
    throw error
  }
}
