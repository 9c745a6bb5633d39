/**
 * The session store contract, run on both adapters: SQLite (its own file in a temporary data dir) and PostgreSQL
 * (the run's private cluster, a fresh schema per test).
 */
import { randomBytes } from "node:crypto"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as fc from "fast-check"
import * as Pg from "pg"
import { describe, expect, inject, it } from "vitest"
import * as PostgresSessionStore from "../src/auth/PostgresSessionStore.ts"
import type { SessionRecord, Store } from "../src/auth/SessionStore.ts"
import * as Sessions from "../src/auth/Sessions.ts"
import * as SqliteSessionStore from "../src/auth/SqliteSessionStore.ts"
import { tempDir } from "./support.ts"

const databaseUrl = (): string => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (!url) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
  return url
}

const run = <A, E>(program: Effect.Effect<A, E, Scope.Scope>): Promise<A> => Effect.runPromise(Effect.scoped(program))

const t0 = Date.UTC(2026, 11, 4, 8, 0, 0)

interface Adapter {
  readonly name: string
  readonly open: () => {
    readonly store: Effect.Effect<Store, unknown, Scope.Scope>
    readonly rawRows: () => Promise<string>
  }
}

const adapters: ReadonlyArray<Adapter> = [
  {
    name: "SQLite",
    open: () => {
      const file = Path.join(tempDir(), "sessions.db")
      return {
        store: SqliteSessionStore.make(file),
        rawRows: async () => {
          const db = new DatabaseSync(file)
          try {
            return JSON.stringify(db.prepare("SELECT * FROM http_sessions").all())
          } finally {
            db.close()
          }
        }
      }
    }
  },
  {
    name: "PostgreSQL",
    open: () => {
      const schema = `test_${randomBytes(6).toString("hex")}`
      return {
        store: PostgresSessionStore.make({ connectionString: databaseUrl(), schema, poolSize: 2 }),
        rawRows: async () => {
          const client = new Pg.Client({ connectionString: databaseUrl() })
          await client.connect()
          try {
            return JSON.stringify((await client.query(`SELECT * FROM "${schema}".http_sessions`)).rows)
          } finally {
            await client.end()
          }
        }
      }
    }
  }
]

