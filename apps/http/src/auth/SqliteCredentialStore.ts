/**
 * The credentials in their own SQLite file (`<dataDir>/credentials.db`), the default of `pnpm start`: a file of
 * the app's, apart from the event log's and the sessions' (sessions are swept hourly, credentials are not).
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { Store } from "./CredentialStore.ts"
import { SessionStoreError } from "./SessionStore.ts"

const schema = `
CREATE TABLE IF NOT EXISTS http_credentials (
  user_id TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`

const attempt = <A>(what: string, run: () => A): Effect.Effect<A, SessionStoreError> =>
  Effect.try({ try: run, catch: (cause) => new SessionStoreError({ message: `credentials: ${what} failed`, cause }) })

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
      return db
    }),
    (db) => Effect.sync(() => db.close())
  ).pipe(
    Effect.map((db): Store => {
      const get = db.prepare("SELECT password_hash FROM http_credentials WHERE user_id = ?")
      const set = db.prepare(
        `INSERT INTO http_credentials (user_id, password_hash, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`
      )
      const erase = db.prepare("DELETE FROM http_credentials WHERE user_id = ?")
      return {
        get: (userId) =>
          attempt("get", () => (get.get(userId) as { password_hash: string } | undefined)?.password_hash),
        set: (userId, hash, at) =>
          attempt("set", () => {
            set.run(userId, hash, at)
          }),
        erase: (userId) =>
          attempt("erase", () => {
            erase.run(userId)
          })
      }
    })
  )
