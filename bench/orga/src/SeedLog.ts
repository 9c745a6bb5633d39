/**
 * The rebuild benchmarks' log: about `total` realistic events (schools, imports, campaigns, participations,
 * shares) appended directly to a store. `main.ts` and `bench/cli` seed with it, so both measure the same log.
 */
import { Participation } from "@orga/domain"
import { EventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import { studentImported } from "./fixtures.ts"

/** A shared profile (the domain's computation of levels, pix and certifiability). */
export const profileFor = (index: number) => {
  const profile = Participation.profileOf([
    { competenceId: "1.1", pixScore: 16 },
    { competenceId: "1.2", pixScore: 8 },
    { competenceId: "2.1", pixScore: 12 },
    { competenceId: "3.4", pixScore: index % 20 },
    { competenceId: "5.2", pixScore: 9 }
  ])
  if (Result.isFailure(profile)) throw new Error("invalid profile")
  return profile.success
}

let eventCounter = 0
const eventId = () => `bench-seed-${process.pid}-${++eventCounter}`

/** Seeds a store with about `total` realistic events: schools, imports, campaigns, participations, shares. */
export const seedLog = (total: number) =>
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    const now = "2026-10-01T08:00:00.000Z"
    let written = 0
    for (let o = 0; written < total; o++) {
      const organizationId = `org-${o}`
      const batches: Array<Array<EventStore.NewEvent>> = [[]]
      const push = (data: { _tag: string } & Record<string, unknown>) => {
        let current = batches[batches.length - 1]!
        if (current.length === 5000) {
          current = []
          batches.push(current)
        }
        current.push({ id: eventId(), type: data._tag, data, metadata: { organizationId } })
      }
      push({
        _tag: "OrganizationRegistered",
        organizationId,
        name: `Collège ${o}`,
        type: "SCO",
        uai: null,
        isManagingStudents: true,
        identityProviderForCampaigns: null,
        contactEmail: null,
        actorId: null,
        occurredAt: now
      })
      const learners = 4000
      for (let l = 0; l < learners; l++) push(studentImported(o, l, now))
      push({
        _tag: "SiecleImportCompleted",
        organizationId,
        schoolYear: "2026",
        fileName: "eleves.xml",
        importedCount: learners,
        disabledCount: 0,
        reenabledCount: 0,
        actorId: "admin",
        occurredAt: now
      })
      const campaignId = `${organizationId}-c`
      push({
        _tag: "CampaignCreated",
        campaignId,
        organizationId,
        code: `ABCDEF${String(o % 1000).padStart(3, "2")}`,
        type: "PROFILES_COLLECTION",
        name: "Collecte",
        title: null,
        targetProfileId: null,
        creatorId: "admin",
        ownerId: "admin",
        externalIdLabel: null,
        externalIdType: null,
        customLandingPageText: null,
        customResultPageText: null,
        customResultPageButtonText: null,
        customResultPageButtonUrl: null,
        multipleSendings: false,
        occurredAt: now
      })
      // Participations go to their own streams, as the library writes them, 500 streams per append.
      const participations: Array<EventStore.AppendToStream> = []
      for (let p = 0; p < 3000; p++) {
        const participationId = `${campaignId}-${p}`
        const userId = `${organizationId}-u${p}`
        const base = { participationId, campaignId, occurredAt: now }
        const data: Array<{ _tag: string } & Record<string, unknown>> = [
          {
            _tag: "ParticipationStarted",
            ...base,
            organizationId,
            campaignType: "PROFILES_COLLECTION",
            userId,
            participantExternalId: null,
            status: "TO_SHARE",
            isRetry: false,
            isReset: false
          },
          { _tag: "ParticipationLinked", ...base, learnerId: `${organizationId}-l${p}`, userId }
        ]
        if (p < 2000) data.push({ _tag: "ProfileShared", ...base, ...profileFor(p) })
        participations.push({
          streamId: `participation-${campaignId}-${organizationId}-l${p}`,
          expectedVersion: { _tag: "Any" },
          events: data.map((event) => ({ id: eventId(), type: event._tag, data: event, metadata: { organizationId } }))
        })
      }
      for (const [b, events] of batches.entries()) {
        const take = Math.min(events.length, total - written)
        if (take <= 0) break
        yield* store.append([
          { streamId: `seed-${organizationId}-${b}`, expectedVersion: { _tag: "Any" }, events: events.slice(0, take) }
        ])
        written += take
      }
      for (let start = 0; start < participations.length && written < total; start += 500) {
        const chunk = participations.slice(start, start + 500)
        yield* store.append(chunk)
        written += chunk.reduce((sum, append) => sum + append.events.length, 0)
      }
    }
    return written
  })
