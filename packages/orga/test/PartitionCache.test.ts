/**
 * A follower that serves schools from partition rows and folds the log's tail itself (issue 17): for any
 * interleaving of tail folding, loads at any checkpoint (past its position, or behind it: the rows the tail did not
 * reach since), evictions and reloads, every partition it holds equals the partition of a full fold up to its
 * position, and it holds nothing else.
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

// Where the projection stands for a load: past the cache's position (0 to 1 of the way to the head), or behind it
// (-1 to 0: between where the cache started and its position).
const lead = fc.double({ min: -1, max: 1, noNaN: true })
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
      // The projection somewhere at or past the cache's position, or behind it (then the load does not wait: the
      // rows the tail reached since are left for a later load).
      const started = cache.position
      let projected = started
      const projectAhead = (fraction: number): PartitionCache.LoadOptions => {
        projected =
          fraction >= 0
            ? cache.position + BigInt(Math.floor(Number(head - cache.position) * fraction))
            : started + BigInt(Math.floor(Number(cache.position - started) * (1 + fraction)))
        memory.project(projected)
        return fraction >= 0 ? {} : { waitMillis: 0 }
      }
      let loads = 0
      let behind = 0
      for (const step of ops) {
        switch (step.kind) {
          case "fold":
            PartitionCache.fold(
              cache,
              log.filter((event) => event.globalPosition > cache.position).slice(0, step.count)
            )
            break
          case "school": {
            const options = projectAhead(step.lead)
            const organizationId = PartitionLogs.schoolIds[step.school]!
            if (!(yield* PartitionCache.ensureSchool(cache, organizationId, options))) break
            loads++
            if (projected < cache.position) behind++
            const school = PartitionRouter.org(organizationId)
            // Everything the school needs, named from the full fold's partition, is held.
            const reference = memory.rowsAt(cache.position)
            const own = reference.get(school)
            const needed = own === undefined ? [] : Partitions.neededBy(school, Partitions.decode(own))
            for (const key of [school, ...needed]) expect(cache.loaded.has(key), key).toBe(true)
            break
          }
          case "keys": {
            const options = projectAhead(step.lead)
            const loaded = yield* PartitionCache.ensure(
              cache,
              [PartitionRouter.user(users[step.user]!), PartitionRouter.links(users[step.user]!)],
              options
            )
            if (loaded && projected < cache.position) behind++
            break
          }
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
      return { loads, behind }
    })
  )

describe("PartitionCache", () => {
  it("holds, for any interleaving of tail, loads and evictions, exactly the full fold's partitions", async () => {
    let loads = 0
    let behind = 0
    await fc.assert(
      fc.asyncProperty(
        PartitionLogs.log,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        async (log, start, ops, maxSchools) => {
          const counted = await follow(log, Math.floor(log.length * start), ops, maxSchools)
          loads += counted.loads
          behind += counted.behind
        }
      ),
      { numRuns: 100 }
    )
    expect(loads).toBeGreaterThan(50)
    // Some loads were served whole from rows behind the cache's position (the tail since had not reached them).
    expect(behind).toBeGreaterThan(0)
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
    // Remembering none of the events it folds, the cache cannot tell which rows they reached: it waits.
    const cache = await Effect.runPromise(PartitionCache.start(memory.source, { waitMillis: 30, recentEvents: 0 }))
    PartitionCache.fold(cache, log.slice(0, 20))
    const failed = await Effect.runPromise(Effect.flip(PartitionCache.ensureSchool(cache, "o1")))
    expect(failed._tag).toBe("PartitionCacheError")
    expect(failed.message).toContain("stands at 5")
    // Nothing was loaded by the failed load.
    expect(cache.loaded.size).toBe(0)
    expect(Partitions.split(cache.models, cache.router).size).toBe(0)
  })

  it("a load behind the projection puts in at once the rows the tail folded since did not reach, and waits for the others", async () => {
    const log = fc.sample(PartitionLogs.log, { numRuns: 1, seed: 5 })[0]!
    const memory = PartitionCacheSource.memory(log)
    // The leader stands at 5; the cache folded the tail to 20 (users u1 to U5, their logins, two profiles, o3).
    memory.project(5n)
    const cache = await Effect.runPromise(PartitionCache.start(memory.source))
    PartitionCache.fold(cache, log.slice(0, 20))
    expect(cache.position).toBe(20n)
    const o1 = PartitionRouter.org("o1")
    const u1 = PartitionRouter.user("u1")
    const notYet = await Effect.runPromise(PartitionCache.load(cache, [o1, u1], { waitMillis: 0 }))
    expect(notYet).toBe(false)
    // o1's row at 5 is its row at 20 (no event between reached it): loaded; u1's was registered since: not.
    expect([...cache.loaded]).toEqual([o1])
    const reference = memory.rowsAt(20n)
    const held = Partitions.split(cache.models, cache.router)
    expect(stateForm(held.get(o1))).toEqual(stateForm(Partitions.decode(reference.get(o1)!)))
    expect(held.has(u1)).toBe(false)
    // Once the leader reaches the cache's position, u1 loads too.
    memory.project(20n)
    expect(await Effect.runPromise(PartitionCache.load(cache, [u1], { waitMillis: 0 }))).toBe(true)
    expect(stateForm(Partitions.split(cache.models, cache.router).get(u1))).toEqual(
      stateForm(Partitions.decode(reference.get(u1)!))
    )
  })

  it("a load behind the events the cache still remembers waits for the projection, loading nothing", async () => {
    const log = fc.sample(PartitionLogs.log, { numRuns: 1, seed: 5 })[0]!
    const memory = PartitionCacheSource.memory(log)
    memory.project(5n)
    const cache = await Effect.runPromise(PartitionCache.start(memory.source, { recentEvents: 5 }))
    PartitionCache.fold(cache, log.slice(0, 20))
    // Events 6 to 15 are forgotten: whether they reached o1 cannot be told.
    expect(cache.recentFrom).toBe(15n)
    const loaded = await Effect.runPromise(PartitionCache.load(cache, [PartitionRouter.org("o1")], { waitMillis: 0 }))
    expect(loaded).toBe(false)
    expect(cache.loaded.size).toBe(0)
  })

  it("keys a school already holds stay its own: naming them does not push out the keys loaded on their own", async () => {
    type Steps = Parameters<typeof PartitionLogs.interpret>[0]
    const steps = [0, 1, 2, 3].map((learner) => ({ kind: "import", school: 0, learner, ine: learner, division: "6A" }))
    const log = PartitionLogs.interpret(steps as unknown as Steps)
    const memory = PartitionCacheSource.memory(log)
    const cache = await Effect.runPromise(PartitionCache.start(memory.source, { maxKeys: 2 }))
    await Effect.runPromise(PartitionCache.ensureSchool(cache, "o1"))
    const u1 = PartitionRouter.user("u1")
    await Effect.runPromise(PartitionCache.ensure(cache, [u1]))
    // The four INEs of o1's file, as an import names them (`Plumbing.ensure`): o1 holds them already.
    const ines = [...(cache.models.rosters.get("o1")?.learners.values() ?? [])].map((learner) =>
      PartitionRouter.ine(learner.record.nationalStudentId)
    )
    expect(ines).toHaveLength(4)
    for (const key of ines) expect(cache.loaded.has(key), key).toBe(true)
    await Effect.runPromise(PartitionCache.ensure(cache, ines))
    // u1 stays (before the change, each INE became a key of its own and the bound of 2 evicted u1).
    expect([...cache.keys]).toEqual([u1])
    expect(cache.loaded.has(u1)).toBe(true)
    expect(PartitionCache.ownersOf(cache, ines)).toEqual([PartitionRouter.org("o1")])
  })
})
