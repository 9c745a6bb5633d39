/**
 * The tables of the store, all in one file, and their versions.
 *
 * - `events`: the log. `global_position` is an `AUTOINCREMENT` rowid: positions are never reused, and since
 *   every append runs inside a write transaction (SQLite has one writer at a time, across processes) they are
 *   assigned in commit order. A rolled-back append also rolls back `sqlite_sequence`, so no gap appears
 *   (tested after failed appends and after a writer is killed).
 * - `streams`: each stream's version, for an O(1) expected-version check.
 * - `commands`: the result of each append that carried a command id, for idempotent re-delivery.
 * - `projection_checkpoints`, `projection_locks`: read models kept in the same file (see `SqliteProjection`).
 * - `event_scopes` (version 2): the index of `readScope`, one row `(scope, first_position, last_position)` per run
 *   of consecutive events of one append whose metadata holds the same string at the store's scope key, written in
 *   the append's transaction: an import of 5,000 events of one scope writes one row, not 5,000 (ADR 0041). An
 *   append's positions are consecutive (one writer, `AUTOINCREMENT` in one transaction), so a run holds exactly
 *   `last_position - first_position + 1` events, all of its scope. A table of its own,
 *   not a column of `events`: the start-up replay scans `events`, and keeping its rows as they were keeps that
 *   scan as it was (ADR 0041). `scope_key` records which metadata key the index was built from: opening with
 *   another key rebuilds it from the metadata in one statement (see {@link indexScopes}).
 *
 * The file's schema version is SQLite's `PRAGMA user_version` (a number in the file header, 0 in a new file).
 * Opening a file applies the migrations above its version, in order, and sets the version, all in one write
 * transaction: DDL and `user_version` are transactional in SQLite, so a failed migration leaves the file as it
 * was, and processes opening the same file at once are serialized by the write lock (the second one finds
 * nothing to do). A file of a newer version than this code knows is refused before anything is written.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import { EventStoreError, Scopes } from "@orga/event-store"

/**
 * One migration: a version (applied in increasing order, never renumbered) and its statements.
 *
 * @since 0.1.0
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

// `IF NOT EXISTS`: files written before versioning (user_version 0) already hold exactly these tables, and this
// migration is what stamps them as version 1.
const createTables = `
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

// The scope index starts empty with no key recorded: the open that follows fills it for its key (`indexScopes`).
const createScopes = `
CREATE TABLE event_scopes (
  scope TEXT NOT NULL,
  first_position INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  PRIMARY KEY (scope, first_position)
) WITHOUT ROWID;
CREATE TABLE scope_key (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  key TEXT
);
INSERT INTO scope_key (singleton, key) VALUES (1, NULL);
`

/**
 * The migrations, in order. Append new ones at the end; never edit or renumber one that has shipped.
 *
 * @since 0.1.0
 */
export const migrations: ReadonlyArray<Migration> = [
  { version: 1, name: "events, streams, commands, projection checkpoints and locks", sql: createTables },
  { version: 2, name: "the scope index of readScope", sql: createScopes }
]

/**
 * Brings the scope index to `scopeKey`, inside the caller's write transaction, and answers the key the file indexes
 * from now on. The file owns its key: an open without one keeps the recorded key (a tool opening the file, e.g. the
 * CLI, keeps the index whole), and an open with another key empties the index and fills it from the events'
 * metadata in one statement, then records the key. The rebuild knows no appends: its runs are the events of one
 * scope at consecutive positions (position minus rank in the scope is constant along a run), which may join
 * appends but never holds another event. Throws an `InvalidInput` error for a bad key.
 *
 * @since 0.1.0
 */
export const indexScopes = (connection: DatabaseSync, scopeKey: string | undefined): string | undefined => {
  const recorded = (connection.prepare("SELECT key FROM scope_key").get() as { key: string | null }).key ?? undefined
  if (scopeKey === undefined || scopeKey === recorded) return recorded
  if (!Scopes.isValidKey(scopeKey)) throw Scopes.invalidKey(scopeKey)
  connection.exec("DELETE FROM event_scopes")
  const path = `$.${scopeKey}`
  connection
    .prepare(
      `INSERT INTO event_scopes (scope, first_position, last_position)
       SELECT scope, min(global_position), max(global_position) FROM (
         SELECT scope, global_position, global_position - row_number() OVER (PARTITION BY scope ORDER BY global_position) AS run
         FROM (SELECT json_extract(metadata, ?1) AS scope, global_position FROM events WHERE json_type(metadata, ?1) = 'text')
       ) GROUP BY scope, run`
    )
    .run(path)
  connection.prepare("UPDATE scope_key SET key = ?").run(scopeKey)
  return scopeKey
}

