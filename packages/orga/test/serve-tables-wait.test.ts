/**
 * A follower's load waits for a lagging leader outside the follower's lock (issue 17): while one call's school waits
 * for the projection to reach the follower's position, a call on a school already loaded answers at once, and the
 * waiting load ends, consistent with the log, once the projection gets there. A `PartitionCache` load with
 * `waitMillis: 0` answers "not yet" and loads nothing. While the follower reads the log's tail (a slow round trip),
 * a load goes on: only the fold of what was read takes the lock. Keys a call names that a school holds stay that
 * school's, pinned with it for the call.
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { describe, expect, it } from "vitest"
import * as Follower from "../src/internal/Follower.ts"
import * as PartitionCache from "../src/internal/PartitionCache.ts"
import * as PartitionCacheSource from "../src/internal/PartitionCacheSource.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import { stateForm } from "./support/partitionForms.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

const importOf = (school: number, learner: number, ine: number) =>
  ({ kind: "import", school, learner, ine, division: "6A" }) as const

// o1 and o2 registered with a learner each; the tail then imports two more learners into o2 only (their own INEs):
// it reaches nothing o1 needs.
const head = [importOf(0, 0, 0), importOf(1, 0, 1)]
const tail = [importOf(1, 1, 2), importOf(1, 2, 3)]
type Steps = Parameters<typeof PartitionLogs.interpret>[0]
const log = PartitionLogs.interpret([...head, ...tail] as unknown as Steps)
const projected = BigInt(PartitionLogs.interpret(head as unknown as Steps).length)
const logHead = log.at(-1)!.globalPosition

const learnersOf = (follower: Follower.Follower, organizationId: string) =>
  [...(follower.models.rosters.get(organizationId)?.learners.keys() ?? [])].sort()

describe("a follower's load and a lagging leader", () => {
  it("while a school waits for the projection, a call on a school already loaded answers", async () => {
    const memory = PartitionCacheSource.memory(log)
    memory.project(projected)
    await Effect.runPromise(
      Effect.gen(function* () {
        // The bound is the time the test would take to fail when the wait holds the lock.
        const follower = yield* Follower.fromSource({
          source: memory.source,
          awaitHead: Effect.void,
          maxSchools: 10,
          readModels: {},
          waitMillis: 2000
        })
        yield* follower.ensureSchool("o1")
        // The instance reads the log's tail (another instance wrote into o2): it now stands past the projection.
        yield* follower.arrive
        expect(follower.position()).toBe(logHead)
        expect(follower.cache.changed.has(PartitionRouter.org("o1"))).toBe(false)

        const loading = yield* Effect.forkChild(follower.ensureSchool("o2"))
        // Lets the load reach its wait for the projection.
        yield* Effect.sleep(50)
        expect(loading.pollUnsafe()).toBeUndefined()

        // A call on o1 while o2 waits: it answers, and o2 is still waiting (before the change it waited for the
        // lock until o2's load had failed).
        yield* follower.ensureSchool("o1")
        expect(learnersOf(follower, "o1")).toEqual(["o1-l0"])
        expect(loading.pollUnsafe()).toBeUndefined()
        expect(follower.cache.loaded.has(PartitionRouter.org("o2"))).toBe(false)

        // The leader catches up: the load ends, with the tail's learners.
        memory.project(logHead)
        yield* Fiber.join(loading)
        expect(learnersOf(follower, "o2")).toEqual(["o2-l0", "o2-l1", "o2-l2"])
        // Every loaded partition equals the one of a full fold up to the follower's position.
        const reference = memory.rowsAt(logHead)
        const held = Partitions.split(follower.models, follower.cache.router)
        for (const key of follower.cache.loaded) {
          const row = reference.get(key)
          expect(stateForm(held.get(key)), key).toEqual(
            stateForm(row === undefined ? undefined : Partitions.decode(row))
          )
        }
      })
    )
  })

  it("a load that may not wait answers not yet and loads nothing, then loads once the projection is there", async () => {
    const memory = PartitionCacheSource.memory(log)
    memory.project(projected)
    const cache = await Effect.runPromise(PartitionCache.start(memory.source))
    await Effect.runPromise(PartitionCache.catchUp(cache))
    expect(await Effect.runPromise(PartitionCache.ensureSchool(cache, "o2", { waitMillis: 0 }))).toBe(false)
    expect(cache.loaded.size).toBe(0)
    expect(cache.models.rosters.size).toBe(0)
    // The wait outside the cache fails as a load does when the projection does not come.
    const failed = await Effect.runPromise(
      Effect.flip(PartitionCache.awaitProjection({ ...cache, options: { ...cache.options, waitMillis: 20 } }, logHead))
    )
    expect(failed.message).toContain(`stands at ${projected}`)
    memory.project(logHead)
    await Effect.runPromise(PartitionCache.awaitProjection(cache, cache.position))
    expect(await Effect.runPromise(PartitionCache.ensureSchool(cache, "o2", { waitMillis: 0 }))).toBe(true)
    expect([...(cache.models.rosters.get("o2")?.learners.keys() ?? [])].sort()).toEqual(["o2-l0", "o2-l1", "o2-l2"])
  })

  it("while the follower reads the log's tail, a load goes on; the tail read is folded after", async () => {
    const memory = PartitionCacheSource.memory(log)
    memory.project(projected)
    await Effect.runPromise(
      Effect.gen(function* () {
        // The store answers the next tail read only when the test lets it.
        const answer = yield* Deferred.make<void>()
        let holding = false
        const source: PartitionCacheSource.Source = {
          ...memory.source,
          tail: (after, maxCount) =>
            holding
              ? Effect.andThen(Deferred.await(answer), memory.source.tail(after, maxCount))
              : memory.source.tail(after, maxCount)
        }
        const follower = yield* Follower.fromSource({
          source,
          awaitHead: Effect.void,
          maxSchools: 10,
          readModels: {},
          waitMillis: 2000
        })
        // The follower started at the projection's checkpoint; the tail (another instance's imports into o2) is
        // projected by the leader at once, and the follower's read of it hangs.
        memory.project(logHead)
        holding = true
        const arriving = yield* Effect.forkChild(follower.arrive)
        yield* Effect.sleep(20)
        expect(arriving.pollUnsafe()).toBeUndefined()
        holding = false
        // o1 loads while the tail read hangs (before the change it waited for the lock the read held).
        yield* follower.ensureSchool("o1")
        expect(learnersOf(follower, "o1")).toEqual(["o1-l0"])
        expect(arriving.pollUnsafe()).toBeUndefined()
        yield* Deferred.succeed(answer, undefined)
        yield* Fiber.join(arriving)
        expect(follower.position()).toBe(logHead)
        expect(learnersOf(follower, "o1")).toEqual(["o1-l0"])
      })
    )
  })

  it("a call naming keys a school holds keeps that school for as long as it runs, beyond the bound", async () => {
    const memory = PartitionCacheSource.memory(log)
    await Effect.runPromise(
      Effect.gen(function* () {
        const follower = yield* Follower.fromSource({
          source: memory.source,
          awaitHead: Effect.void,
          maxSchools: 1,
          readModels: {}
        })
        yield* follower.leased(follower.ensureSchool("o1"))
        const o1 = PartitionRouter.org("o1")
        const ines = [...(follower.models.rosters.get("o1")?.learners.values() ?? [])].map((learner) =>
          PartitionRouter.ine(learner.record.nationalStudentId)
        )
        expect(ines).toHaveLength(1)
        yield* follower.leased(
          Effect.gen(function* () {
            // An import's INEs (o1 holds them), then another school: the bound of one school would evict o1.
            yield* follower.ensure(ines)
            yield* follower.ensureSchool("o2")
            for (const key of [o1, ...ines]) expect(follower.cache.loaded.has(key), key).toBe(true)
          })
        )
        // Released, the bound holds again: o1, the least recently used, went with its INE.
        expect(follower.cache.loaded.has(o1)).toBe(false)
        expect(follower.cache.loaded.has(ines[0]!)).toBe(false)
      })
    )
  })
})
