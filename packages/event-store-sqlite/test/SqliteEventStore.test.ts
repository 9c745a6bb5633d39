import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "@effect/vitest"
import { EventStore, ExpectedVersion } from "@orga/event-store"
import { Effect, Exit, Fiber, Stream } from "effect"
import * as Scope from "effect/Scope"
import { SqliteDatabase, SqliteEventStore } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

/** A store on a new file, closed with the test's scope. */
const open = (options: Partial<SqliteEventStore.Options> = {}) =>
  SqliteEventStore.make({ filename: freshFile(dir), ...options })

const event = (id: string, data: unknown = { id }) => ({ id, type: "Happened", data })

describe("SqliteEventStore", () => {
  it.effect("appends and reads back", () =>
    Effect.gen(function* () {
      const store = yield* open()
      const written = yield* store.append([
        { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: [event("1"), event("2")] },
        { streamId: "b", expectedVersion: ExpectedVersion.any, events: [event("3")] }
      ])
      const all = yield* store.readAll({ after: 0n, maxCount: 10 })
      const a = yield* store.readStream("a")
      const head = yield* store.head
      expect(written).toEqual({
        streams: [
          { streamId: "a", version: 2n },
          { streamId: "b", version: 1n }
        ],
        position: 3n,
        duplicate: false
      })
      expect(all.map((e) => [e.id, e.globalPosition, e.streamVersion])).toEqual([
        ["1", 1n, 1n],
        ["2", 2n, 2n],
        ["3", 3n, 1n]
      ])
      expect(a.map((e) => e.data)).toEqual([{ id: "1" }, { id: "2" }])
      expect(head).toBe(3n)
    })
  )

  it.effect("a conflict fails only its own append in a group commit and leaves no gap", () =>
    Effect.gen(function* () {
      const store = yield* open()
      const outcomes = yield* Effect.all(
        [
          store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("x1")] }]),
          store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("x2")] }]),
          store.append([{ streamId: "t", expectedVersion: ExpectedVersion.noStream, events: [event("y1")] }])
        ].map(Effect.exit),
        { concurrency: "unbounded" }
      )
      const all = yield* store.readAll({ after: 0n, maxCount: 10 })
      expect(outcomes.map(Exit.isSuccess)).toEqual([true, false, true])
      expect(all.map((e) => [e.id, e.globalPosition])).toEqual([
        ["x1", 1n],
        ["y1", 2n]
      ])
    })
  )

  it.effect("re-delivered command appends nothing", () =>
    Effect.gen(function* () {
      const store = yield* open()
      const first = yield* store.append(
        [{ streamId: "c", expectedVersion: ExpectedVersion.noStream, events: [event("c1")] }],
        { commandId: "cmd" }
      )
      const second = yield* store.append(
        [{ streamId: "c", expectedVersion: ExpectedVersion.noStream, events: [event("c2")] }],
        { commandId: "cmd" }
      )
      const dupId = yield* Effect.exit(
        store.append([{ streamId: "d", expectedVersion: ExpectedVersion.any, events: [event("c1")] }])
      )
      const all = yield* store.readAll({ after: 0n, maxCount: 10 })
      expect(second).toEqual({ ...first, duplicate: true })
      expect(all.map((e) => e.id)).toEqual(["c1"])
      expect(dupId).toMatchObject({ _tag: "Failure" })
      expect(JSON.stringify(dupId)).toContain("DuplicateEventId")
    })
  )

  it.effect("positions start past 2^53 and stay exact", () =>
    Effect.gen(function* () {
      const start = 2n ** 53n
      const store = yield* open({ initialPosition: start })
      yield* store.append([
        { streamId: "big", expectedVersion: ExpectedVersion.any, events: [event("b1"), event("b2")] }
      ])
      const all = yield* store.readAll({ after: start, maxCount: 10 })
      expect(all.map((e) => e.globalPosition)).toEqual([start + 1n])
    })
  )

  // Live clock: the test waits 20 ms of real time for the subscriber to catch up before appending more.
  it.live("subscribe catches up then goes live", () =>
    Effect.gen(function* () {
      const store = yield* open()
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1"), event("2")] }])
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(Stream.take(store.subscribe({ after: 1n, batchSize: 1 }), 3))
      )
      yield* Effect.sleep("20 millis")
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("3"), event("4")] }])
      const seen = yield* Fiber.join(fiber)
      expect(seen.map((e) => e.id)).toEqual(["2", "3", "4"])
    })
  )
})