/**
 * The schema version this code writes: the last migration's.
 *
 * @since 0.1.0
 */
export const currentVersion: number = migrations[migrations.length - 1]?.version ?? 0

/**
 * The schema version of an open file (`PRAGMA user_version`; 0 for a new file or one written before versioning).
 *
 * @since 0.1.0
 */
export const versionOf = (connection: DatabaseSync): number =>
  (connection.prepare("PRAGMA user_version").get() as { user_version: number }).user_version

/**
 * The error for a file written by a newer version of the store: this code does not know its layout, and writing
 * to it could corrupt what the newer code relies on.
 *
 * @category errors
 * @since 0.1.0
 */
export const tooNew = (found: number, known: number): EventStoreError.EventStoreError =>
  new EventStoreError.EventStoreError({
    reason: "SchemaTooNew",
    message: `The SQLite event store has schema version ${found}, newer than version ${known}, the last this code knows: open it with a newer @orga/event-store-sqlite`
  })

// Applies the migrations above the file's version, inside the caller's write transaction.
const upgrade = (connection: DatabaseSync, list: ReadonlyArray<Migration>): ReadonlyArray<number> => {
  const target = list[list.length - 1]?.version ?? 0
  const found = versionOf(connection)
  if (found > target) throw tooNew(found, target)
  const applied: Array<number> = []
  for (const migration of list) {
    if (migration.version <= found) continue
    connection.exec(migration.sql)
    applied.push(migration.version)
  }
  // The pragma takes no bound parameter; `target` is a number from the code, never input.
  if (applied.length > 0) connection.exec(`PRAGMA user_version = ${Math.trunc(target)}`)
  return applied
}

/**
 * Runs `body` in one write transaction (`BEGIN IMMEDIATE`: the write lock taken at once, so a busy file waits
 * before reading rather than failing at its first write), rolled back when it throws.
 *
 * @category combinators
 * @since 0.1.0
 */
export const inWriteTransaction = <A>(connection: DatabaseSync, body: () => A): A => {
  connection.exec("BEGIN IMMEDIATE")
  try {
    const result = body()
    connection.exec("COMMIT")
    return result
  } catch (error) {
    if (connection.isTransaction) connection.exec("ROLLBACK")
    throw error
  }
}

/**
 * Brings the file up to the last of `migrations` in one write transaction, and answers the versions it applied
 * (empty when the file was already there). Throws {@link tooNew}'s error, writing nothing, when the file's
 * version is above the last migration.
 *
 * @since 0.1.0
 */
export const migrate = (connection: DatabaseSync, list: ReadonlyArray<Migration> = migrations): ReadonlyArray<number> =>
  inWriteTransaction(connection, () => upgrade(connection, list))

/**
 * Migrates the file to {@link currentVersion} (see {@link migrate}), indexes the scopes of `scopeKey` (see
 * {@link indexScopes}) and, for a store that has never held an event, makes the first position
 * `initialPosition`, in the same write transaction (several processes may open a new file at once). Answers the
 * scope key the file indexes.
 *
 * @since 0.1.0
 */
export const create = (
  connection: DatabaseSync,
  initialPosition: bigint | undefined,
  scopeKey?: string | undefined
): string | undefined => {
  // AUTOINCREMENT gives max(rowid, sqlite_sequence) + 1: a sequence at initialPosition - 1 starts there.
  const startAfter = initialPosition === undefined ? 0n : initialPosition - 1n
  return inWriteTransaction(connection, () => {
    upgrade(connection, migrations)
    const indexed = indexScopes(connection, scopeKey)
    if (startAfter <= 0n) return indexed
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
    return indexed
  })
}
