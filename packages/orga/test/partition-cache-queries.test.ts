/**
 * A school's pages answered by a real `Orga` over a follower's read models (issue 17: `PartitionCache`, started
 * half-way through the log, loading schools while the projection leads it and folding the rest of the log as its
 * tail) give exactly what an `Orga` over the whole log gives: the learner list, certificability by class, and for
 * each campaign its results, results by class, analysis, results page and export.
 */
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as PartitionCache from "../src/internal/PartitionCache.ts"
import * as PartitionCacheSource from "../src/internal/PartitionCacheSource.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"
import { expectSameAnswers, orgaOver, storeOf } from "./support/schoolAnswers.ts"

describe("a follower's read models and the queries", () => {
  it("an Orga over a PartitionCache answers a school's pages as an Orga over the whole log", async () => {
    const logs = fc.sample(PartitionLogs.log, { numRuns: 6, seed: 71 })
    let compared = 0
    for (const log of logs) {
      const store = await storeOf(log)
      const head = await Effect.runPromise(store.head)
      const whole = ReadModels.make()
      whole.apply(log)
      const wholeOrga = orgaOver(store)
      try {
        for (const organizationId of PartitionLogs.schoolIds) {
          // Started half-way, the school loaded while the projection stands three quarters in, the rest folded
          // as the tail; a school loaded then evicted on the way (a bound of one school).
          const memory = PartitionCacheSource.memory(log)
          const half = BigInt(Math.floor(log.length / 2))
          memory.project(half)
          const cache = await Effect.runPromise(PartitionCache.start(memory.source, { maxSchools: 1 }))
          const other = PartitionLogs.schoolIds.find((id) => id !== organizationId)!
          memory.project(half + BigInt(Math.floor(log.length / 4)))
          await Effect.runPromise(PartitionCache.ensureSchool(cache, other))
          await Effect.runPromise(PartitionCache.ensureSchool(cache, organizationId))
          expect(cache.schools.size).toBe(1)
          PartitionCache.fold(cache, log)
          expect(cache.position).toBe(head)
          memory.project(head)
          // The tail may have named more it needs (a new participant's account).
          await Effect.runPromise(PartitionCache.ensureSchool(cache, organizationId))

          const campaignIds = whole.campaignsByOrganization.get(organizationId) ?? []
          compared += await expectSameAnswers(wholeOrga, store, cache.models, head, organizationId, campaignIds)
        }
      } finally {
        await wholeOrga.dispose()
      }
    }
    expect(compared).toBeGreaterThan(5)
  })
})