describe("SqliteEventStore, bad inputs and edges", () => {
  it.effect("rejects data that is not JSON, writing nothing, and keeps serving", () =>
    Effect.gen(function* () {
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      const store = yield* open()
      const bigintData = yield* Effect.exit(
        store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("b", { n: 1n })] }])
      )
      const cyclicData = yield* Effect.exit(
        store.append([
          { streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("ok"), event("c", cyclic)] }
        ])
      )
      const after = yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("fine")] }
      ])
      const all = yield* store.readAll({ after: 0n, maxCount: 10 })
      expect(JSON.stringify(bigintData)).toContain("InvalidEvent")
      expect(JSON.stringify(cyclicData)).toContain("InvalidEvent")
      expect(after.position).toBe(1n)
      expect(all.map((e) => e.id)).toEqual(["fine"])
    })
  )

  it.effect("reads nothing for a zero, negative or NaN maxCount and everything for Infinity", () =>
    Effect.gen(function* () {
      const store = yield* open()
      yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1"), event("2"), event("3")] }
      ])
      const counts: Array<number> = []
      for (const maxCount of [0, -1, Number.NaN, 0.5, 1.9, Number.POSITIVE_INFINITY]) {
        counts.push((yield* store.readAll({ after: 0n, maxCount })).length)
        counts.push((yield* store.readStream("s", { maxCount })).length)
      }
      expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 3])
    })
  )

  it("opens in WAL mode with durable commits by default, and NORMAL when asked", () => {
    const pragmas = (durability?: "full" | "normal") => {
      const database = SqliteDatabase.openUnsafe({ filename: freshFile(dir), ...(durability ? { durability } : {}) })
      try {
        return [
          database.connection.prepare("PRAGMA journal_mode").get(),
          database.connection.prepare("PRAGMA synchronous").get()
        ]
      } finally {
        database.connection.close()
      }
    }
    expect(pragmas()).toEqual([{ journal_mode: "wal" }, { synchronous: 2 }])
    expect(pragmas("full")).toEqual([{ journal_mode: "wal" }, { synchronous: 2 }])
    expect(pragmas("normal")).toEqual([{ journal_mode: "wal" }, { synchronous: 1 }])
  })

  // Live clock: real timers release the other connection's lock while the store retries.
  it.live("waits for another connection's write lock and retries, or fails with Busy after busyRetryTimeout", () =>
    Effect.gen(function* () {
      const filename = freshFile(dir)
      const other = yield* Effect.acquireRelease(
        Effect.sync(() => new DatabaseSync(filename, { timeout: 1000 })),
        (connection) => Effect.sync(() => connection.close())
      )
      const store = yield* SqliteEventStore.make({ filename, busyTimeout: 20, busyRetryTimeout: 300 })
      // Held for less than the retry budget: the append gets through once the lock is released.
      other.exec("BEGIN IMMEDIATE")
      setTimeout(() => other.exec("COMMIT"), 100)
      const retried = yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }
      ])
      // Held for longer than the budget: the append fails with Busy and writes nothing.
      other.exec("BEGIN IMMEDIATE")
      const timedOut = yield* Effect.exit(
        store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("2")] }])
      )
      other.exec("COMMIT")
      const all = yield* store.readAll({ after: 0n, maxCount: 10 })
      expect(retried.position).toBe(1n)
      expect(JSON.stringify(timedOut)).toContain('"reason":"Busy"')
      expect(all.map((e) => e.id)).toEqual(["1"])
    })
  )

  it.effect("a closed store refuses appends", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const store = yield* Scope.provide(open(), scope)
      yield* Scope.close(scope, Exit.void)
      const outcome = yield* Effect.exit(
        store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }])
      )
      expect(JSON.stringify(outcome)).toContain('"reason":"Closed"')
    })
  )

  it.effect("the layer provides the store and closes the file when released", () =>
    Effect.gen(function* () {
      const filename = freshFile(dir)
      const position = yield* Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const result = yield* store.append([
          { streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }
        ])
        return result.position
      }).pipe(Effect.provide(SqliteEventStore.layer({ filename })))
      expect(position).toBe(1n)
      // Released: a new connection can switch the file out of WAL, which needs every other connection closed.
      const check = new DatabaseSync(filename)
      expect(check.prepare("PRAGMA journal_mode = DELETE").get()).toEqual({ journal_mode: "delete" })
      check.close()
    })
  )
})

describe("SqliteEventStore.layerWithDatabase", () => {
  it.effect("provides the store and its database, so a read model lives in the same file", () =>
    Effect.gen(function* () {
      const filename = freshFile(dir)
      const tables = yield* Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }])
        database.connection.exec("CREATE TABLE my_read_model (id TEXT)")
        return database.connection
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'my_read_model')")
          .all()
          .map((row) => row.name)
      }).pipe(Effect.provide(SqliteEventStore.layerWithDatabase({ filename })))
      expect(tables.sort()).toEqual(["events", "my_read_model"])
    })
  )
})
