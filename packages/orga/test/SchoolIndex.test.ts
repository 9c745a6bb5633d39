/**
 * The school index keeps its answers while their keys hold (the roster and its version, the erasures, the campaigns'
 * states and participation revisions): folded step by step over generated logs (imports, links, campaigns,
 * participations shared, improved and deleted, erasures), every kept answer equals a scan of the read models as they
 * are, and the pages made from it (learners list, certificability by class, results) answered by an `Orga` that kept
 * them across positions equal those of a fresh `Orga` over the same log.
 */
import { type EventStore, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../src/internal/Domain.ts"
import * as Listings from "../src/internal/Listings.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as SchoolIndex from "../src/internal/SchoolIndex.ts"
import * as Streams from "../src/internal/Streams.ts"
import * as Orga from "../src/Orga.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"
import { orgaOver, storeOf } from "./support/schoolAnswers.ts"

// A generated log and where to cut it: the index is asked after each piece is folded.
const logInPieces = fc
  .tuple(PartitionLogs.log, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }))
  .map(([log, cuts]) => {
    const ends = [...new Set(cuts.map((cut) => Math.floor(cut * log.length))), log.length].sort((a, b) => a - b)
    return { log, ends }
  })

// The campaigns of a school in a log.
const campaignsOf = (log: ReadonlyArray<EventStore.RecordedEvent>, organizationId: string): ReadonlyArray<string> =>
  log.flatMap(({ data }) => {
    const event = data as { readonly _tag: string; readonly campaignId?: string; readonly organizationId?: string }
    return event._tag === "CampaignCreated" && event.organizationId === organizationId ? [event.campaignId!] : []
  })

// The scans the index stands for, over the read models as they are.
const scanned = (models: ReadModels.ReadModels, organizationId: string) => {
  const learners = [...ReadModels.rosterOf(models, organizationId).learners.values()].sort(
    (a, b) =>
      a.record.lastName.localeCompare(b.record.lastName, "fr") ||
      a.record.firstName.localeCompare(b.record.firstName, "fr")
  )
  const counts = new Map<string, number>()
  for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? [])
    for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
      const participation = models.participation(participationId)
      if (participation !== undefined && participation.learnerId !== null && participation.deletedAt === null)
        counts.set(participation.learnerId, (counts.get(participation.learnerId) ?? 0) + 1)
    }
  return {
    learners: learners.map((learner) => ({ learner, name: `${learner.record.lastName} ${learner.record.firstName}` })),
    certifiable: new Map(
      [...Listings.make(models).latestProfiles(organizationId)].map(([learnerId, profile]) => [
        learnerId,
        profile.isCertifiable === true
      ])
    ),
    participationCounts: counts
  }
}

// The log as the use cases can write it: a subject erased once (a second erasure is refused, `alreadyErased`).
const erasedOnce = (log: ReadonlyArray<EventStore.RecordedEvent>): Array<EventStore.RecordedEvent> => {
  const erased = new Set<string>()
  return log.filter(({ data }) => {
    const event = data as { readonly _tag: string; readonly userId?: string; readonly learnerId?: string }
    const subject =
      event._tag === "UserErased"
        ? `user:${event.userId}`
        : event._tag === "LearnerErased"
          ? `learner:${event.learnerId}`
          : undefined
    if (subject === undefined) return true
    if (erased.has(subject)) return false
    erased.add(subject)
    return true
  })
}