for (const adapter of adapters) {
  describe(`${adapter.name} session store`, () => {
    it("opens a session and a token, finds them by their secret, never stores the secret", async () => {
      const { store, rawRows } = adapter.open()
      const [cookie, token] = await run(
        Effect.gen(function* () {
          const s = yield* store
          const cookie = yield* Sessions.open(s, "account-1", "cookie", t0)
          const token = yield* Sessions.open(s, "account-1", "token", t0)
          expect(yield* Sessions.authenticate(s, cookie.secret, "cookie", t0 + 1)).toEqual(cookie.record)
          expect(yield* Sessions.authenticate(s, token.secret, "token", t0 + 1)).toEqual(token.record)
          // A token presented as a cookie (or the reverse) is refused.
          expect(yield* Sessions.authenticate(s, token.secret, "cookie", t0 + 1)).toBeUndefined()
          expect(yield* Sessions.authenticate(s, cookie.secret, "token", t0 + 1)).toBeUndefined()
          // An unknown secret of the right shape, and junk.
          expect(yield* Sessions.authenticate(s, randomBytes(32).toString("base64url"), "cookie", t0)).toBeUndefined()
          expect(yield* Sessions.authenticate(s, "x'; DROP TABLE http_sessions; --", "cookie", t0)).toBeUndefined()
          yield* s.ping
          return [cookie, token] as const
        })
      )
      expect(token.secret.startsWith(Sessions.tokenPrefix)).toBe(true)
      expect(cookie.record.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(token.record.csrfToken).toBe("")
      const rows = await rawRows()
      expect(rows).toContain(Sessions.hashSecret(cookie.secret))
      expect(rows).not.toContain(cookie.secret)
      expect(rows).not.toContain(token.secret)
    })

    it("expires sessions after their lifetime and deletes expired records", async () => {
      const { store } = adapter.open()
      await run(
        Effect.gen(function* () {
          const s = yield* store
          const cookie = yield* Sessions.open(s, "account-2", "cookie", t0)
          const token = yield* Sessions.open(s, "account-2", "token", t0)
          const cookieEnd = t0 + Sessions.lifetimes.cookie
          expect(yield* Sessions.authenticate(s, cookie.secret, "cookie", cookieEnd - 1)).toBeDefined()
          expect(yield* Sessions.authenticate(s, cookie.secret, "cookie", cookieEnd)).toBeUndefined()
          expect(yield* Sessions.authenticate(s, token.secret, "token", cookieEnd)).toBeDefined()
          expect(yield* s.deleteExpired(cookieEnd + 1)).toBe(1)
          expect(yield* s.find(Sessions.hashSecret(cookie.secret))).toBeUndefined()
          expect(yield* s.find(Sessions.hashSecret(token.secret))).toBeDefined()
        })
      )
    })

    it("revokes one session at sign-out, or every session of an account", async () => {
      const { store } = adapter.open()
      await run(
        Effect.gen(function* () {
          const s = yield* store
          const a = yield* Sessions.open(s, "account-3", "cookie", t0)
          const b = yield* Sessions.open(s, "account-3", "token", t0)
          const c = yield* Sessions.open(s, "account-3", "cookie", t0)
          const other = yield* Sessions.open(s, "account-4", "cookie", t0)
          yield* Sessions.revoke(s, a.secret, t0 + 10)
          expect(yield* Sessions.authenticate(s, a.secret, "cookie", t0 + 11)).toBeUndefined()
          expect((yield* s.find(Sessions.hashSecret(a.secret)))?.revokedAt).toBe(t0 + 10)
          expect(yield* Sessions.authenticate(s, c.secret, "cookie", t0 + 11)).toBeDefined()
          // Revoking again changes nothing (the first time is kept).
          yield* Sessions.revoke(s, a.secret, t0 + 20)
          expect((yield* s.find(Sessions.hashSecret(a.secret)))?.revokedAt).toBe(t0 + 10)
          expect(yield* s.revokeAccount("account-3", t0 + 30)).toBe(2)
          expect(yield* Sessions.authenticate(s, b.secret, "token", t0 + 31)).toBeUndefined()
          expect(yield* Sessions.authenticate(s, c.secret, "cookie", t0 + 31)).toBeUndefined()
          expect(yield* Sessions.authenticate(s, other.secret, "cookie", t0 + 31)).toBeDefined()
        })
      )
    })

    it("reopens an existing store with its records", async () => {
      const { store } = adapter.open()
      const opened = await run(Effect.flatMap(store, (s) => Sessions.open(s, "account-5", "cookie", t0)))
      const found = await run(Effect.flatMap(store, (s) => Sessions.authenticate(s, opened.secret, "cookie", t0 + 1)))
      expect(found).toEqual(opened.record)
    })
  })
}

it("fails with SessionStoreError (not a crash) when PostgreSQL does not answer", async () => {
  const result = await Effect.runPromise(
    Effect.scoped(
      PostgresSessionStore.make({ connectionString: "postgres://postgres@127.0.0.1:1/none" }).pipe(Effect.flip)
    )
  )
  expect(result._tag).toBe("SessionStoreError")
})

describe("SQLite session store: records kept in memory", () => {
  /** The record of a hash as the file holds it now, read by a connection of its own. */
  const inFile = (file: string, idHash: string): SessionRecord | undefined => {
    const db = new DatabaseSync(file)
    try {
      const row = db.prepare("SELECT * FROM http_sessions WHERE id_hash = ?").get(idHash) as
        | Record<string, string | number | null>
        | undefined
      return row === undefined
        ? undefined
        : {
            idHash: row.id_hash as string,
            kind: row.kind as "cookie" | "token",
            accountId: row.account_id as string,
            csrfToken: row.csrf_token as string,
            createdAt: row.created_at as number,
            expiresAt: row.expires_at as number,
            revokedAt: row.revoked_at as number | null
          }
    } finally {
      db.close()
    }
  }

  it("refuses at once a session revoked by another store on the same file (another instance)", async () => {
    const file = Path.join(tempDir(), "sessions.db")
    await run(
      Effect.gen(function* () {
        const a = yield* SqliteSessionStore.make(file)
        const b = yield* SqliteSessionStore.make(file)
        const one = yield* Sessions.open(a, "account-6", "token", t0)
        const two = yield* Sessions.open(a, "account-6", "cookie", t0)
        const three = yield* Sessions.open(a, "account-7", "token", t0)
        // Found once, then kept by A.
        for (const [opened, kind] of [
          [one, "token"],
          [two, "cookie"],
          [three, "token"]
        ] as const)
          expect(yield* Sessions.authenticate(a, opened.secret, kind, t0 + 1)).toEqual(opened.record)
        yield* Sessions.revoke(b, one.secret, t0 + 2)
        expect(yield* Sessions.authenticate(a, one.secret, "token", t0 + 3)).toBeUndefined()
        expect(yield* Sessions.authenticate(a, two.secret, "cookie", t0 + 3)).toEqual(two.record)
        expect(yield* b.revokeAccount("account-6", t0 + 4)).toBe(1)
        expect(yield* Sessions.authenticate(a, two.secret, "cookie", t0 + 5)).toBeUndefined()
        expect(yield* b.deleteExpired(t0 + Sessions.lifetimes.token + 1)).toBe(3)
        expect(yield* a.find(Sessions.hashSecret(three.secret))).toBeUndefined()
      })
    )
  })

  it("serves a found record from memory until the file's version changes", async () => {
    const file = Path.join(tempDir(), "sessions.db")
    await run(
      Effect.gen(function* () {
        const a = yield* SqliteSessionStore.make(file)
        const b = yield* SqliteSessionStore.make(file)
        const opened = yield* Sessions.open(a, "account-8", "token", t0)
        const idHash = Sessions.hashSecret(opened.secret)
        expect((yield* a.find(idHash))?.accountId).toBe("account-8")
        // Changed behind the stores' back, without changing the version: A still answers from memory (what the
        // module's doc asks of whoever edits the file by hand).
        const raw = new DatabaseSync(file)
        raw.prepare("UPDATE http_sessions SET account_id = 'edited' WHERE id_hash = ?").run(idHash)
        raw.close()
        expect((yield* a.find(idHash))?.accountId).toBe("account-8")
        // Any revocation on the file (here of an unknown session, by B) changes the version: A reads again.
        yield* b.revoke("0".repeat(64), t0)
        expect((yield* a.find(idHash))?.accountId).toBe("edited")
      })
    )
  })

  it("answers what the file holds after any sequence of opens, finds, revocations and deletions on two stores (property)", async () => {
    type Op =
      | { readonly _tag: "open"; readonly by: 0 | 1; readonly account: number; readonly kind: "cookie" | "token" }
      | { readonly _tag: "find"; readonly by: 0 | 1; readonly session: number }
      | { readonly _tag: "revoke"; readonly by: 0 | 1; readonly session: number; readonly at: number }
      | { readonly _tag: "revokeAccount"; readonly by: 0 | 1; readonly account: number; readonly at: number }
      | { readonly _tag: "deleteExpired"; readonly by: 0 | 1; readonly at: number }
    const by = fc.constantFrom(0 as const, 1 as const)
    const at = fc.integer({ min: 0, max: Sessions.lifetimes.token + 10 })
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        _tag: fc.constant("open" as const),
        by,
        account: fc.nat(2),
        kind: fc.constantFrom("cookie" as const, "token" as const)
      }),
      fc.record({ _tag: fc.constant("find" as const), by, session: fc.nat(20) }),
      fc.record({ _tag: fc.constant("find" as const), by, session: fc.nat(20) }),
      fc.record({ _tag: fc.constant("revoke" as const), by, session: fc.nat(20), at }),
      fc.record({ _tag: fc.constant("revokeAccount" as const), by, account: fc.nat(2), at }),
      fc.record({ _tag: fc.constant("deleteExpired" as const), by, at })
    )
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) =>
        run(
          Effect.gen(function* () {
            const file = Path.join(tempDir(), "sessions.db")
            const stores = [yield* SqliteSessionStore.make(file), yield* SqliteSessionStore.make(file)] as const
            const hashes: Array<string> = []
            for (const step of ops) {
              const store = stores[step.by]
              if (step._tag === "open")
                hashes.push((yield* Sessions.open(store, `account-${step.account}`, step.kind, t0)).record.idHash)
              else if (step._tag === "revokeAccount")
                yield* store.revokeAccount(`account-${step.account}`, t0 + step.at)
              else if (step._tag === "deleteExpired") yield* store.deleteExpired(t0 + step.at)
              else {
                const idHash = hashes[step.session % Math.max(1, hashes.length)] ?? "0".repeat(64)
                if (step._tag === "revoke") yield* store.revoke(idHash, t0 + step.at)
                else expect(yield* store.find(idHash)).toEqual(inFile(file, idHash))
              }
              // After every step, both stores answer every session as the file holds it.
              for (const idHash of hashes)
                for (const each of stores) expect(yield* each.find(idHash)).toEqual(inFile(file, idHash))
            }
          })
        )
      ),
      { numRuns: 40 }
    )
  })
})
