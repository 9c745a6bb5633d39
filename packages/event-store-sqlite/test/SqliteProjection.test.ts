import { DatabaseSync } from "node:sqlite"
import { type EventStore, ExpectedVersion, ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
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

// One store shared by the tests of this file; each test resets the projection first.
const scope = Effect.runSync(Scope.make())
afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))
const { store, database } = await Effect.runPromise(
  Scope.provide(SqliteEventStore.makeWithDatabase({ filename: freshFile(dir) }), scope)
)
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

let eventCounter = 0
const appendAmounts = (amounts: ReadonlyArray<readonly [string, number]>) =>
  run(
    Effect.forEach(amounts, ([streamId, amount]) =>
      store.append([
        {
          streamId,
          expectedVersion: ExpectedVersion.any,
          events: [{ id: `e-${++eventCounter}`, type: "Added", data: { amount } }]
        }
      ])
    )
  )

describe("SqliteProjection", () => {
  it("writes the read model and the checkpoint together, and skips what it already counted", async () => {
    const sink = await run(SqliteProjection.make(database, totals))
    await run(sink.reset)
    const head = await run(store.head)
    await appendAmounts([
      ["a", 1],
      ["b", 10],
      ["a", 100]
    ])
    const events = await run(store.readAll({ after: head, maxCount: 10 }))
    await run(sink.apply(events.slice(0, 2)))
    expect(await run(sink.checkpoint)).toBe(events[1]!.globalPosition)
    // Re-delivery of an overlapping batch (a runner that crashed before it saw the commit) counts nothing twice.
    await run(sink.apply(events))
    await run(sink.apply(events))
    expect(await run(sink.checkpoint)).toBe(events[2]!.globalPosition)
    expect(readTotals(database.connection)).toEqual({ a: 101, b: 10 })
  })

  it("a failing fold changes neither the read model nor the checkpoint", async () => {
    const sink = await run(SqliteProjection.make(database, totals))
    await run(sink.reset)
    const head = await run(store.head)
    await appendAmounts([
      ["a", 1],
      ["b", 2]
    ])
    const events = await run(store.readAll({ after: head, maxCount: 10 }))
    const failing = await run(
      SqliteProjection.make(database, {
        ...totals,
        apply: (db, batch) => {
          totals.apply(db, batch)
          throw new Error("boom after writing")
        }
      })
    )
    const outcome = await run(Effect.result(failing.apply(events)))
    expect(outcome._tag).toBe("Failure")
    expect(JSON.stringify(outcome)).toContain("ProjectionFailed")
    expect(await run(sink.checkpoint)).toBe(0n)
    expect(readTotals(database.connection)).toEqual({})
    expect(database.connection.isTransaction).toBe(false)
  })

  it("reset clears the read model and its checkpoint; a rebuild from the log gives the same answer", async () => {
    const sink = await run(SqliteProjection.make(database, totals))
    await run(sink.reset)
    await run(sink.apply(await run(store.readAll({ after: 0n, maxCount: 1000 }))))
    const before = readTotals(database.connection)
    await run(sink.reset)
    expect(await run(sink.checkpoint)).toBe(0n)
    expect(readTotals(database.connection)).toEqual({})
    // The runner of @orga/event-store rebuilds it, under the SQLite lock, in small batches.
    const reached = await run(
      ProjectionRunner.rebuild(store, sink, { batchSize: 2, lock: SqliteProjectionLock.make(database) })
    )
    expect(reached).toBe(await run(store.head))
    expect(readTotals(database.connection)).toEqual(before)
  })

  it("any split of the log into batches, with re-deliveries, folds every event exactly once", async () => {
    await appendAmounts(Array.from({ length: 30 }, (_, index) => [`s${index % 4}`, index + 1] as const))
    const log = await run(store.readAll({ after: 0n, maxCount: 10_000 }))
    const sink = await run(SqliteProjection.make(database, totals))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ start: fc.nat({ max: log.length }), length: fc.integer({ min: 0, max: 12 }) }), {
          maxLength: 15
        }),
        async (deliveries) => {
          await run(sink.reset)
          // A runner delivers batches starting anywhere at or before its checkpoint + 1 (never skipping ahead),
          // then catches up to the end.
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
  })
})

describe("SqliteProjection under another process's write lock", () => {
  it("waits for the lock and applies once it is free", async () => {
    const filename = freshFile(dir)
    const other = new DatabaseSync(filename, { timeout: 1000 })
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
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
          return { totals: readTotals(database.connection), checkpoint: yield* sink.checkpoint }
        })
      )
    )
    other.close()
    expect(outcome).toEqual({ totals: { a: 5 }, checkpoint: 1n })
  })
})
