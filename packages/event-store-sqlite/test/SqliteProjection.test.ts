import { DatabaseSync } from "node:sqlite"
import { describe, expect, it, layer } from "@effect/vitest"
import { EventStore, ExpectedVersion, ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { SqliteEventStore, SqliteProjection, SqliteProjectionLock } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

/** Sums `data.amount` per stream. */
const totals: SqliteProjection.Definition = {
  name: "totals",
  tables: ["totals"],
  init: (db) => db.exec("CREATE TABLE IF NOT EXISTS totals (stream_id TEXT PRIMARY KEY, amount INTEGER NOT NULL)"),
  apply: (db, events) => {
    const add = db.prepare(
      "INSERT INTO totals (stream_id, amount) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET amount = amount + excluded.amount"
    )
    for (const event of events) add.run(event.streamId, (event.data as { amount: number }).amount)
  }
}

const readTotals = (db: DatabaseSync) =>
  Object.fromEntries(
    (
      db.prepare("SELECT stream_id, amount FROM totals ORDER BY stream_id").all() as Array<{
        stream_id: string
        amount: number
      }>
    ).map((row) => [row.stream_id, row.amount])
  )

const expectedTotals = (events: ReadonlyArray<EventStore.RecordedEvent>) => {
  const sums: Record<string, number> = {}
  for (const event of events)
    sums[event.streamId] = (sums[event.streamId] ?? 0) + (event.data as { amount: number }).amount
  return Object.fromEntries(Object.entries(sums).sort(([a], [b]) => (a < b ? -1 : 1)))
}

let eventCounter = 0
const appendAmounts = (amounts: ReadonlyArray<readonly [string, number]>) =>
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    yield* Effect.forEach(amounts, ([streamId, amount]) =>
      store.append([
        {
          streamId,
          expectedVersion: ExpectedVersion.any,
          events: [{ id: `e-${++eventCounter}`, type: "Added", data: { amount } }]
        }
      ])
    )
  })

// One store shared by the tests of this file (each test resets the projection first), on the live clock: the
// projection lock's heartbeat and retries run on real time.
layer(SqliteEventStore.layerWithDatabase({ filename: freshFile(dir) }), { excludeTestServices: true })(
  "SqliteProjection",
  (it) => {
    it.effect("writes the read model and the checkpoint together, and skips what it already counted", () =>
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        const sink = yield* SqliteProjection.make(database, totals)
        yield* sink.reset
        const head = yield* store.head
        yield* appendAmounts([
          ["a", 1],
          ["b", 10],
          ["a", 100]
        ])
        const events = yield* store.readAll({ after: head, maxCount: 10 })
        yield* sink.apply(events.slice(0, 2))
        expect(yield* sink.checkpoint).toBe(events[1]!.globalPosition)
        // Re-delivery of an overlapping batch (a runner that crashed before it saw the commit) counts nothing twice.
        yield* sink.apply(events)
        yield* sink.apply(events)
        expect(yield* sink.checkpoint).toBe(events[2]!.globalPosition)
        expect(readTotals(database.connection)).toEqual({ a: 101, b: 10 })
      })
    )

    it.effect("a failing fold changes neither the read model nor the checkpoint", () =>
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        const sink = yield* SqliteProjection.make(database, totals)
        yield* sink.reset
        const head = yield* store.head
        yield* appendAmounts([
          ["a", 1],
          ["b", 2]
        ])
        const events = yield* store.readAll({ after: head, maxCount: 10 })
        const failing = yield* SqliteProjection.make(database, {
          ...totals,
          apply: (db, batch) => {
            totals.apply(db, batch)
            throw new Error("boom after writing")
          }
        })
        const outcome = yield* Effect.result(failing.apply(events))
        expect(outcome._tag).toBe("Failure")
        expect(JSON.stringify(outcome)).toContain("ProjectionFailed")
        expect(yield* sink.checkpoint).toBe(0n)
        expect(readTotals(database.connection)).toEqual({})
        expect(database.connection.isTransaction).toBe(false)
      })
    )

    it.effect("reset clears the read model and its checkpoint; a rebuild from the log gives the same answer", () =>
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        const sink = yield* SqliteProjection.make(database, totals)
        yield* sink.reset
        yield* sink.apply(yield* store.readAll({ after: 0n, maxCount: 1000 }))
        const before = readTotals(database.connection)
        yield* sink.reset
        expect(yield* sink.checkpoint).toBe(0n)
        expect(readTotals(database.connection)).toEqual({})
        // The runner of @orga/event-store rebuilds it, under the SQLite lock, in small batches.
        const reached = yield* ProjectionRunner.rebuild(store, sink, {
          batchSize: 2,
          lock: SqliteProjectionLock.make(database)
        })
        expect(reached).toBe(yield* store.head)
        expect(readTotals(database.connection)).toEqual(before)
      })
    )

    // A fast-check property (batch splits with re-deliveries); each run drives the sink's effects.
    it.effect("any split of the log into batches, with re-deliveries, folds every event exactly once", () =>
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        yield* appendAmounts(Array.from({ length: 30 }, (_, index) => [`s${index % 4}`, index + 1] as const))
        const log = yield* store.readAll({ after: 0n, maxCount: 10_000 })
        const sink = yield* SqliteProjection.make(database, totals)
        const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(
              fc.array(fc.record({ start: fc.nat({ max: log.length }), length: fc.integer({ min: 0, max: 12 }) }), {
                maxLength: 15
              }),
              async (deliveries) => {
                await run(sink.reset)
                // A runner delivers batches starting anywhere at or before its checkpoint + 1 (never skipping
                // ahead), then catches up to the end.
                let next = 0
                for (const { start, length } of deliveries) {
                  const from = Math.min(start, next)
                  const batch = log.slice(from, from + length)
                  await run(sink.apply(batch))
                  next = Math.max(next, from + batch.length)
                }
                await run(sink.apply(log.slice(next)))
                expect(readTotals(database.connection)).toEqual(expectedTotals(log))
                expect(await run(sink.checkpoint)).toBe(log.at(-1)!.globalPosition)
              }
            ),
            { numRuns: 100 }
          )
        )
      })
    )
  }
)

describe("SqliteProjection under another process's write lock", () => {
  // Live clock: the projection retries on a real-time schedule while a timer releases the other lock.
  it.live("waits for the lock and applies once it is free", () =>
    Effect.gen(function* () {
      const filename = freshFile(dir)
      const other = yield* Effect.acquireRelease(
        Effect.sync(() => new DatabaseSync(filename, { timeout: 1000 })),
        (connection) => Effect.sync(() => connection.close())
      )
      const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename, busyTimeout: 20 })
      yield* store.append([
        {
          streamId: "a",
          expectedVersion: ExpectedVersion.any,
          events: [{ id: "x", type: "Added", data: { amount: 5 } }]
        }
      ])
      const sink = yield* SqliteProjection.make(database, totals)
      other.exec("BEGIN IMMEDIATE")
      setTimeout(() => other.exec("COMMIT"), 150)
      yield* sink.apply(yield* store.readAll({ after: 0n, maxCount: 10 }))
      const outcome = { totals: readTotals(database.connection), checkpoint: yield* sink.checkpoint }
      expect(outcome).toEqual({ totals: { a: 5 }, checkpoint: 1n })
    })
  )
})
