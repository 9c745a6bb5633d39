import { describe, expect, it } from "@effect/vitest"
import { ExpectedVersion, ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Scope from "effect/Scope"
import { PostgresProjection, PostgresProjectionLock } from "../src/index.ts"
import { advisoryKeyOf } from "../src/internal/Identifiers.ts"
import { countingDefinition } from "./fixtures/counting.ts"
import { databaseUrl, freshSchema, newEvent, openStore, withClient } from "./support.ts"

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

// Live clock throughout: real server, real pools, runners and retries.
describe("PostgresProjection", () => {
  it.live("folds events and moves its checkpoint; a batch delivered again is not counted twice", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
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
      const outcome = { middle, end: yield* sink.checkpoint }
      expect(outcome).toEqual({ middle: 2n, end: 3n })
      expect(yield* Effect.promise(() => counts(schema))).toEqual({ a: 2, b: 1 })
    })
  )

  it.live("leaves read model and checkpoint untouched when the fold fails", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
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
      const outcome = { error, checkpoint: yield* sink.checkpoint }
      expect(outcome.error.reason).toBe("ProjectionFailed")
      expect(outcome.checkpoint).toBe(0n)
      expect(yield* Effect.promise(() => counts(schema))).toEqual({})
    })
  )

  it.live("rebuilds from the log after reset", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const store = yield* openStore(schema)
      const sink = yield* PostgresProjection.make(store, countingDefinition(schema))
      yield* store.append([
        { streamId: "a", expectedVersion: ExpectedVersion.any, events: [newEvent("E"), newEvent("E")] }
      ])
      yield* ProjectionRunner.catchUp(store, sink, { batchSize: 1 })
      yield* sink.reset
      const afterReset = yield* sink.checkpoint
      yield* ProjectionRunner.catchUp(store, sink, { batchSize: 10 })
      const checkpoint = { afterReset, rebuilt: yield* sink.checkpoint }
      expect(checkpoint).toEqual({ afterReset: 0n, rebuilt: 2n })
      expect(yield* Effect.promise(() => counts(schema))).toEqual({ a: 2 })
    })
  )
})

describe("PostgresProjectionLock", () => {
  it.live(
    "keeps one active runner per projection: the standby takes over when the leader stops, without loss or double counting",
    () =>
      Effect.gen(function* () {
        const schema = freshSchema()
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
        const outcome = { standbyAppliedWhileLeaderRan, first: first.applied, second: second.applied, head }
        expect(outcome.standbyAppliedWhileLeaderRan).toBe(0)
        expect(outcome.first.length).toBeGreaterThan(0)
        expect(outcome.second.length).toBeGreaterThan(0)
        expect(outcome.head).toBe(30n)
        expect(yield* Effect.promise(() => counts(schema))).toEqual({ "s-0": 10, "s-1": 10, "s-2": 10 })
      })
  )

  it.live("lets one holder lead a projection at a time, and frees the lead when the holder's scope closes", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const lock = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema })
      const other = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema })
      const scope = yield* Scope.make()
      const first = yield* Scope.provide(lock.tryAcquire("counts"), scope)
      const second = yield* Effect.scoped(other.tryAcquire("counts"))
      const otherName = yield* Effect.scoped(other.tryAcquire("another"))
      yield* Scope.close(scope, Exit.void)
      const afterRelease = yield* Effect.scoped(other.tryAcquire("counts"))
      expect({ first, second, otherName, afterRelease }).toEqual({
        first: true,
        second: false,
        otherName: true,
        afterRelease: true
      })
    })
  )

  it.live("frees the lead when the holder's connection dies (pg_terminate_backend)", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const lock = PostgresProjectionLock.make({ connectionString: databaseUrl(), schema })
      const scope = yield* Scope.make()
      expect(yield* Scope.provide(lock.tryAcquire("counts"), scope)).toBe(true)
      expect(yield* Effect.scoped(lock.tryAcquire("counts"))).toBe(false)
      // Only the session holding this very lock (a bigint key is split into classid/objid in pg_locks).
      const key = BigInt.asUintN(64, BigInt(advisoryKeyOf(`orga-projection:${schema}:counts`)))
      const terminated = yield* Effect.promise(() =>
        withClient((client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_locks
             WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 1`,
            [(key >> 32n).toString(), (key & 0xffffffffn).toString()]
          )
        )
      )
      expect(terminated.rowCount).toBe(1)
      // The server releases a dead session's locks at once; retry briefly while it notices.
      let retaken = false
      for (let attempt = 0; attempt < 50 && !retaken; attempt++) {
        retaken = yield* Effect.scoped(lock.tryAcquire("counts"))
        if (!retaken) yield* Effect.sleep(20)
      }
      expect(retaken).toBe(true)
      yield* Scope.close(scope, Exit.void)
    })
  )
  it.live("refuses a schema name the event store would refuse, before any query", () =>
    Effect.gen(function* () {
      const store = yield* openStore(freshSchema())
      const counting = countingDefinition("unused")
      let queried = 0
      const watched: PostgresProjection.Definition = {
        ...counting,
        init: async (tx) => {
          queried += 1
          await counting.init(tx)
        }
      }
      const names = ["x; DROP TABLE events; --", "Orga", "1abc", "a".repeat(49), "", "orga events"]
      const errors = yield* Effect.forEach(names, (schema) =>
        Effect.flip(PostgresProjection.make({ pool: store.pool, schema }, watched))
      )
      expect(errors.map((error) => error.reason)).toEqual(names.map(() => "InvalidInput"))
      expect(queried).toBe(0)
    })
  )
})
