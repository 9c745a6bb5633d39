import { spawnSync } from "node:child_process"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { ProjectionLock } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { SqliteDatabase, SqliteProjectionLock } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()
const database = SqliteDatabase.openUnsafe({ filename: freshFile(dir) })
afterAll(() => database.connection.close())

/** The pid of a process that has exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" })
  return Number(child.stdout)
}

const writeRow = (name: string, pid: number, heartbeatAt: number) =>
  database.connection
    .prepare(
      "INSERT OR REPLACE INTO projection_locks (name, owner, pid, heartbeat_at) VALUES (?, 'someone-else', ?, ?)"
    )
    .run(name, pid, heartbeatAt)

// Live clock throughout: leases beat, expire and are retried on real time.
describe("SqliteProjectionLock", () => {
  const locks = SqliteProjectionLock.make(database, { ttl: 300, retryInterval: 20 })

  it.live("one holder at a time; released with its scope", () =>
    Effect.gen(function* () {
      const first = yield* Scope.make()
      const lease = yield* Scope.provide(locks.tryAcquire("p1"), first)
      expect(lease?.isHeld()).toBe(true)
      const second = yield* Scope.make()
      expect(yield* Scope.provide(locks.tryAcquire("p1"), second)).toBeUndefined()
      // Another name is independent.
      expect(yield* Scope.provide(locks.tryAcquire("p2"), second)).toBeDefined()
      yield* Scope.close(first, Exit.void)
      expect(yield* Scope.provide(locks.tryAcquire("p1"), second)).toBeDefined()
      yield* Scope.close(second, Exit.void)
    })
  )

  it.live("a live holder keeps the lock beyond the ttl through its heartbeat", () =>
    Effect.gen(function* () {
      const slowLocks = SqliteProjectionLock.make(database, { ttl: 1000 })
      const first = yield* Scope.make()
      yield* Scope.provide(slowLocks.tryAcquire("beat"), first)
      yield* Effect.sleep("2500 millis")
      const second = yield* Scope.make()
      expect(yield* Scope.provide(slowLocks.tryAcquire("beat"), second)).toBeUndefined()
      yield* Scope.close(first, Exit.void)
      yield* Scope.close(second, Exit.void)
    })
  )

  it.live("a lock whose holder process died is taken over at once", () =>
    Effect.gen(function* () {
      writeRow("dead", deadPid(), Date.now())
      expect(yield* locks.tryAcquire("dead")).toBeDefined()
    })
  )

  it.live("a live process whose heartbeat stopped loses the lock after the ttl, and acquire waits for that", () =>
    Effect.gen(function* () {
      writeRow("stale", process.ppid, Date.now())
      expect(yield* locks.tryAcquire("stale")).toBeUndefined()
      const lease = yield* locks.acquire("stale")
      expect(lease.isHeld()).toBe(true)
    })
  )

  it.live("a holder that was taken over knows it lost the lock", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const lease = yield* Scope.provide(locks.tryAcquire("lost"), scope)
      writeRow("lost", process.ppid, Date.now())
      yield* Effect.sleep("600 millis")
      expect(lease?.isHeld()).toBe(false)
      yield* Scope.close(scope, Exit.void)
      // Its release does not delete the new holder's row.
      const row = database.connection.prepare("SELECT owner FROM projection_locks WHERE name = 'lost'").get()
      expect(row).toEqual({ owner: "someone-else" })
    })
  )
})

describe("SqliteProjectionLock.layer", () => {
  it.live("provides the ProjectionLock service of @orga/event-store, exclusive across runners", () =>
    Effect.gen(function* () {
      const held = yield* Effect.gen(function* () {
        const lock = yield* ProjectionLock.ProjectionLock
        return yield* Effect.scoped(
          Effect.gen(function* () {
            yield* lock.acquire("via-layer")
            const other = SqliteProjectionLock.make(database)
            return yield* Effect.scoped(other.tryAcquire("via-layer"))
          })
        )
      }).pipe(Effect.provide(SqliteProjectionLock.layer(database)))
      expect(held).toBeUndefined()
      // Released with the scope.
      expect(
        database.connection.prepare("SELECT count(*) AS n FROM projection_locks WHERE name = 'via-layer'").get()
      ).toEqual({ n: 0 })
    })
  )
})
