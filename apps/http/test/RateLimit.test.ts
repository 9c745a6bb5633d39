import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as RateLimit from "../src/safety/RateLimit.ts"

const rule: RateLimit.Rule = { limit: 5, windowMillis: 60_000 }

/** Plays attempts at the given times (sorted) against one bucket; returns which were allowed. */
const play = (times: ReadonlyArray<number>, r: RateLimit.Rule = rule) => {
  let bucket: RateLimit.Bucket | undefined
  return times.map((time) => {
    const decision = RateLimit.take(bucket, r, time)
    bucket = decision.bucket
    return decision
  })
}

describe("token bucket", () => {
  it("allows a burst of `limit`, then refuses with the wait until one token is back", () => {
    const decisions = play([0, 0, 0, 0, 0, 0, 1000])
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false, false])
    const refused = decisions[5]
    expect(refused?.allowed === false && refused.retryAfterMillis).toBe(12_000)
    const later = decisions[6]
    expect(later?.allowed === false && later.retryAfterMillis).toBe(11_000)
  })

  it("never allows more than limit + rate × elapsed in any stretch of time", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1_000, max: 120_000 }),
        (raw, limit, windowMillis) => {
          const r = { limit, windowMillis }
          const times = [...raw].sort((a, b) => a - b)
          const allowed = play(times, r).flatMap((decision, index) => (decision.allowed ? [times[index]!] : []))
          for (let i = 0; i < allowed.length; i++)
            for (let j = i; j < allowed.length; j++) {
              const count = j - i + 1
              const elapsed = allowed[j]! - allowed[i]!
              expect(count).toBeLessThanOrEqual(limit + (elapsed * limit) / windowMillis + 1e-9)
            }
        }
      )
    )
  })

  it("allows again exactly once the announced wait has passed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1_000, max: 120_000 }), (limit, windowMillis) => {
        const r = { limit, windowMillis }
        let bucket: RateLimit.Bucket | undefined
        for (let i = 0; i < limit; i++) bucket = RateLimit.take(bucket, r, 0).bucket
        const refused = RateLimit.take(bucket, r, 0)
        expect(refused.allowed).toBe(false)
        if (refused.allowed) return
        expect(RateLimit.take(refused.bucket, r, refused.retryAfterMillis).allowed).toBe(true)
        expect(RateLimit.take(refused.bucket, r, refused.retryAfterMillis - 2).allowed).toBe(false)
      })
    )
  })

  it("refills nothing when the clock goes back", () => {
    const drained = play([10_000, 10_000, 10_000, 10_000, 10_000])
    const back = RateLimit.take(drained[4]?.bucket, rule, 0)
    expect(back.allowed).toBe(false)
  })
})

describe("limiter", () => {
  it("keeps one bucket per key and answers the longest wait over several keys", async () => {
    const limiter = RateLimit.memory()
    const account: RateLimit.Rule = { limit: 2, windowMillis: 10_000 }
    const address: RateLimit.Rule = { limit: 3, windowMillis: 60_000 }
    const attempt = (who: string) =>
      Effect.runPromise(
        RateLimit.takeAll(
          limiter,
          [
            [`account:${who}`, account],
            ["address:1.2.3.4", address]
          ],
          0
        )
      )
    expect(await attempt("a")).toEqual({ allowed: true })
    expect(await attempt("a")).toEqual({ allowed: true })
    expect(await attempt("a")).toEqual({ allowed: false, retryAfterSeconds: 5 })
    // Another account from the same address: the address is spent too (3 attempts per minute).
    expect(await attempt("b")).toEqual({ allowed: false, retryAfterSeconds: 20 })
  })

  it("stays within its key budget under a flood of distinct keys, keeping the most recent ones", async () => {
    const limiter = RateLimit.memory(100)
    const r = { limit: 1, windowMillis: 3_600_000 }
    for (let i = 0; i < 1_000; i++) await Effect.runPromise(limiter.take(`flood-${i}`, r, 0))
    // The latest key is still counted (refused), the first one was dropped (starts afresh).
    expect((await Effect.runPromise(limiter.take("flood-999", r, 0))).allowed).toBe(false)
    expect((await Effect.runPromise(limiter.take("flood-0", r, 0))).allowed).toBe(true)
  })

  it("drops refilled buckets past its key budget", async () => {
    const limiter = RateLimit.memory(10)
    const r = { limit: 1, windowMillis: 1000 }
    for (let i = 0; i < 50; i++) await Effect.runPromise(limiter.take(`key-${i}`, r, i * 1000))
    // Old keys have refilled: a key seen long ago starts afresh.
    expect((await Effect.runPromise(limiter.take("key-0", r, 100_000))).allowed).toBe(true)
  })
})
