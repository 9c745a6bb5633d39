/**
 * A follower that serves schools from partition rows and folds the log's tail itself (issue 17): for any
 * interleaving of tail folding, loads at any checkpoint at or past its position, evictions and reloads, every
 * partition it holds equals the partition of a full fold up to its position, and it holds nothing else.
 */
import type { EventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../src/internal/Domain.ts"
import * as PartitionCache from "../src/internal/PartitionCache.ts"
import * as PartitionCacheSource from "../src/internal/PartitionCacheSource.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import { stateForm } from "./support/partitionForms.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

type Op =
  | { readonly kind: "fold"; readonly count: number }
  | { readonly kind: "school"; readonly school: number; readonly lead: number }
  | { readonly kind: "keys"; readonly user: number; readonly lead: number }
  | { readonly kind: "evict"; readonly school: number }

const lead = fc.double({ min: 0, max: 1, noNaN: true })
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("fold" as const), count: fc.integer({ min: 1, max: 40 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("school" as const), school: fc.nat({ max: 2 }), lead })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("keys" as const), user: fc.nat({ max: 4 }), lead }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("evict" as const), school: fc.nat({ max: 2 }) }) }
)

const users = ["u1", "u2", "u3", "u4", "U5"]

// Runs the operations against a cache started at `start` of the log; checks the cache after each one.
const follow = (
  log: ReadonlyArray<EventStore.RecordedEvent>,
  start: number,
  ops: ReadonlyArray<Op>,
  maxSchools: number
) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const memory = PartitionCacheSource.memory(log)
      const head = log.at(-1)?.globalPosition ?? 0n
      memory.project(BigInt(start))
      const cache = yield* PartitionCache.start(memory.source, { maxSchools, maxKeys: 2, waitMillis: 100 })
      expect(cache.position).toBe(BigInt(start))
      // The projection somewhere at or past the cache's position.
      const projectAhead = (fraction: number) =>
        memory.project(cache.position + BigInt(Math.floor(Number(head - cache.position) * fraction)))
      let loads = 0
      for (const step of ops) {
        switch (step.kind) {
          case "fold":
            PartitionCache.fold(
              cache,
              log.filter((event) => event.globalPosition > cache.position).slice(0, step.count)
            )
            break
          case "school": {
            projectAhead(step.lead)
            const organizationId = PartitionLogs.schoolIds[step.school]!
            yield* PartitionCache.ensureSchool(cache, organizationId)
            loads++
            const school = PartitionRouter.org(organizationId)
            // Everything the school needs, named from the full fold's partition, is held.
            const reference = memory.rowsAt(cache.position)
            const own = reference.get(school)
            const needed = own === undefined ? [] : Partitions.neededBy(school, Partitions.decode(own))
            for (const key of [school, ...needed]) expect(cache.loaded.has(key), key).toBe(true)
            break
          }
          case "keys":
            projectAhead(step.lead)
            yield* PartitionCache.ensure(cache, [
              PartitionRouter.user(users[step.user]!),
              PartitionRouter.links(users[step.user]!)
            ])
            break
          case "evict":
            PartitionCache.evict(cache, PartitionRouter.org(PartitionLogs.schoolIds[step.school]!))
            break
        }
        // What the cache holds equals the full fold's partitions at its position, and it holds nothing else.
        const reference = memory.rowsAt(cache.position)
        const held = Partitions.split(cache.models, cache.router)
        for (const key of held.keys()) expect(cache.loaded.has(key), `${key} is not loaded`).toBe(true)
        for (const key of cache.loaded) {
          const bytes = reference.get(key)
          expect(stateForm(held.get(key)), key).toEqual(
            stateForm(bytes === undefined ? undefined : Partitions.decode(bytes))
          )
        }
        expect(cache.schools.size).toBeLessThanOrEqual(maxSchools)
      }
      // Caught up to the head, the router is the full fold's.
      memory.project(head)
      yield* PartitionCache.catchUp(cache)
      expect(cache.position).toBe(head)
      return loads
    })
  )

describe("PartitionCache", () => {
  it("holds, for any interleaving of tail, loads and evictions, exactly the full fold's partitions", async () => {
    let loads = 0
    await fc.assert(
      fc.asyncProperty(
        PartitionLogs.log,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        async (log, start, ops, maxSchools) => {
          loads += await follow(log, Math.floor(log.length * start), ops, maxSchools)
        }
      ),
      { numRuns: 100 }
    )
    expect(loads).toBeGreaterThan(50)
  })

  it("Partitions.remove takes out exactly the partitions given, whichever they are", () => {
    fc.assert(
      fc.property(PartitionLogs.log, fc.array(fc.nat(), { maxLength: 12 }), (log, picks) => {
        const models = ReadModels.make()
        models.apply(log)
        const router = PartitionRouter.make()
        for (const event of log) PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
        const before = new Map(
          [...Partitions.split(models, router)].map(([key, state]) => [key, stateForm(state)] as const)
        )
        const keys = [...before.keys()]
        const removed = new Set(picks.map((pick) => keys[pick % keys.length]!))
        Partitions.remove(models, router, removed)
        const after = Partitions.split(models, router)
        for (const key of removed) expect(after.has(key), key).toBe(false)
        for (const [key, form] of before) if (!removed.has(key)) expect(stateForm(after.get(key)), key).toEqual(form)
      }),
      { numRuns: 100 }
    )
  })

  it("starts from the stored router and checkpoint, holding nothing", async () => {
    const log = fc.sample(PartitionLogs.log, { numRuns: 1, seed: 3 })[0]!
    const memory = PartitionCacheSource.memory(log)
    memory.project(10n)
    const cache = await Effect.runPromise(PartitionCache.start(memory.source))
    expect(cache.position).toBe(10n)
    expect(cache.loaded.size).toBe(0)
    expect(Partitions.split(cache.models, cache.router).size).toBe(0)
  })

  it("a load waits for the projection, and fails clearly when it does not reach the cache's position", async () => {
    const log = fc.sample(PartitionLogs.log, { numRuns: 1, seed: 5 })[0]!
    const memory = PartitionCacheSource.memory(log)
    memory.project(5n)
    const cache = await Effect.runPromise(PartitionCache.start(memory.source, { waitMillis: 30 }))
    PartitionCache.fold(cache, log.slice(0, 20))
    const failed = await Effect.runPromise(Effect.flip(PartitionCache.ensureSchool(cache, "o1")))
    expect(failed._tag).toBe("PartitionCacheError")
    expect(failed.message).toContain("stands at 5")
    // Nothing was loaded by the failed load.
    expect(cache.loaded.size).toBe(0)
    expect(Partitions.split(cache.models, cache.router).size).toBe(0)
  })
})
