/**
 * A school's pages answered by a real `Orga` whose read models are assembled from the school's partitions (issue
 * 17) give exactly what an `Orga` over the whole log gives: the learner list, certificability by class, and for each
 * campaign its results, results by class, analysis, results page and export. The assembled read models are put in
 * place as a start-up snapshot at the log's head (ADR 0056's path), so the queries run unchanged over them.
 */
import { EventStore, ExpectedVersion, MemoryEventStore, type SnapshotStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../src/internal/Domain.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as SnapshotCodec from "../src/internal/SnapshotCodec.ts"
import * as Streams from "../src/internal/Streams.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Snapshots from "../src/Snapshots.ts"
import { config } from "./support/harness.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

// A snapshot store holding one snapshot: the given read models at the log's head.
const oneSnapshot = (models: ReadModels.ReadModels, position: bigint): Snapshots.SnapshotsShape => {
  const bytes = SnapshotCodec.capture(models)
  const header: SnapshotStore.Header = {
    id: "assembled",
    position,
    format: SnapshotCodec.formatVersion,
    fingerprint: SnapshotCodec.fingerprint(models),
    keySubject: null,
    size: bytes.length,
    createdAt: "2026-09-14T08:00:00.000Z"
  }
  return {
    store: {
      list: Effect.succeed([header]),
      read: (id) => Effect.succeed(id === header.id ? bytes : undefined),
      write: () => Effect.succeed({ written: false, removed: [] }),
      dropBelow: () => Effect.succeed([])
    },
    sealer: undefined,
    options: { everyEvents: 1_000_000_000, everySeconds: 1_000_000_000, keep: 2 }
  }
}

const orgaOver = (store: EventStore.EventStoreShape, snapshots?: Snapshots.SnapshotsShape) => {
  const runtime = Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z", idPrefix: "id" })
  const base = Layer.mergeAll(
    Layer.succeed(EventStore.EventStore, store),
    runtime.layer,
    ...(snapshots === undefined ? [] : [Layer.succeed(Snapshots.Snapshots, snapshots)])
  )
  return ManagedRuntime.make(Orga.layer(config).pipe(Layer.provide(base)))
}

// Every answer of a school's heavy pages, or its error's code (the same refusals count as the same answer).
const answers = (organizationId: string, campaignIds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const orga = yield* Orga.all
    const actor = Orga.user(PartitionLogs.adminOf(organizationId))
    const settle = <A, E extends { readonly code?: string; readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
      effect.pipe(
        Effect.map((value) => ({ ok: value }) as const),
        Effect.catch((error: E) => Effect.succeed({ error: error.code ?? error._tag } as const))
      )
    const campaigns = []
    for (const campaignId of campaignIds)
      campaigns.push({
        results: yield* settle(orga.campaignResults(actor, campaignId)),
        byDivision: yield* settle(orga.resultsByDivision(actor, campaignId)),
        analysis: yield* settle(orga.campaignAnalysis(actor, campaignId)),
        page: yield* settle(orga.resultsPage(actor, campaignId)),
        export: yield* settle(orga.exportResults(actor, campaignId))
      })
    return {
      learners: yield* settle(orga.learners(actor, organizationId, { includeDisabled: true })),
      certificability: yield* settle(orga.certificability(actor, organizationId)),
      campaigns
    }
  })

describe("partitions and the queries", () => {
  it("an Orga over a school's assembled partitions answers its pages as an Orga over the whole log", async () => {
    const logs = fc.sample(PartitionLogs.log, { numRuns: 6, seed: 17 })
    let compared = 0
    for (const log of logs) {
      const store = MemoryEventStore.makeUnsafe()
      const codec = Streams.codec()
      for (const event of log)
        await Effect.runPromise(
          Effect.gen(function* () {
            yield* store.append([
              {
                streamId: event.streamId,
                expectedVersion: ExpectedVersion.any,
                events: yield* codec.encodeAll([event.data as StoredEvent.StoredEvent])
              }
            ])
          })
        )
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
          const schoolOrga = orgaOver(store, oneSnapshot(assembled, head))
          try {
            const expected = await wholeOrga.runPromise(answers(organizationId, campaignIds))
            const actual = await schoolOrga.runPromise(answers(organizationId, campaignIds))
            if (process.env.SHOW_ANSWERS) console.log(JSON.stringify(expected).slice(0, 1500))
            expect(actual).toEqual(expected)
            compared += campaignIds.length
          } finally {
            await schoolOrga.dispose()
          }
        }
      } finally {
        await wholeOrga.dispose()
      }
    }
    // The sample holds campaigns to compare, not only empty schools.
    expect(compared).toBeGreaterThan(5)
  })
})
