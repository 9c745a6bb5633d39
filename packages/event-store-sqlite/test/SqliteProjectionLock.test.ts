import { spawnSync } from "node:child_process"
import { ProjectionLock } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { afterAll, describe, expect, it } from "vitest"
import { SqliteDatabase, SqliteProjectionLock } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()
const database = SqliteDatabase.openUnsafe({ filename: freshFile(dir) })
afterAll(() => database.connection.close())
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const newScope = () => Effect.runSync(Scope.make())
const close = (scope: Scope.Closeable) => run(Scope.close(scope, Exit.void))

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

describe("SqliteProjectionLock", () => {
  const locks = SqliteProjectionLock.make(database, { ttl: 300, retryInterval: 20 })

  it("one holder at a time; released with its scope", async () => {
    const first = newScope()
    const lease = await run(Scope.provide(locks.tryAcquire("p1"), first))
    expect(lease?.isHeld()).toBe(true)
    const second = newScope()
    expect(await run(Scope.provide(locks.tryAcquire("p1"), second))).toBeUndefined()
    // Another name is independent.
    expect(await run(Scope.provide(locks.tryAcquire("p2"), second))).toBeDefined()
    await close(first)
    expect(await run(Scope.provide(locks.tryAcquire("p1"), second))).toBeDefined()
    await close(second)
  })

  it("a live holder keeps the lock beyond the ttl through its heartbeat", async () => {
    const slowLocks = SqliteProjectionLock.make(database, { ttl: 1000 })
    const first = newScope()
    await run(Scope.provide(slowLocks.tryAcquire("beat"), first))
    await run(Effect.sleep("2500 millis"))
    const second = newScope()
    expect(await run(Scope.provide(slowLocks.tryAcquire("beat"), second))).toBeUndefined()
    await close(first)
    await close(second)
  })

  it("a lock whose holder process died is taken over at once", async () => {
    writeRow("dead", deadPid(), Date.now())
    const scope = newScope()
    expect(await run(Scope.provide(locks.tryAcquire("dead"), scope))).toBeDefined()
    await close(scope)
  })

  it("a live process whose heartbeat stopped loses the lock after the ttl, and acquire waits for that", async () => {
    writeRow("stale", process.ppid, Date.now())
    const scope = newScope()
    expect(await run(Scope.provide(locks.tryAcquire("stale"), scope))).toBeUndefined()
    const lease = await run(Scope.provide(locks.acquire("stale"), scope))
    expect(lease.isHeld()).toBe(true)
    await close(scope)
  })

  it("a holder that was taken over knows it lost the lock", async () => {
    const scope = newScope()
    const lease = await run(Scope.provide(locks.tryAcquire("lost"), scope))
    writeRow("lost", process.ppid, Date.now())
    await run(Effect.sleep("600 millis"))
    expect(lease?.isHeld()).toBe(false)
    await close(scope)
    // Its release does not delete the new holder's row.
    const row = database.connection.prepare("SELECT owner FROM projection_locks WHERE name = 'lost'").get()
    expect(row).toEqual({ owner: "someone-else" })
  })
})

describe("SqliteProjectionLock.layer", () => {
  it("provides the ProjectionLock service of @orga/event-store, exclusive across runners", async () => {
    const held = await run(
      Effect.gen(function* () {
        const lock = yield* ProjectionLock.ProjectionLock
        return yield* Effect.scoped(
          Effect.gen(function* () {
            yield* lock.acquire("via-layer")
            const other = SqliteProjectionLock.make(database)
            return yield* Effect.scoped(other.tryAcquire("via-layer"))
          })
        )
      }).pipe(Effect.provide(SqliteProjectionLock.layer(database)))
    )
    expect(held).toBeUndefined()
    // Released with the scope.
    expect(
      database.connection.prepare("SELECT count(*) AS n FROM projection_locks WHERE name = 'via-layer'").get()
    ).toEqual({ n: 0 })
  })
})
