import { ExpectedVersion, ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Scope from "effect/Scope"
import { describe, expect, it } from "vitest"
import { PostgresProjection, PostgresProjectionLock } from "../src/index.ts"
import { advisoryKeyOf } from "../src/internal/Identifiers.ts"
import { countingDefinition } from "./fixtures/counting.ts"
import { databaseUrl, freshSchema, newEvent, openStore, run, withClient } from "./support.ts"

const counts = (schema: string) =>
  withClient(async (client) =>
    Object.fromEntries(
      (
        await client.query<{ stream_id: string; counted: string }>(
          `SELECT stream_id, counted::text AS counted FROM ${schema}.event_counts ORDER BY stream_id`
        )
      ).rows.map((row) => [row.stream_id, Number(row.counted)])
    )
  )

describe("PostgresProjection", () => {
  it("folds events and moves its checkpoint; a batch delivered again is not counted twice", async () => {
    const schema = freshSchema()
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        const sink = yield* PostgresProjection.make(store, countingDefinition(schema))
        yield* store.append([
          { streamId: "a", expectedVersion: ExpectedVersion.any, events: [newEvent("E"), newEvent("E")] }
        ])
        yield* store.append([{ streamId: "b", expectedVersion: ExpectedVersion.any, events: [newEvent("E")] }])
        const events = yield* store.readAll({ after: 0n, maxCount: 10 })
        yield* sink.apply(events.slice(0, 2))
        const middle = yield* sink.checkpoint
        yield* sink.apply(events) // the first two again, then the third
        return { middle, end: yield* sink.checkpoint }
      })
    )
    expect(outcome).toEqual({ middle: 2n, end: 3n })
    expect(await counts(schema)).toEqual({ a: 2, b: 1 })
  })

  it("leaves read model and checkpoint untouched when the fold fails", async () => {
    const schema = freshSchema()
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        const counting = countingDefinition(schema)
        const failing: PostgresProjection.Definition = {
          ...counting,
          apply: async (tx, events) => {
            await counting.apply(tx, events)
            throw new Error("boom after writing")
          }
        }
        yield* store.append([{ streamId: "a", expectedVersion: ExpectedVersion.any, events: [newEvent("E")] }])
        const events = yield* store.readAll({ after: 0n, maxCount: 10 })
        const sink = yield* PostgresProjection.make(store, failing)
        const error = yield* Effect.flip(sink.apply(events))
        return { error, checkpoint: yield* sink.checkpoint }
      })
    )
    expect(outcome.error.reason).toBe("ProjectionFailed")
    expect(outcome.checkpoint).toBe(0n)
    expect(await counts(schema)).toEqual({})
  })

  it("rebuilds from the log after reset", async () => {
    const schema = freshSchema()
    const checkpoint = await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        const sink = yield* PostgresProjection.make(store, countingDefinition(schema))
        yield* store.append([
          { streamId: "a", expectedVersion: ExpectedVersion.any, events: [newEvent("E"), newEvent("E")] }
        ])
        yield* ProjectionRunner.catchUp(store, sink, { batchSize: 1 })
        yield* sink.reset
        const afterReset = yield* sink.checkpoint
        yield* ProjectionRunner.catchUp(store, sink, { batchSize: 10 })
        return { afterReset, rebuilt: yield* sink.checkpoint }
      })
    )
    expect(checkpoint).toEqual({ afterReset: 0n, rebuilt: 2n })
    expect(await counts(schema)).toEqual({ a: 2 })
  })
})

