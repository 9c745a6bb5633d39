/**
 * The runtime inputs of the library, as services: the time (`Clock`), fresh identifiers (`Ids`) and random
 * draws (`Randomness`, for campaign and invitation codes). The domain never reads them itself: the use cases
 * read them here and pass the values inside commands, so a test replaces them with deterministic ones.
 *
 * @since 0.1.0
 */
import { randomInt, randomUUID } from "node:crypto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * Tells the current time as an ISO-8601 UTC timestamp.
 *
 * @since 0.1.0
 */
export class Clock extends Context.Service<Clock, { readonly now: Effect.Effect<string> }>()("@orga/orga/Clock") {}

/**
 * Hands out fresh identifiers, unique for the life of the store.
 *
 * @since 0.1.0
 */
export class Ids extends Context.Service<Ids, { readonly next: Effect.Effect<string> }>()("@orga/orga/Ids") {}

/**
 * Draws integers uniformly in `[0, max)`.
 *
 * @since 0.1.0
 */
export class Randomness extends Context.Service<Randomness, { readonly int: (max: number) => Effect.Effect<number> }>()(
  "@orga/orga/Randomness"
) {}

/**
 * The system clock.
 *
 * @since 0.1.0
 */
export const systemClock: Layer.Layer<Clock> = Layer.succeed(Clock, {
  now: Effect.sync(() => new Date().toISOString())
})

/**
 * Random UUIDs (v4).
 *
 * @since 0.1.0
 */
export const randomIds: Layer.Layer<Ids> = Layer.succeed(Ids, { next: Effect.sync(() => randomUUID()) })

/**
 * Cryptographically strong draws (`crypto.randomInt`), as Pix draws its codes.
 *
 * @since 0.1.0
 */
export const secureRandomness: Layer.Layer<Randomness> = Layer.succeed(Randomness, {
  int: (max) => Effect.sync(() => randomInt(max))
})

/**
 * The live runtime: system clock, random UUIDs, secure randomness.
 *
 * @since 0.1.0
 */
export const live: Layer.Layer<Clock | Ids | Randomness> = Layer.mergeAll(systemClock, randomIds, secureRandomness)

/**
 * A clock for tests: starts at `start` and moves forward by `stepMillis` at each reading, so every event
 * gets a distinct, predictable time. `set` moves it to a given instant.
 *
 * @since 0.1.0
 */
export interface TestClock {
  readonly layer: Layer.Layer<Clock>
  readonly set: (iso: string) => void
  readonly advance: (millis: number) => void
  readonly peek: () => string
}

/**
 * Builds a `TestClock`.
 *
 * @since 0.1.0
 */
export const testClock = (start = "2026-09-01T08:00:00.000Z", stepMillis = 1000): TestClock => {
  let current = Date.parse(start)
  return {
    layer: Layer.succeed(Clock, {
      now: Effect.sync(() => {
        const now = new Date(current).toISOString()
        current += stepMillis
        return now
      })
    }),
    set: (iso) => {
      current = Date.parse(iso)
    },
    advance: (millis) => {
      current += millis
    },
    peek: () => new Date(current).toISOString()
  }
}

/**
 * Sequential ids for tests: `{prefix}-000001`, `{prefix}-000002`, ...
 *
 * @since 0.1.0
 */
export const sequentialIds = (prefix = "id"): Layer.Layer<Ids> => {
  let n = 0
  return Layer.succeed(Ids, {
    next: Effect.sync(() => `${prefix}-${String(++n).padStart(6, "0")}`)
  })
}

/**
 * A seeded pseudo-random generator (mulberry32) for tests: the same seed draws the same codes.
 *
 * @since 0.1.0
 */
export const seededRandomness = (seed = 42): Layer.Layer<Randomness> => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Layer.succeed(Randomness, { int: (max) => Effect.sync(() => Math.floor(next() * max)) })
}

/**
 * A deterministic runtime for tests: a `TestClock`, sequential ids and seeded randomness.
 *
 * @since 0.1.0
 */
export const deterministic = (
  options: { readonly start?: string; readonly idPrefix?: string; readonly seed?: number } = {}
): { readonly layer: Layer.Layer<Clock | Ids | Randomness>; readonly clock: TestClock } => {
  const clock = testClock(options.start)
  return {
    clock,
    layer: Layer.mergeAll(clock.layer, sequentialIds(options.idPrefix), seededRandomness(options.seed))
  }
}
