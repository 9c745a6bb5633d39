/**
 * Rate limits: a pure token bucket (the clock is given), and a limiter that keeps buckets by key.
 *
 * A rule allows `limit` attempts per `windowMillis` with bursts up to `limit`: each attempt takes a token, tokens
 * come back at `limit / windowMillis`. Keys say whose attempts they are (`signin:account:<id>`,
 * `signin:address:<ip>`), so a flood from one address and a slow guessing of one account from many addresses are
 * both stopped. The limiter is in memory per instance today; `Limiter` is the seam for a shared store (a
 * PostgreSQL table or Redis) when several instances must count together.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * How many attempts per window.
 *
 * @category models
 * @since 0.1.0
 */
export interface Rule {
  readonly limit: number
  readonly windowMillis: number
}

/**
 * A key's bucket: tokens left (fractional while refilling) at `updatedAt` (epoch ms).
 *
 * @category models
 * @since 0.1.0
 */
export interface Bucket {
  readonly tokens: number
  readonly updatedAt: number
}

/**
 * An attempt's outcome; when refused, how long until one token is back.
 *
 * @category models
 * @since 0.1.0
 */
export type Decision =
  | { readonly allowed: true; readonly bucket: Bucket }
  | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterMillis: number }

/**
 * Takes one token from a bucket (a new key starts full) at `now`. A clock that went back refills nothing.
 *
 * @category combinators
 * @since 0.1.0
 */
export const take = (bucket: Bucket | undefined, rule: Rule, now: number): Decision => {
  const ratePerMilli = rule.limit / rule.windowMillis
  const elapsed = bucket === undefined ? 0 : Math.max(0, now - bucket.updatedAt)
  const tokens = bucket === undefined ? rule.limit : Math.min(rule.limit, bucket.tokens + elapsed * ratePerMilli)
  const updatedAt = bucket === undefined ? now : Math.max(now, bucket.updatedAt)
  // The epsilon absorbs floating-point drift: a wait of exactly `retryAfterMillis` must be enough.
  if (tokens >= 1 - 1e-9) return { allowed: true, bucket: { tokens: Math.max(0, tokens - 1), updatedAt } }
  return {
    allowed: false,
    bucket: { tokens, updatedAt },
    retryAfterMillis: Math.ceil((1 - tokens) / ratePerMilli)
  }
}

/**
 * Where buckets are kept.
 *
 * @category models
 * @since 0.1.0
 */
export interface Limiter {
  /** Takes a token for `key` under `rule` at `now`. */
  readonly take: (key: string, rule: Rule, now: number) => Effect.Effect<Decision>
}

/**
 * The limiter of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class RateLimiter extends Context.Service<RateLimiter, Limiter>()("@orga/http/RateLimiter") {}

/**
 * A limiter in this process's memory. Past `maxKeys` keys, buckets that have refilled are dropped (a full bucket
 * is the same as no bucket); if a flood of distinct keys still fills it, the oldest keys are dropped down to 90%
 * (their count starts afresh: the price of bounded memory). Cleaning happens once per 10% of new keys, so each
 * attempt costs O(1) amortised.
 *
 * @category constructors
 * @since 0.1.0
 */
export const memory = (maxKeys = 100_000): Limiter => {
  const buckets = new Map<string, { bucket: Bucket; rule: Rule }>()
  const clean = (now: number) => {
    for (const [key, { bucket, rule }] of buckets)
      if (take(bucket, rule, now).bucket.tokens + 1 >= rule.limit) buckets.delete(key)
    const target = Math.floor(maxKeys * 0.9)
    for (const key of buckets.keys()) {
      if (buckets.size <= target) break
      buckets.delete(key)
    }
  }
  return {
    take: (key, rule, now) =>
      Effect.sync(() => {
        const decision = take(buckets.get(key)?.bucket, rule, now)
        // Delete first: a key's place in the map is its last attempt, so the oldest keys are dropped first.
        buckets.delete(key)
        buckets.set(key, { bucket: decision.bucket, rule })
        if (buckets.size > maxKeys) clean(now)
        return decision
      })
  }
}

/**
 * Provides an in-memory limiter.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory = (maxKeys?: number): Layer.Layer<RateLimiter> =>
  Layer.sync(RateLimiter, () => memory(maxKeys))

/**
 * Takes a token for every key (all are counted, even past a refusal, so a flood keeps paying); when any refuses,
 * answers the longest wait in whole seconds.
 *
 * @category combinators
 * @since 0.1.0
 */
export const takeAll = (
  limiter: Limiter,
  keys: ReadonlyArray<readonly [key: string, rule: Rule]>,
  now: number
): Effect.Effect<{ readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }> =>
  Effect.forEach(keys, ([key, rule]) => limiter.take(key, rule, now)).pipe(
    Effect.map((decisions) => {
      const waits = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterMillis]))
      return waits.length === 0
        ? ({ allowed: true } as const)
        : ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) } as const)
    })
  )