describe("PostgresProjectionLock", () => {
  it("keeps one active runner per projection: the standby takes over when the leader stops, without loss or double counting", async () => {
    const schema = freshSchema()
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        // Two app instances: each its own sink and its own lock connection.
        const instances = yield* Effect.all(
          [0, 1].map((instance) =>
            Effect.gen(function* () {
              const sink = yield* PostgresProjection.make(store, countingDefinition(schema))
              const applied: Array<bigint> = []
              const tracked = {
                ...sink,
                apply: (events: Parameters<typeof sink.apply>[0]) =>
                  Effect.tap(sink.apply(events), () =>
                    Effect.sync(() => applied.push(...events.map((e) => e.globalPosition)))
                  )
              }
              const lock = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema, retryInterval: 20 })
              return { instance, tracked, lock, applied }
            })
          )
        )
        const [first, second] = instances
        if (!first || !second) throw new Error("two instances expected")
        const append = (n: number) =>
          store.append([
            { streamId: `s-${n % 3}`, expectedVersion: ExpectedVersion.any, events: [newEvent("E"), newEvent("E")] }
          ])
        for (let n = 0; n < 5; n++) yield* append(n)
        const leader = yield* Effect.forkChild(
          ProjectionRunner.run(store, first.tracked, { lock: first.lock, batchSize: 3 })
        )
        yield* Effect.sleep(200)
        const standby = yield* Effect.forkChild(
          ProjectionRunner.run(store, second.tracked, { lock: second.lock, batchSize: 3 })
        )
        for (let n = 5; n < 10; n++) yield* append(n)
        yield* Effect.sleep(300)
        const standbyAppliedWhileLeaderRan = second.applied.length
        yield* Fiber.interrupt(leader)
        for (let n = 10; n < 15; n++) yield* append(n)
        const head = yield* store.head
        yield* ProjectionRunner.awaitCheckpoint(second.tracked, head, { timeout: 10_000 })
        yield* Fiber.interrupt(standby)
        return { standbyAppliedWhileLeaderRan, first: first.applied, second: second.applied, head }
      })
    )
    expect(outcome.standbyAppliedWhileLeaderRan).toBe(0)
    expect(outcome.first.length).toBeGreaterThan(0)
    expect(outcome.second.length).toBeGreaterThan(0)
    expect(outcome.head).toBe(30n)
    expect(await counts(schema)).toEqual({ "s-0": 10, "s-1": 10, "s-2": 10 })
  })

  it("lets one holder lead a projection at a time, and frees the lead when the holder's scope closes", async () => {
    const schema = freshSchema()
    const lock = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema })
    const other = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema })
    const scope = await Effect.runPromise(Scope.make())
    const first = await Effect.runPromise(Scope.provide(lock.tryAcquire("counts"), scope))
    const second = await run(other.tryAcquire("counts"))
    const otherName = await run(other.tryAcquire("another"))
    await Effect.runPromise(Scope.close(scope, Exit.void))
    const afterRelease = await run(other.tryAcquire("counts"))
    expect({ first, second, otherName, afterRelease }).toEqual({
      first: true,
      second: false,
      otherName: true,
      afterRelease: true
    })
  })

  it("frees the lead when the holder's connection dies (pg_terminate_backend)", async () => {
    const schema = freshSchema()
    const lock = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema })
    const scope = await Effect.runPromise(Scope.make())
    expect(await Effect.runPromise(Scope.provide(lock.tryAcquire("counts"), scope))).toBe(true)
    expect(await run(lock.tryAcquire("counts"))).toBe(false)
    // Only the session holding this very lock (a bigint key is split into classid/objid in pg_locks).
    const key = BigInt.asUintN(64, BigInt(advisoryKeyOf(`orga-projection:${schema}:counts`)))
    const terminated = await withClient((client) =>
      client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 1`,
        [(key >> 32n).toString(), (key & 0xffffffffn).toString()]
      )
    )
    expect(terminated.rowCount).toBe(1)
    // The server releases a dead session's locks at once; retry briefly while it notices.
    let retaken = false
    for (let attempt = 0; attempt < 50 && !retaken; attempt++) {
      retaken = await run(lock.tryAcquire("counts"))
      if (!retaken) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(retaken).toBe(true)
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })
})
