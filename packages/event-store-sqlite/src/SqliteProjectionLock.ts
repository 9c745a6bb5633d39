/**
 * One active runner per projection, across the processes that share the SQLite file.
 *
 * The lock is a row of `projection_locks` (name, owner, pid, heartbeat_at), taken in a write transaction.
 * The holder refreshes `heartbeat_at` every `ttl / 3`; another process takes the lock over when the heartbeat
 * is older than `ttl`, or at once when the holder's pid is no longer alive (SQLite files are local, so every
 * process sharing the file runs on this host). Releasing (closing the scope) deletes the row.
 *
 * A holder whose heartbeat finds the row taken by someone else has lost the lock: `isHeld` turns false and
 * the runner must stop writing (its sink's checkpoint check still prevents double counting).
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import type { DatabaseSync } from "node:sqlite"
import { ProjectionLock, ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as SqliteDatabase from "./SqliteDatabase.ts"
import { transaction } from "./SqliteProjection.ts"

/**
 * Options of the lock.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Milliseconds after which a holder that stopped its heartbeat loses the lock (default 10000). */
  readonly ttl?: number | undefined
  /** Milliseconds between two attempts while another runner holds the lock (default 250). */
  readonly retryInterval?: number | undefined
}

/**
 * A held lock.
 *
 * @since 0.1.0
 */
export interface Lease {
  readonly name: string
  readonly owner: string
  /** False once another process took the lock over (this one's heartbeat stopped for longer than `ttl`). */
  readonly isHeld: () => boolean
}

/**
 * The lock service of one database (a `ProjectionLockShape` of `@orga/event-store`, plus `tryAcquire`).
 *
 * @since 0.1.0
 */
export interface SqliteProjectionLock extends ProjectionLock.ProjectionLockShape<ProjectionSink.ProjectionError> {
  /** Takes the lock if free (or stale); `undefined` when another live runner holds it. Released with the scope. */
  readonly tryAcquire: (name: string) => Effect.Effect<Lease | undefined, ProjectionSink.ProjectionError, Scope.Scope>
  /** Waits until the lock is taken. Released with the scope. */
  readonly acquire: (name: string) => Effect.Effect<Lease, ProjectionSink.ProjectionError, Scope.Scope>
}

const isAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const lockError = (name: string, cause: unknown): ProjectionSink.ProjectionError =>
  new ProjectionSink.ProjectionError({
    projection: name,
    reason: SqliteDatabase.isBusy(cause) ? "Busy" : "LockFailed",
    message: `Projection lock ${name}: ${SqliteDatabase.messageOf(cause)}`,
    cause
  })

/**
 * The lock service on the store's database (or connection).
 *
 * @since 0.1.0
 */
export const make = (
  database: SqliteDatabase.SqliteDatabase | DatabaseSync,
  options: Options = {}
): SqliteProjectionLock => {
  const db = "connection" in database ? database.connection : database
  const ttl = options.ttl ?? 10_000
  const retryInterval = options.retryInterval ?? 250

  const takeIfFree = (name: string, owner: string): boolean =>
    transaction(db, () => {
      const row = db.prepare("SELECT owner, pid, heartbeat_at FROM projection_locks WHERE name = ?").get(name) as
        | { owner: string; pid: number; heartbeat_at: number }
        | undefined
      const now = Date.now()
      if (row !== undefined && row.owner !== owner && now - row.heartbeat_at <= ttl && isAlive(row.pid)) return false
      db.prepare(
        "INSERT INTO projection_locks (name, owner, pid, heartbeat_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, heartbeat_at = excluded.heartbeat_at"
      ).run(name, owner, process.pid, now)
      return true
    })

  const heartbeat = (name: string, owner: string): boolean =>
    db.prepare("UPDATE projection_locks SET heartbeat_at = ? WHERE name = ? AND owner = ?").run(Date.now(), name, owner)
      .changes === 1

  const release = (name: string, owner: string): void => {
    if (db.isOpen) db.prepare("DELETE FROM projection_locks WHERE name = ? AND owner = ?").run(name, owner)
  }

  const tryAcquire = (name: string): Effect.Effect<Lease | undefined, ProjectionSink.ProjectionError, Scope.Scope> =>
    Effect.gen(function* () {
      const owner = randomUUID()
      const taken = yield* Effect.try({ try: () => takeIfFree(name, owner), catch: (cause) => lockError(name, cause) })
      if (!taken) return undefined
      let held = true
      // A plain timer rather than a fiber: the heartbeat must not keep an otherwise finished program alive.
      const timer = setInterval(
        () => {
          try {
            held = held && heartbeat(name, owner)
          } catch {
            // Busy for a moment: the next beat retries; ttl is several beats long.
          }
        },
        Math.max(10, Math.floor(ttl / 3))
      )
      timer.unref()
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          clearInterval(timer)
          try {
            release(name, owner)
          } catch {
            // The row expires with its heartbeat.
          }
        })
      )
      return { name, owner, isHeld: () => held }
    })

  const acquire = (name: string): Effect.Effect<Lease, ProjectionSink.ProjectionError, Scope.Scope> =>
    Effect.gen(function* () {
      while (true) {
        // Another process holding the file's write lock for long is no reason to give up: try again later.
        const lease = yield* tryAcquire(name).pipe(
          Effect.catchIf(
            (error) => error.reason === "Busy",
            () => Effect.succeed(undefined)
          )
        )
        if (lease !== undefined) return lease
        yield* Effect.sleep(retryInterval)
      }
    })

  return { tryAcquire, acquire }
}

/**
 * The lock as the `ProjectionLock` service of `@orga/event-store`, for runners in any process sharing the file.
 *
 * @since 0.1.0
 */
export const layer = (
  database: SqliteDatabase.SqliteDatabase | DatabaseSync,
  options: Options = {}
): Layer.Layer<ProjectionLock.ProjectionLock> => Layer.succeed(ProjectionLock.ProjectionLock, make(database, options))
