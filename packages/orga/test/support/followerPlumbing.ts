/**
 * The library's plumbing over a follower's read models (a `PartitionCache`), for the tests and benches that compute
 * a school's pages with the query modules themselves (`Results`, `LearnerList`, `Reports`, `Analysis`): made as the
 * library makes it, over an empty memory store and a deterministic runtime, then given the follower's models and
 * position. `made` is the plumbing before that (its own models, which a caller may give what its rights checks
 * read).
 */
import { MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as PartitionCache from "../../src/internal/PartitionCache.ts"
import * as Plumbing from "../../src/internal/Plumbing.ts"
import type * as Orga from "../../src/Orga.ts"
import * as Runtime from "../../src/runtime/Runtime.ts"

/** The plumbing over `cache`'s models and position, and the one it was made from. */
export const over = async (
  cache: PartitionCache.PartitionCache,
  config: Orga.Config,
  start: string
): Promise<{ readonly plumbing: Plumbing.Plumbing; readonly made: Plumbing.Plumbing }> => {
  const runtime = Runtime.deterministic({ start, idPrefix: "id" })
  // The plumbing's own catch-up (over the empty store) stops with the scope: the follower's position replaces it.
  const made = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const services = yield* Layer.build(Layer.mergeAll(MemoryEventStore.layer, runtime.layer))
        return yield* Effect.provide(Plumbing.make(config), services)
      })
    )
  )
  const plumbing: Plumbing.Plumbing = {
    ...made,
    models: cache.models,
    catchup: { ...made.catchup, position: () => cache.position }
  }
  return { plumbing, made }
}
