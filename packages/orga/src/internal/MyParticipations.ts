/**
 * The student's own participations (Pix App's "Mes parcours"): every participation of his, in any organization.
 *
 * Found through the learners he is linked to (`participation-<campaignId>-<learnerId>` streams of their
 * organizations' campaigns) and his own streams where the organization does not manage students
 * (`participation-<campaignId>-user-<userId>`): lookups per campaign, never a scan of all participations.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import { type Ids, Participation } from "./Domain.ts"
import { type Plumbing, userOf } from "./Plumbing.ts"

/**
 * Builds the query over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "myParticipations"> => {
  const { models, query } = plumbing

  const myParticipations: OrgaShape["myParticipations"] = (actor) =>
    query(
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const learnersByOrganization = new Map<string, Array<string>>()
        for (const link of models.linksByUser.get(userId)?.values() ?? []) {
          const learners = learnersByOrganization.get(link.organizationId) ?? []
          learners.push(link.learnerId)
          learnersByOrganization.set(link.organizationId, learners)
        }
        const rows: Array<Views.MyParticipation> = []
        for (const campaign of models.campaigns.values()) {
          const streams = [
            Participation.userStreamName(campaign.campaignId, userId),
            ...(learnersByOrganization.get(campaign.organizationId) ?? []).map((learnerId) =>
              Participation.streamName(campaign.campaignId, learnerId as Ids.LearnerId)
            )
          ]
          for (const stream of streams)
            for (const participation of models.participationStreams.get(stream)?.participations ?? [])
              if (participation.userId === userId && participation.deletedAt === null)
                rows.push({
                  participationId: participation.participationId,
                  campaignId: campaign.campaignId,
                  campaignCode: campaign.code,
                  campaignName: campaign.title ?? campaign.name,
                  organizationId: campaign.organizationId,
                  type: campaign.type,
                  status: participation.status,
                  createdAt: participation.createdAt,
                  sharedAt: participation.sharedAt,
                  multipleSendings: campaign.multipleSendings
                })
        }
        return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      })
    )

  return { myParticipations }
}
