/**
 * The SQLite file behind the store: one `node:sqlite` connection per process, opened in WAL mode with the
 * chosen durability, the schema created or migrated to the current version (see `SqliteSchema`), and closed with
 * its scope.
 *
 * One connection is enough (and is what makes group commit simple): `DatabaseSync` is synchronous, so a
 * transaction opened by the writer or by a projection is committed before any other JavaScript runs; reads
 * never interleave with a half-written transaction of this process. Other processes that open the same file
 * are serialized by SQLite's write lock; `busyTimeout` is how long a statement waits for that lock.
 *
 * @since 0.1.0
 */
import { DatabaseSync } from "node:sqlite"
import { EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as SqliteSchema from "./SqliteSchema.ts"

/**
 * How durable a commit is.
 * - `full` (default): `synchronous=FULL`; the WAL is fsynced at every commit: a committed append survives a
 *   process crash and a power loss.
 * - `normal`: `synchronous=NORMAL`; no fsync per commit: a committed append survives a process crash but the
 *   last commits may be lost on power loss or OS crash (the file stays consistent). About 3× faster.
 *
 * @since 0.1.0
 */
export type Durability = "full" | "normal"

/**
 * Options for opening the file.
 *
 * @since 0.1.0
 */
export interface OpenOptions {
  /** Path of the database file (created if missing); `:memory:` for a private in-memory database. */
  readonly filename: string
  /** See {@link Durability}; default `full`. */
  readonly durability?: Durability | undefined
  /** Milliseconds a statement waits for another process's lock before SQLITE_BUSY (default 5000). */
  readonly busyTimeout?: number | undefined
  /**
   * For a new, empty store only: the global position of the first event (default 1n), e.g. `2n ** 53n` to
   * prove positions stay exact beyond `Number.MAX_SAFE_INTEGER`.
   */
  readonly initialPosition?: bigint | undefined
  /**
   * The metadata key whose string value is an event's scope, indexed for `readScope` (letters, digits and `_`).
   * The file records it: an open without a key keeps the file's, an open with another key re-indexes the log.
   */
  readonly scopeKey?: string | undefined
}

/**
 * An open database file.
 *
 * @since 0.1.0
 */
export interface SqliteDatabase {
  readonly filename: string
  readonly durability: Durability
  /** The process's connection: projections write their read models through it, in the same file. */
  readonly connection: DatabaseSync
  /** The metadata key the file indexes as the scope of an event (none: no index, `readScope` fails). */
  readonly scopeKey: string | undefined
}

/**
 * Whether an error thrown by `node:sqlite` is SQLITE_BUSY or SQLITE_LOCKED (another connection holds the lock).
 *
 * @since 0.1.0
 */
export const isBusy = (error: unknown): boolean => {
  const code = errorCode(error)
  return code !== undefined && ((code & 0xff) === 5 || (code & 0xff) === 6)
}

/**
 * The SQLite (extended) result code of an error thrown by `node:sqlite`, if any.
 *
 * @since 0.1.0
 */
export const errorCode = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "errcode" in error && typeof error.errcode === "number"
    ? error.errcode
    : undefined

/**
 * Opens (and creates if needed) the file synchronously, migrating its schema; throws the `SchemaTooNew`
 * `EventStoreError` for a file of a newer schema version than this code knows. Prefer {@link open}, which
 * closes it with a scope.
 *
 * @since 0.1.0
 */
export const openUnsafe = (options: OpenOptions): SqliteDatabase => {
  const durability = options.durability ?? "full"
  const connection = new DatabaseSync(options.filename, { timeout: options.busyTimeout ?? 5000 })
  let scopeKey: string | undefined
  try {
    // WAL: readers never block the writer, and a commit is one sequential write to the log.
    connection.exec("PRAGMA journal_mode = WAL")
    connection.exec(`PRAGMA synchronous = ${durability === "full" ? "FULL" : "NORMAL"}`)
    connection.exec("PRAGMA foreign_keys = ON")
    scopeKey = SqliteSchema.create(connection, options.initialPosition, options.scopeKey)
  } catch (error) {
    connection.close()
    throw error
  }
  return { filename: options.filename, durability, connection, scopeKey }
}

/**
 * Opens (and creates if needed) the file, migrating its schema; closes it when the scope closes. Fails with
 * reason `SchemaTooNew` (nothing written) for a file of a newer schema version than this code knows.
 *
 * @since 0.1.0
 */
export const open = (
  options: OpenOptions
): Effect.Effect<SqliteDatabase, EventStoreError.EventStoreError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => openUnsafe(options),
      catch: (cause) =>
        new EventStoreError.EventStoreError({
          // A refusal of the schema (`SchemaTooNew`) keeps its own reason, so a caller can tell it apart.
          reason: cause instanceof EventStoreError.EventStoreError ? cause.reason : "OpenFailed",
          message: `Cannot open the SQLite event store ${options.filename}: ${messageOf(cause)}`,
          cause
        })
    }),
    (database) =>
      Effect.sync(() => {
        if (database.connection.isOpen) database.connection.close()
      })
  )

/**
 * The message of an unknown thrown value.
 *
 * @since 0.1.0
 */
export const messageOf = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))
