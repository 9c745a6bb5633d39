import { DatabaseSync } from "node:sqlite"
import { EventStore, ExpectedVersion } from "@orga/event-store"
import { Effect, Exit, Fiber, Stream } from "effect"
import * as Scope from "effect/Scope"
import { describe, expect, it } from "vitest"
import { SqliteDatabase, SqliteEventStore } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

const run = <A, E>(
  f: (store: EventStore.EventStoreShape) => Effect.Effect<A, E>,
  options: Partial<SqliteEventStore.Options> = {}
) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(SqliteEventStore.make({ filename: freshFile(dir), ...options }), f)))

const event = (id: string, data: unknown = { id }) => ({ id, type: "Happened", data })

describe("SqliteEventStore", () => {
  it("appends and reads back", async () => {
    const result = await run((store) =>
      Effect.gen(function* () {
        const written = yield* store.append([
          { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: [event("1"), event("2")] },
          { streamId: "b", expectedVersion: ExpectedVersion.any, events: [event("3")] }
        ])
        const all = yield* store.readAll({ after: 0n, maxCount: 10 })
        const a = yield* store.readStream("a")
        const head = yield* store.head
        return { written, all, a, head }
      })
    )
    expect(result.written).toEqual({
      streams: [
        { streamId: "a", version: 2n },
        { streamId: "b", version: 1n }
      ],
      position: 3n,
      duplicate: false
    })
    expect(result.all.map((e) => [e.id, e.globalPosition, e.streamVersion])).toEqual([
      ["1", 1n, 1n],
      ["2", 2n, 2n],
      ["3", 3n, 1n]
    ])
    expect(result.a.map((e) => e.data)).toEqual([{ id: "1" }, { id: "2" }])
    expect(result.head).toBe(3n)
  })

  it("a conflict fails only its own append in a group commit and leaves no gap", async () => {
    const result = await run((store) =>
      Effect.gen(function* () {
        const outcomes = yield* Effect.all(
          [
            store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("x1")] }]),
            store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("x2")] }]),
            store.append([{ streamId: "t", expectedVersion: ExpectedVersion.noStream, events: [event("y1")] }])
          ].map(Effect.exit),
          { concurrency: "unbounded" }
        )
        const all = yield* store.readAll({ after: 0n, maxCount: 10 })
        return { outcomes, all }
      })
    )
    expect(result.outcomes.map(Exit.isSuccess)).toEqual([true, false, true])
    expect(result.all.map((e) => [e.id, e.globalPosition])).toEqual([
      ["x1", 1n],
      ["y1", 2n]
    ])
  })

  it("re-delivered command appends nothing", async () => {
    const result = await run((store) =>
      Effect.gen(function* () {
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
        return { first, second, dupId, all }
      })
    )
    expect(result.second).toEqual({ ...result.first, duplicate: true })
    expect(result.all.map((e) => e.id)).toEqual(["c1"])
    expect(result.dupId).toMatchObject({ _tag: "Failure" })
    expect(JSON.stringify(result.dupId)).toContain("DuplicateEventId")
  })

  it("positions start past 2^53 and stay exact", async () => {
    const start = 2n ** 53n
    const all = await run(
      (store) =>
        Effect.gen(function* () {
          yield* store.append([
            { streamId: "big", expectedVersion: ExpectedVersion.any, events: [event("b1"), event("b2")] }
          ])
          return yield* store.readAll({ after: start, maxCount: 10 })
        }),
      { initialPosition: start }
    )
    expect(all.map((e) => e.globalPosition)).toEqual([start + 1n])
  })

  it("subscribe catches up then goes live", async () => {
    const seen = await run((store) =>
      Effect.gen(function* () {
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1"), event("2")] }])
        const fiber = yield* Effect.forkChild(
          Stream.runCollect(Stream.take(store.subscribe({ after: 1n, batchSize: 1 }), 3))
        )
        yield* Effect.sleep("20 millis")
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("3"), event("4")] }])
        return yield* Fiber.join(fiber)
      })
    )
    expect(seen.map((e) => e.id)).toEqual(["2", "3", "4"])
  })
})

describe("SqliteEventStore, bad inputs and edges", () => {
  it("rejects data that is not JSON, writing nothing, and keeps serving", async () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const result = await run((store) =>
      Effect.gen(function* () {
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
        return { bigintData, cyclicData, after, all: yield* store.readAll({ after: 0n, maxCount: 10 }) }
      })
    )
    expect(JSON.stringify(result.bigintData)).toContain("InvalidEvent")
    expect(JSON.stringify(result.cyclicData)).toContain("InvalidEvent")
    expect(result.after.position).toBe(1n)
    expect(result.all.map((e) => e.id)).toEqual(["fine"])
  })

  it("reads nothing for a zero, negative or NaN maxCount and everything for Infinity", async () => {
    const counts = await run((store) =>
      Effect.gen(function* () {
        yield* store.append([
          { streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1"), event("2"), event("3")] }
        ])
        const counts: Array<number> = []
        for (const maxCount of [0, -1, Number.NaN, 0.5, 1.9, Number.POSITIVE_INFINITY]) {
          counts.push((yield* store.readAll({ after: 0n, maxCount })).length)
          counts.push((yield* store.readStream("s", { maxCount })).length)
        }
        return counts
      })
    )
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 3])
  })

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

  it("waits for another connection's write lock and retries, or fails with Busy after busyRetryTimeout", async () => {
    const filename = freshFile(dir)
    const other = new DatabaseSync(filename, { timeout: 1000 })
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
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
          return { retried, timedOut, all: yield* store.readAll({ after: 0n, maxCount: 10 }) }
        })
      )
    )
    other.close()
    expect(outcome.retried.position).toBe(1n)
    expect(JSON.stringify(outcome.timedOut)).toContain('"reason":"Busy"')
    expect(outcome.all.map((e) => e.id)).toEqual(["1"])
  })

  it("a closed store refuses appends", async () => {
    const scope = Effect.runSync(Scope.make())
    const store = await Effect.runPromise(Scope.provide(SqliteEventStore.make({ filename: freshFile(dir) }), scope))
    await Effect.runPromise(Scope.close(scope, Exit.void))
    const outcome = await Effect.runPromise(
      Effect.exit(store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }]))
    )
    expect(JSON.stringify(outcome)).toContain('"reason":"Closed"')
  })

  it("the layer provides the store and closes the file when released", async () => {
    const filename = freshFile(dir)
    const position = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const result = yield* store.append([
          { streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }
        ])
        return result.position
      }).pipe(Effect.provide(SqliteEventStore.layer({ filename })))
    )
    expect(position).toBe(1n)
    // Released: a new connection can switch the file out of WAL, which needs every other connection closed.
    const check = new DatabaseSync(filename)
    expect(check.prepare("PRAGMA journal_mode = DELETE").get()).toEqual({ journal_mode: "delete" })
    check.close()
  })
})

describe("SqliteEventStore.layerWithDatabase", () => {
  it("provides the store and its database, so a read model lives in the same file", async () => {
    const filename = freshFile(dir)
    const tables = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1")] }])
        database.connection.exec("CREATE TABLE my_read_model (id TEXT)")
        return database.connection
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'my_read_model')")
          .all()
          .map((row) => row.name)
      }).pipe(Effect.provide(SqliteEventStore.layerWithDatabase({ filename })))
    )
    expect(tables.sort()).toEqual(["events", "my_read_model"])
  })
})
