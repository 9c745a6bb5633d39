/**
 * The idempotency store in a SQLite file (`<dataDir>/idempotency.db`).
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { fail, found, type IdempotencyStoreError, type Store } from "./IdempotencyStore.ts"

/**
 * Opens (and creates) the store, closed with the scope.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (file: string): Effect.Effect<Store, IdempotencyStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const db = yield* Effect.acquireRelease(
      Effect.try({
        try: () => {
          Fs.mkdirSync(Path.dirname(file), { recursive: true })
          const db = new DatabaseSync(file)
          db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
          db.exec(`CREATE TABLE IF NOT EXISTS http_idempotency (
            owner TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
            status INTEGER, headers TEXT, body BLOB,
            lease_until INTEGER NOT NULL, expires_at INTEGER NOT NULL,
            PRIMARY KEY (owner, key));
            CREATE INDEX IF NOT EXISTS http_idempotency_expires ON http_idempotency (expires_at);`)
          return db
        },
        catch: fail("open")
      }),
      (db) => Effect.sync(() => db.close())
    )
    const take = db.prepare(
      `INSERT INTO http_idempotency (owner, key, fingerprint, lease_until, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (owner, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL, headers = NULL,
         body = NULL, lease_until = excluded.lease_until, expires_at = excluded.expires_at
       WHERE http_idempotency.expires_at <= ?
          OR (http_idempotency.status IS NULL AND http_idempotency.lease_until <= ?
              AND http_idempotency.fingerprint = excluded.fingerprint)
       RETURNING 1 AS taken`
    )
    const read = db.prepare(
      "SELECT fingerprint, status, headers, body FROM http_idempotency WHERE owner = ? AND key = ?"
    )
    const complete = db.prepare(
      "UPDATE http_idempotency SET status = ?, headers = ?, body = ? WHERE owner = ? AND key = ? AND status IS NULL"
    )
    const release = db.prepare("DELETE FROM http_idempotency WHERE owner = ? AND key = ? AND status IS NULL")
    const sweep = db.prepare("DELETE FROM http_idempotency WHERE expires_at <= ?")
    return {
      begin: (attempt) =>
        Effect.try({
          try: () => {
            const taken = take.get(
              attempt.owner,
              attempt.key,
              attempt.fingerprint,
              attempt.now + attempt.leaseMillis,
              attempt.now + attempt.ttlMillis,
              attempt.now,
              attempt.now
            )
            if (taken !== undefined) return { _tag: "Started" as const }
            const row = read.get(attempt.owner, attempt.key) as Parameters<typeof found>[0] | undefined
            return row === undefined ? { _tag: "Busy" as const } : found(row, attempt.fingerprint)
          },
          catch: fail("begin")
        }),
      complete: (owner, key, response) =>
        Effect.try({
          try: () => {
            complete.run(response.status, JSON.stringify(response.headers), response.body, owner, key)
          },
          catch: fail("complete")
        }),
      release: (owner, key) =>
        Effect.try({
          try: () => {
            release.run(owner, key)
          },
          catch: fail("release")
        }),
      deleteExpired: (now) => Effect.try({ try: () => Number(sweep.run(now).changes), catch: fail("sweep") })
    } satisfies Store
  })
