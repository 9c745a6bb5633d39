/**
 * The concurrency property of serving from the tables, on a given store: an instance serving from the read-model tables (issue 17) with a bound of one school, asked about every school at
 * once: each call loads its school (evicting another's), and the pins keep a running call's partitions in place, so
 * that the concurrent answers equal those of a memory instance over the same log. Generated logs over three schools
 * (`partitionLogs.ts`: shared INEs, links, users in two schools, erasures) written to a SQLite file.
 */
import { EventStore, type EventStoreError, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../../src/internal/Domain.ts"
import * as ReadModels from "../../src/internal/ReadModels.ts"
import * as Streams from "../../src/internal/Streams.ts"
import { harness } from "./harness.ts"
import * as PartitionLogs from "./partitionLogs.ts"
import { answers } from "./schoolAnswers.ts"

const write = (log: ReadonlyArray<EventStore.RecordedEvent>) =>
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    const codec = Streams.codec()
    for (const event of log)
      yield* store.append([
        {
          streamId: event.streamId,
          expectedVersion: ExpectedVersion.any,
          events: yield* codec.encodeAll([event.data as StoredEvent.StoredEvent])
        }
      ])
  })

/** A store of one run: the same database in memory mode (the tables kept) or served from the tables (one school). */
export interface ServedStore {
  readonly layer: (served: boolean) => Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
  readonly cleanup: () => void
}

export const servedConcurrency = (name: string, store: () => ServedStore) =>
  describe(name, () => {
    it("answers every school's pages as a memory instance does (generated logs)", async () => {
      let compared = 0
      await fc.assert(
        fc.asyncProperty(PartitionLogs.log, async (log) => {
          const given = store()
          try {
            const layer = given.layer
            await Effect.runPromise(Effect.scoped(Effect.provide(write(log), layer(false))))
            const whole = ReadModels.make()
            whole.apply(log)
            const campaigns = (organizationId: string) => whole.campaignsByOrganization.get(organizationId) ?? []
            const memory = harness(layer(false))
            const served = harness(layer(true))
            try {
              await memory.orga()
              await served.orga()
              // Every school twice, all at once: loads, folds and evictions interleave with the calls.
              const asked = [...PartitionLogs.schoolIds, ...PartitionLogs.schoolIds]
              const got = await Promise.all(
                asked.map((organizationId) => served.run(answers(organizationId, campaigns(organizationId))))
              )
              // Asked one by one of the memory instance (an export's lines are read once: one answer per comparison).
              const expected = []
              for (const organizationId of asked)
                expected.push(await memory.run(answers(organizationId, campaigns(organizationId))))
              expect(got).toEqual(expected)
              compared += PartitionLogs.schoolIds.reduce((sum, id) => sum + campaigns(id).length, 0)
            } finally {
              await served.dispose()
              await memory.dispose()
            }
          } finally {
            given.cleanup()
          }
        }),
        { numRuns: 5, seed: 23 }
      )
      // The sample holds campaigns to compare, not only empty schools.
      expect(compared).toBeGreaterThan(3)
    }, 120_000)
  })
