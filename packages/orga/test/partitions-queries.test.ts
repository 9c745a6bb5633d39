/**
 * A school's pages answered by a real `Orga` whose read models are assembled from the school's partitions (issue
 * 17) give exactly what an `Orga` over the whole log gives: the learner list, certificability by class, and for each
 * campaign its results, results by class, analysis, results page and export. The assembled read models are put in
 * place as a start-up snapshot at the log's head (ADR 0056's path), so the queries run unchanged over them.
 */
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../src/internal/Domain.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"
import { expectSameAnswers, orgaOver, storeOf } from "./support/schoolAnswers.ts"

describe("partitions and the queries", () => {
  it("an Orga over a school's assembled partitions answers its pages as an Orga over the whole log", async () => {
    const logs = fc.sample(PartitionLogs.log, { numRuns: 6, seed: 17 })
    let compared = 0
    for (const log of logs) {
      const store = await storeOf(log)
      const head = await Effect.runPromise(store.head)
      const whole = ReadModels.make()
      whole.apply(log)
      const router = PartitionRouter.make()
      for (const event of log) PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
      const parts = Partitions.split(whole, router)

      const wholeOrga = orgaOver(store)
      try {
        for (const organizationId of PartitionLogs.schoolIds) {
          const key = PartitionRouter.org(organizationId)
          const own = parts.get(key) ?? {}
          const assembled = Partitions.assemble(
            [own, ...Partitions.neededBy(key, own).map((needed) => parts.get(needed) ?? {})].map((state) =>
              Partitions.decode(Partitions.encode(state))
            )
          )
          const campaignIds = whole.campaignsByOrganization.get(organizationId) ?? []
          compared += await expectSameAnswers(wholeOrga, store, assembled, head, organizationId, campaignIds)
        }
      } finally {
        await wholeOrga.dispose()
      }
    }
    // The sample holds campaigns to compare, not only empty schools.
    expect(compared).toBeGreaterThan(5)
  })
})
