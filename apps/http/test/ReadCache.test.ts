/**
 * ReadCache: the same bytes while the log's head stays, a fresh answer once anything is written, one computation
 * for concurrent misses (finished even when its first requester leaves), failures not kept, the least recently used
 * keys evicted past the bounds of keys and bytes, an older head's answers dropped once the head moves, answers
 * encoded by the endpoint's schema.
 */
import { EventStore, ExpectedVersion } from "@orga/event-store"
import { Stores } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as ReadCache from "../src/position/ReadCache.ts"

const run = <A, E>(effect: Effect.Effect<A, E, EventStore.EventStore>) =>
  Effect.runPromise(Effect.provide(effect, Stores.memory))

const append = Effect.flatMap(EventStore.EventStore, (store) =>
  store.append([
    {
      streamId: `s-${Math.random()}`,
      expectedVersion: ExpectedVersion.noStream,
      events: [{ id: crypto.randomUUID(), type: "T", data: {} }]
    }
  ])
)

const bodyOf = (response: { body: unknown }) => new TextDecoder().decode((response.body as { body: Uint8Array }).body)

describe("ReadCache", () => {
  it("answers the same bytes until the head moves, then computes afresh", () =>
    run(
      Effect.gen(function* () {
        const cache = ReadCache.make(yield* EventStore.EventStore)
        let computed = 0
        const compute = Effect.sync(() => ({ n: ++computed }))
        const first = yield* cache.json("k", compute)
        const again = yield* cache.json("k", compute)
        expect([bodyOf(first), bodyOf(again), computed]).toEqual(['{"n":1}', '{"n":1}', 1])
        expect(first.headers["content-type"] ?? (first.body as { contentType: string }).contentType).toContain(
          "application/json"
        )
        yield* append
        expect(bodyOf(yield* cache.json("k", compute))).toBe('{"n":2}')
        // Another key is another answer.
        expect(bodyOf(yield* cache.json("other", compute))).toBe('{"n":3}')
      })
    ))

  it("computes once for concurrent misses, and keeps no failure", () =>
    run(
      Effect.gen(function* () {
        const cache = ReadCache.make(yield* EventStore.EventStore)
        let computed = 0
        const slow = Effect.sleep("20 millis").pipe(Effect.map(() => ({ n: ++computed })))
        const answers = yield* Effect.all(
          Array.from({ length: 10 }, () => cache.json("k", slow)),
          { concurrency: "unbounded" }
        )
        expect(new Set(answers.map(bodyOf))).toEqual(new Set(['{"n":1}']))
        expect(computed).toBe(1)
        const failed = yield* cache.json("bad", Effect.fail("nope")).pipe(Effect.flip)
        expect(failed).toBe("nope")
        expect(bodyOf(yield* cache.json("bad", Effect.succeed({ ok: true })))).toBe('{"ok":true}')
      })
    ))

  it("keeps at most its number of keys, evicting the least recently used", () =>
    run(
      Effect.gen(function* () {
        const cache = ReadCache.make(yield* EventStore.EventStore, { maxEntries: 2 })
        let computed = 0
        const compute = Effect.sync(() => ({ n: ++computed }))
        yield* cache.json("a", compute)
        yield* cache.json("b", compute)
        yield* cache.json("a", compute)
        yield* cache.json("c", compute)
        expect(computed).toBe(3)
        yield* cache.json("a", compute)
        expect(computed).toBe(3)
        yield* cache.json("b", compute)
        expect(computed).toBe(4)
      })
    ))

  it("keeps at most its bytes, and serves without keeping an answer larger than all of them", () =>
    run(
      Effect.gen(function* () {
        // Each answer `{"n":1,"pad":"xxxxxxxxxx"}` is 26 bytes: two fit in 60, not three.
        const cache = ReadCache.make(yield* EventStore.EventStore, { maxEntries: 100, maxBytes: 60 })
        let computed = 0
        const compute = Effect.sync(() => ({ n: ++computed, pad: "x".repeat(10) }))
        for (const key of ["a", "b", "c"]) yield* cache.json(key, compute)
        expect(yield* cache.size).toEqual({ entries: 2, bytes: 52 })
        yield* cache.json("a", compute)
        expect(computed).toBe(4)
        const big = yield* cache.json("big", Effect.succeed({ pad: "x".repeat(100) }))
        expect(bodyOf(big)).toHaveLength(110)
        expect(yield* cache.size).toEqual({ entries: 2, bytes: 52 })
      })
    ))

  it("drops the answers of an older head as soon as a request sees the head move", () =>
    run(
      Effect.gen(function* () {
        const cache = ReadCache.make(yield* EventStore.EventStore)
        let computed = 0
        const compute = Effect.sync(() => ({ n: ++computed, pad: "x".repeat(10) }))
        for (const key of ["a", "b", "c"]) yield* cache.json(key, compute)
        expect(yield* cache.size).toEqual({ entries: 3, bytes: 78 })
        yield* append
        // A look-up alone (the fast path's) sees the new head: nothing of the old one is kept, nothing served.
        expect(yield* cache.peek("a")).toBeUndefined()
        expect(yield* cache.size).toEqual({ entries: 0, bytes: 0 })
        yield* cache.json("b", compute)
        expect(yield* cache.size).toEqual({ entries: 1, bytes: 26 })
        expect(computed).toBe(4)
      })
    ))

  it("encodes through the endpoint's schema, once per head", () =>
    run(
      Effect.gen(function* () {
        const cache = ReadCache.make(yield* EventStore.EventStore)
        const schema = Schema.Struct({ at: Schema.Date })
        let computed = 0
        const compute = Effect.sync(() => {
          computed++
          return { at: new Date("2026-12-04T10:00:00.000Z") }
        })
        const first = yield* cache.encoded("d", schema, compute)
        const again = yield* cache.encoded("d", schema, compute)
        expect([bodyOf(first), bodyOf(again), computed]).toEqual([
          '{"at":"2026-12-04T10:00:00.000Z"}',
          '{"at":"2026-12-04T10:00:00.000Z"}',
          1
        ])
      })
    ))

  it("finishes a computation whose first requester was interrupted, for those waiting on it", () =>
    run(
      Effect.gen(function* () {
        const cache = ReadCache.make(yield* EventStore.EventStore)
        let computed = 0
        const slow = Effect.sleep("30 millis").pipe(Effect.map(() => ({ n: ++computed })))
        const first = yield* Effect.forkChild(cache.json("k", slow))
        yield* Effect.sleep("5 millis")
        const waiting = yield* Effect.forkChild(cache.json("k", slow))
        yield* Fiber.interrupt(first)
        const answer = yield* Fiber.join(waiting).pipe(Effect.timeout("2 seconds"))
        expect([bodyOf(answer), computed]).toEqual(['{"n":1}', 1])
      })
    ))
})