// The pages the school index serves (and the results list and pages beside them, kept by campaign), asked of an Orga: each answer, or its error's
// code. (Not the export: its file name holds the time, and the deterministic clock moves at each reading.)
const pages = (organizationId: string, campaignIds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const orga = yield* Orga.all
    const actor = Orga.user(PartitionLogs.adminOf(organizationId))
    const settle = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
      effect.pipe(
        Effect.map((value) => ({ ok: value }) as const),
        Effect.catch((error: E) => Effect.succeed({ error: error._tag } as const))
      )
    const results = []
    for (const campaignId of campaignIds)
      results.push({
        list: yield* settle(orga.campaignResults(actor, campaignId)),
        page: yield* settle(orga.resultsPage(actor, campaignId))
      })
    return {
      learners: yield* settle(orga.learners(actor, organizationId, { includeDisabled: true })),
      certifiable: yield* settle(
        orga.learnersPage(actor, organizationId, { certificability: ["eligible", "not-available"], pageSize: 2 })
      ),
      certificability: yield* settle(orga.certificability(actor, organizationId)),
      results
    }
  })

describe("SchoolIndex", () => {
  it("gives, after every event of a log, what a scan of the read models gives", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const models = ReadModels.make()
        const index = SchoolIndex.of(models)
        for (const event of log) {
          models.apply([event])
          for (const organizationId of PartitionLogs.schoolIds) {
            const scan = scanned(models, organizationId)
            expect(index.learners(organizationId)).toEqual(scan.learners)
            expect(index.certifiable(organizationId)).toEqual(scan.certifiable)
            expect(index.participationCounts(organizationId)).toEqual(scan.participationCounts)
          }
        }
      }),
      { numRuns: 150 }
    )
  })

  it("keeps the schools asked last, up to its bound", () => {
    const cache = SchoolIndex.bySchool<number>({ bound: 3 })
    for (const [index, school] of ["a", "b", "c"].entries()) cache.set(school, index)
    expect(cache.get("a")).toBe(0)
    cache.set("d", 3)
    // "b" was the least recently asked: it left, "a" (asked since) stayed.
    expect(["a", "b", "c", "d"].map(cache.get)).toEqual([0, undefined, 2, 3])
    cache.set("c", 20)
    cache.set("e", 4)
    expect(["a", "c", "d", "e"].map(cache.get)).toEqual([undefined, 20, 3, 4])
    expect(SchoolIndex.keptSchools).toBeGreaterThanOrEqual(50)
  })

  it("is one per read models, shared by the query modules over them", () => {
    const models = ReadModels.make()
    expect(SchoolIndex.of(models)).toBe(SchoolIndex.of(models))
    expect(SchoolIndex.of(ReadModels.make())).not.toBe(SchoolIndex.of(models))
  })

  it("the pages an Orga kept across positions equal a fresh Orga's over the same log", async () => {
    const codec = Streams.codec()
    const samples = fc.sample(logInPieces, { numRuns: 25, seed: 1217 })
    let compared = 0
    for (const sample of samples) {
      const log = erasedOnce(sample.log)
      const ends = sample.ends.map((end) => Math.min(end, log.length))
      const store = await storeOf([])
      const kept = orgaOver(store)
      try {
        let from = 0
        for (const end of ends) {
          // The kept Orga answers at every position, so that its pages are kept from one to the next.
          for (let at = from; at < end; at++) {
            const event = log[at]!
            await Effect.runPromise(
              Effect.flatMap(codec.encodeAll([event.data as StoredEvent.StoredEvent]), (events) =>
                store.append([{ streamId: event.streamId, expectedVersion: ExpectedVersion.any, events }])
              )
            )
            for (const organizationId of PartitionLogs.schoolIds)
              await kept.runPromise(pages(organizationId, campaignsOf(log.slice(0, at + 1), organizationId)))
          }
          from = end
          const fresh = orgaOver(store)
          try {
            for (const organizationId of PartitionLogs.schoolIds) {
              const campaignIds = campaignsOf(log.slice(0, end), organizationId)
              const expected = await fresh.runPromise(pages(organizationId, campaignIds))
              expect(await kept.runPromise(pages(organizationId, campaignIds))).toEqual(expected)
              compared++
            }
          } finally {
            await fresh.dispose()
          }
        }
      } finally {
        await kept.dispose()
      }
    }
    expect(compared).toBeGreaterThan(8)
  })
})
