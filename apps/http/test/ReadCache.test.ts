/**
 * ReadCache: the same bytes while the log's head stays, a fresh answer once anything is written, one computation
 * for concurrent misses, failures not kept, the oldest keys evicted.
 */
import { EventStore, ExpectedVersion } from "@orga/event-store"
import { Stores } from "@orga/orga"
import * as Effect from "effect/Effect"
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
        const cache = ReadCache.make(yield* EventStore.EventStore, 2)
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
})
