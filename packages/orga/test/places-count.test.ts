/**
 * Places used, as Pix counts them: the distinct learners of the organization (or accounts, where a participation has
 * no learner) with at least one participation that was not deleted, in any of its campaigns; another organization's
 * participations never count. A property over random histories of joins, links and deletions.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as BackOfficeOrganizations from "../src/internal/BackOfficeOrganizations.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"

const at = "2026-09-01T08:00:00.000Z"
const campaigns = [
  { campaignId: "c1", organizationId: "org" },
  { campaignId: "c2", organizationId: "org" },
  { campaignId: "c9", organizationId: "other" }
] as const

const participation = fc.record({
  campaign: fc.constantFrom(...campaigns),
  learner: fc.option(fc.constantFrom("l1", "l2", "l3", "l4", "l5"), { nil: null }),
  user: fc.constantFrom("u1", "u2", "u3"),
  deleted: fc.boolean()
})

const recorded = (data: Record<string, unknown>, index: number, streamId: string) => ({
  id: `e${index}`,
  streamId,
  type: String(data._tag),
  data,
  metadata: { schemaVersion: 1 },
  streamVersion: BigInt(index + 1),
  globalPosition: BigInt(index + 1),
  recordedAt: new Date(0),
  commandId: null
})

describe("places used", () => {
  it("property: distinct learners (or accounts) of the organization with a participation not deleted", () => {
    fc.assert(
      fc.property(fc.array(participation, { maxLength: 25 }), (participations) => {
        const models = ReadModels.make()
        const events: Array<ReturnType<typeof recorded>> = []
        const push = (streamId: string, data: Record<string, unknown>) =>
          events.push(recorded(data, events.length, streamId))
        for (const { campaignId, organizationId } of campaigns)
          push(`campaign-${campaignId}`, {
            _tag: "CampaignCreated",
            campaignId,
            organizationId,
            code: `ABCDEF23${campaignId.at(-1)}`,
            type: "PROFILES_COLLECTION",
            name: campaignId,
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
            occurredAt: at
          })
        const expected = new Set<string>()
        participations.forEach((p, index) => {
          const participationId = `p${index}`
          const streamId = `participation-${p.campaign.campaignId}-${p.learner ?? `user-${p.user}`}-${index}`
          push(streamId, {
            _tag: "ParticipationStarted",
            participationId,
            campaignId: p.campaign.campaignId,
            organizationId: p.campaign.organizationId,
            campaignType: "PROFILES_COLLECTION",
            userId: p.user,
            participantExternalId: null,
            status: "TO_SHARE",
            isRetry: false,
            isReset: false,
            occurredAt: at
          })
          if (p.learner !== null)
            push(streamId, {
              _tag: "ParticipationLinked",
              participationId,
              campaignId: p.campaign.campaignId,
              learnerId: p.learner,
              userId: p.user,
              occurredAt: at
            })
          if (p.deleted)
            push(streamId, {
              _tag: "ParticipationDeleted",
              participationId,
              campaignId: p.campaign.campaignId,
              deletedBy: "admin",
              reason: "CAMPAIGN_DELETED",
              occurredAt: at
            })
          else if (p.campaign.organizationId === "org") expected.add(p.learner ?? `user:${p.user}`)
        })
        models.apply(events)
        expect(BackOfficeOrganizations.occupiedPlaces(models, "org")).toBe(expected.size)
      }),
      { numRuns: 200 }
    )
  })
})
