/**
 * The session store in its own SQLite file (`<dataDir>/sessions.db`, `node:sqlite`): the default of `pnpm start`.
 *
 * Its own file, not the event log's: sessions are not events (they expire, are deleted, hold no history) and the
 * log's file stays the library's.
 *
 * The records found are kept in memory (at most `memoLimit`) while the file's `SessionVersion` has not changed:
 * every revocation and deletion, by this process or another one on the same file, changes it once committed, so a
 * revoked session is refused at once everywhere, while a request of a live one reads 8 bytes instead of a SQLite
 * row (the read transaction's locks were the largest cost of a cached page in `bench/http`, ADR 0054). Whoever
 * revokes sessions in the file by other means (an `UPDATE` by hand) must change the version too, or restart the app.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type SessionRecord, SessionStoreError, type Store } from "./SessionStore.ts"
import * as SessionVersion from "./SessionVersion.ts"

const schema = `
CREATE TABLE IF NOT EXISTS http_sessions (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cookie', 'token')),
  account_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS http_sessions_account ON http_sessions (account_id);
CREATE INDEX IF NOT EXISTS http_sessions_expires ON http_sessions (expires_at);
`

interface Row {
  id_hash: string
  kind: "cookie" | "token"
  account_id: string
  csrf_token: string
  created_at: number
  expires_at: number
  revoked_at: number | null
}

const toRecord = (row: Row): SessionRecord => ({
  idHash: row.id_hash,
  kind: row.kind,
  accountId: row.account_id,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at
})

const attempt = <A>(what: string, run: () => A): Effect.Effect<A, SessionStoreError> =>
  Effect.try({ try: run, catch: (cause) => new SessionStoreError({ message: `sessions: ${what} failed`, cause }) })

/**
 * How many found records a store keeps in memory (a record is about 300 bytes): a school's day of signed-in
 * staff and students, and more.
 *
 * @category getters
 * @since 0.3.0
 */
export const memoLimit = 10_000

/**
 * Opens (creating it when needed) the store in `file`, closed with the scope.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (file: string): Effect.Effect<Store, SessionStoreError, Scope.Scope> =>
  Effect.acquireRelease(
    attempt("open", () => {
      Fs.mkdirSync(Path.dirname(file), { recursive: true })
      const db = new DatabaseSync(file)
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
      db.exec(schema)
      return { db, version: SessionVersion.open(file) }
    }),
    ({ db, version }) =>
      Effect.sync(() => {
        version.close()
        db.close()
      })
  ).pipe(
    Effect.map(({ db, version }): Store => {
      const insert = db.prepare(
        "INSERT INTO http_sessions (id_hash, kind, account_id, csrf_token, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
      )
      const find = db.prepare("SELECT * FROM http_sessions WHERE id_hash = ?")
      const revoke = db.prepare("UPDATE http_sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL")
      const revokeAccount = db.prepare(
        "UPDATE http_sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL"
      )
      const deleteExpired = db.prepare("DELETE FROM http_sessions WHERE expires_at < ?")
      const ping = db.prepare("SELECT 1")
      // Records found, valid while the version read before finding them is the file's (misses are not kept: an
      // insert never has to drop anything).
      const memo = new Map<string, SessionRecord>()
      let memoVersion: bigint | undefined
      /** Runs a change, then drops what memory holds and changes the version, for every process on the file. */
      const changing = <A>(change: () => A): A => {
        const result = change()
        memo.clear()
        version.bump()
        return result
      }
      return {
        insert: (record) =>
          attempt("insert", () => {
            insert.run(
              record.idHash,
              record.kind,
              record.accountId,
              record.csrfToken,
              record.createdAt,
              record.expiresAt,
              record.revokedAt
            )
          }),
        find: (idHash) =>
          attempt("find", () => {
            // Read before the row: a revocation committed after this read changes the version the next find reads.
            const current = version.read()
            if (current !== memoVersion) {
              memo.clear()
              memoVersion = current
            }
            const kept = current === undefined ? undefined : memo.get(idHash)
            if (kept !== undefined) return kept
            const row = find.get(idHash) as Row | undefined
            if (row === undefined) return undefined
            const record = toRecord(row)
            if (current !== undefined) {
              // Bounded: the oldest kept record goes first.
              if (memo.size >= memoLimit) memo.delete(memo.keys().next().value as string)
              memo.set(idHash, record)
            }
            return record
          }),
        revoke: (idHash, at) =>
          attempt("revoke", () =>
            changing(() => {
              revoke.run(at, idHash)
            })
          ),
        revokeAccount: (accountId, at) =>
          attempt("revoke", () => changing(() => Number(revokeAccount.run(at, accountId).changes))),
        deleteExpired: (now) => attempt("delete", () => changing(() => Number(deleteExpired.run(now).changes))),
        ping: attempt("ping", () => {
          ping.get()
        })
      }
    })
  )
