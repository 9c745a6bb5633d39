/**
 * Deleting campaigns and participations (§4.4). A batch of campaigns is deleted in one append (all or nothing),
 * with a `ParticipationDeleted` (reason `CAMPAIGN_DELETED`) for every live participation of those campaigns; a
 * participation is deleted with every participation of the same participant in its campaign (Pix's
 * `getAllCampaignParticipationsInCampaignForASameLearner`). Deletion is soft: the events stay, and the read models
 * anonymise what they show of a deleted participation (no user, no external id).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import {
  Campaign,
  type CampaignCommand,
  CampaignDecider,
  CampaignError,
  Organization,
  Participation,
  ParticipationDecider,
  ParticipationError,
  Policy
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { check, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"
import type * as Streams from "./Streams.ts"

/**
 * Builds the deletion use cases over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "deleteCampaigns" | "deleteParticipation"> => {
  const { now: clockNow, models, write, read, useCase, organizationOf, campaignOf } = plumbing

  // The participation streams of a campaign, each once, in the order participations started.
  const streamsOf = (campaignId: string): ReadonlyArray<string> => {
    const streams = new Set<string>()
    for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
      const streamId = models.streamOfParticipation(participationId)
      if (streamId !== undefined) streams.add(streamId)
    }
    return [...streams]
  }

  const hasLive = (streamId: string) =>
    (models.participationStreams.get(streamId)?.participations ?? []).some(
      (participation) => participation.deletedAt === null
    )

  const deleteCampaigns: OrgaShape["deleteCampaigns"] = (actor, raw, options) =>
    useCase(
      "deleteCampaigns",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.DeleteCampaigns)(raw)
        const organization = yield* organizationOf(input.organizationId)
        // Someone who is not a member learns nothing of the campaigns (not even whether they exist).
        yield* check(Policy.canSeeCampaigns(actor, organization))
        const userId = yield* userOf(actor)
        const campaignIds = [...new Set(input.campaignIds)]
        // Pix's order: every campaign belongs to the organization, then the rights, then "deleted already".
        const campaigns: Array<Campaign.Campaign> = []
        for (const campaignId of campaignIds) {
          const campaign = models.campaigns.get(campaignId)
          if (campaign === undefined) return yield* Effect.fail(CampaignError.notFound(campaignId))
          if (campaign.organizationId !== input.organizationId)
            return yield* Effect.fail(CampaignError.notInOrganization(campaignId, input.organizationId))
          campaigns.push(campaign)
        }
        yield* check(
          Policy.canDeleteCampaigns(
            actor,
            organization,
            campaigns.map((campaign) => campaign.ownerId)
          )
        )
        const manager: CampaignCommand.Actor = { userId, role: Policy.roleOf(actor, organization) ?? null }
        const now = yield* clockNow
        const writes: Array<Streams.Write> = []
        for (const campaign of campaigns) {
          const events = yield* fromResult(
            CampaignDecider.decide(
              {
                _tag: "DeleteCampaign",
                campaignId: campaign.campaignId,
                organizationId: input.organizationId,
                actor: manager,
                now
              },
              campaign
            )
          )
          writes.push(write(Campaign.streamName(campaign.campaignId), events))
        }
        let participationsDeleted = 0
        for (const campaign of campaigns)
          for (const streamId of streamsOf(campaign.campaignId)) {
            if (!hasLive(streamId)) continue
            const events = yield* fromResult(
              ParticipationDecider.decide(
                {
                  _tag: "DeleteParticipations",
                  actor: manager,
                  campaignOwnerId: campaign.ownerId,
                  reason: "CAMPAIGN_DELETED",
                  now
                },
                models.participationStreams.get(streamId) ?? Participation.initial
              )
            )
            participationsDeleted += events.length
            writes.push(write(streamId, events))
          }
        // Decided on the actor's role: the organization's stream is read, and checked at append time.
        writes.push(read(Organization.streamName(input.organizationId)))
        return outcome(
          writes,
          { campaignIds: campaigns.map((campaign) => campaign.campaignId), participationsDeleted },
          { actorId: userId, organizationId: input.organizationId, occurredAt: now }
        )
      }),
      (events) => ({
        campaignIds: events.flatMap((event) => (event._tag === "CampaignDeleted" ? [event.campaignId] : [])),
        participationsDeleted: events.filter((event) => event._tag === "ParticipationDeleted").length
      })
    )

  const deleteParticipation: OrgaShape["deleteParticipation"] = (actor, raw, options) =>
    useCase(
      "deleteParticipation",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.DeleteParticipation)(raw)
        const campaign = yield* campaignOf(input.campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        yield* check(Policy.canManageCampaign(actor, organization, campaign.ownerId))
        const userId = yield* userOf(actor)
        const participation = models.participation(input.participationId)
        const streamId = models.streamOfParticipation(input.participationId)
        if (participation === undefined || streamId === undefined || participation.campaignId !== campaign.campaignId)
          return yield* Effect.fail(ParticipationError.notFound(input.participationId))
        if (participation.deletedAt !== null)
          return yield* Effect.fail(ParticipationError.participationDeleted(input.participationId))
        const now = yield* clockNow
        const events = yield* fromResult(
          ParticipationDecider.decide(
            {
              _tag: "DeleteParticipations",
              actor: { userId, role: Policy.roleOf(actor, organization) ?? null },
              campaignOwnerId: campaign.ownerId,
              reason: "PARTICIPATION_DELETED",
              now
            },
            models.participationStreams.get(streamId) ?? Participation.initial
          )
        )
        // Decided on the campaign (live, its owner) and the actor's role: both streams are read.
        return outcome(
          [
            write(streamId, events),
            read(Campaign.streamName(campaign.campaignId)),
            read(Organization.streamName(campaign.organizationId))
          ],
          undefined,
          { actorId: userId, organizationId: campaign.organizationId, occurredAt: now }
        )
      }),
      () => undefined
    )

  return { deleteCampaigns, deleteParticipation }
}
