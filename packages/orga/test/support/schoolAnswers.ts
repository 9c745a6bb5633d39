/**
 * A school's heavy pages asked of a real `Orga` (learner list, certificability by class, and each campaign's results,
 * results by class, analysis, results page and export), and an `Orga` whose read models are given ones, put in place
 * as a start-up snapshot at the log's head (ADR 0056's path): what the partition tests compare.
 */
import { EventStore, ExpectedVersion, MemoryEventStore, type SnapshotStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { expect } from "vitest"
import type { StoredEvent } from "../../src/internal/Domain.ts"
import type * as ReadModels from "../../src/internal/ReadModels.ts"
import * as SnapshotCodec from "../../src/internal/SnapshotCodec.ts"
import * as Streams from "../../src/internal/Streams.ts"
import * as Orga from "../../src/Orga.ts"
import * as Runtime from "../../src/runtime/Runtime.ts"
import * as Snapshots from "../../src/Snapshots.ts"
import { config } from "./harness.ts"
import * as PartitionLogs from "./partitionLogs.ts"

/** A memory store holding a generated log, written through the codec as the use cases write it. */
export const storeOf = async (log: ReadonlyArray<EventStore.RecordedEvent>): Promise<EventStore.EventStoreShape> => {
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
  return store
}

/** A snapshot store holding one snapshot: the given read models at the log's head. */
export const oneSnapshot = (models: ReadModels.ReadModels, position: bigint): Snapshots.SnapshotsShape => {
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

/** An `Orga` over a store, from the given snapshots when there are some. */
export const orgaOver = (store: EventStore.EventStoreShape, snapshots?: Snapshots.SnapshotsShape) => {
  const runtime = Runtime.deterministic({ start: "2026-09-14T08:00:00.000Z", idPrefix: "id" })
  const base = Layer.mergeAll(
    Layer.succeed(EventStore.EventStore, store),
    runtime.layer,
    ...(snapshots === undefined ? [] : [Layer.succeed(Snapshots.Snapshots, snapshots)])
  )
  return ManagedRuntime.make(Orga.layer(config).pipe(Layer.provide(base)))
}

/** Every answer of a school's heavy pages, or its error's code (the same refusals count as the same answer). */
export const answers = (organizationId: string, campaignIds: ReadonlyArray<string>) =>
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

/**
 * Expects an `Orga` over the given read models (a start-up snapshot at `head`) to answer the school's heavy pages as
 * `wholeOrga` does; answers how many campaigns were compared.
 */
export const expectSameAnswers = async (
  wholeOrga: ReturnType<typeof orgaOver>,
  store: EventStore.EventStoreShape,
  models: ReadModels.ReadModels,
  head: bigint,
  organizationId: string,
  campaignIds: ReadonlyArray<string>
): Promise<number> => {
  const schoolOrga = orgaOver(store, oneSnapshot(models, head))
  try {
    const expected = await wholeOrga.runPromise(answers(organizationId, campaignIds))
    expect(await schoolOrga.runPromise(answers(organizationId, campaignIds))).toEqual(expected)
    return campaignIds.length
  } finally {
    await schoolOrga.dispose()
  }
}
