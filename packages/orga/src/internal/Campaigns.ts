/**
 * Campaigns: creation reserves the campaign's code on its own stream (two campaigns never share a code); its
 * manager or an admin updates, archives or unarchives it.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import {
  type Actor,
  Campaign,
  CampaignCodeGenerator,
  CampaignCodeReservation,
  type CampaignCommand,
  CampaignDecider,
  type Organization,
  Policy
} from "./Domain.ts"
import { check, fromResult, type Plumbing, userOf } from "./Plumbing.ts"

/**
 * Builds the campaign use cases of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "createCampaign" | "updateCampaign" | "archiveCampaign" | "unarchiveCampaign"> => {
  const { clock, ids, randomness, models, targetProfiles, commit, write, useCase, organizationOf, campaignOf } =
    plumbing

  const campaignActor = (actor: Actor.Actor, organization: Organization.Organization): CampaignCommand.Actor => ({
    userId: (actor._tag === "User" ? actor.userId : "") as never,
    role: Policy.roleOf(actor, organization) ?? null
  })

  // The code generator is synchronous: the runtime's randomness is drawn up front (a deterministic runtime
  // replays the same codes), then served to it one draw at a time.
  const randomSource = (draws: Array<number>) => (bound: number) => {
    const next = draws.shift()
    return next === undefined ? 0 : next % bound
  }

  const drawMany = (count: number, bound: number) =>
    Effect.forEach(Array.from({ length: count }), () => randomness.int(bound))

  const createCampaign: OrgaShape["createCampaign"] = (actor, input) =>
    useCase(
      Effect.gen(function* () {
        const organization = yield* organizationOf(input.organizationId)
        yield* check(Policy.canCreateCampaign(actor, organization))
        const creatorId = yield* userOf(actor)
        const campaignId = input.campaignId ?? (yield* ids.next)
        const now = yield* clock.now
        const draws = yield* drawMany(9 * 20, 1 << 30)
        const code = yield* fromResult(
          CampaignCodeGenerator.generateAvailable(randomSource(draws), (candidate) =>
            models.campaignByCode.has(candidate)
          )
        )
        const ownerId = input.ownerId ?? creatorId
        const campaignEvents = yield* fromResult(
          CampaignDecider.decide(
            {
              _tag: "CreateCampaign",
              campaignId,
              organizationId: input.organizationId,
              code,
              creatorId,
              ownerId,
              name: input.name,
              type: input.type,
              title: input.title ?? null,
              targetProfileId: input.targetProfileId ?? null,
              externalIdLabel: input.externalIdLabel ?? null,
              externalIdType: input.externalIdType ?? null,
              customLandingPageText: input.customLandingPageText ?? null,
              creatorIsMember: organization.members.has(creatorId as never),
              ownerIsMember: organization.members.has(ownerId as never),
              availableTargetProfileIds: [...targetProfiles.keys()],
              multipleSendingAssessmentEnabled: false,
              now
            } as never,
            models.campaigns.get(campaignId) ?? null
          )
        )
        const reservation = yield* fromResult(
          CampaignCodeReservation.decide(
            { _tag: "ReserveCampaignCode", code, campaignId: campaignId as never, now: now as never },
            { campaignId: (models.campaignByCode.get(code) ?? null) as never }
          )
        )
        yield* commit(
          [
            write(Campaign.streamName(campaignId), campaignEvents),
            write(CampaignCodeReservation.streamName(code), reservation)
          ],
          { actorId: creatorId, useCase: "createCampaign", organizationId: input.organizationId },
          now
        )
        return { campaignId, code }
      })
    )

  const manageCampaign = (
    useCaseName: string,
    actor: Actor.Actor,
    campaignId: string,
    build: (
      campaign: Campaign.Campaign,
      organization: Organization.Organization,
      now: string
    ) => CampaignCommand.CampaignCommand
  ) =>
    useCase(
      Effect.gen(function* () {
        const campaign = yield* campaignOf(campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        yield* check(Policy.canManageCampaign(actor, organization, campaign.ownerId as never))
        const now = yield* clock.now
        const events = yield* fromResult(CampaignDecider.decide(build(campaign, organization, now), campaign))
        yield* commit(
          [write(Campaign.streamName(campaignId), events)],
          {
            actorId: actor._tag === "User" ? actor.userId : null,
            useCase: useCaseName,
            organizationId: campaign.organizationId
          },
          now
        )
      })
    )

  const updateCampaign: OrgaShape["updateCampaign"] = (actor, input) =>
    manageCampaign("updateCampaign", actor, input.campaignId, (campaign, organization, now) => {
      const ownerId = input.ownerId ?? campaign.ownerId
      return {
        _tag: "UpdateCampaign",
        campaignId: input.campaignId,
        actor: campaignActor(actor, organization),
        name: input.name,
        title: input.title,
        customLandingPageText: input.customLandingPageText,
        ownerId: input.ownerId,
        ownerIsMember: organization.members.has(ownerId as never),
        hasParticipations: (models.participationsByCampaign.get(input.campaignId)?.length ?? 0) > 0,
        now
      } as never
    })

  // Archiving and unarchiving differ only by the command the decider gets.
  const archiving =
    (useCaseName: "archiveCampaign" | "unarchiveCampaign", tag: "ArchiveCampaign" | "UnarchiveCampaign") =>
    (actor: Actor.Actor, input: { readonly campaignId: string }) =>
      manageCampaign(
        useCaseName,
        actor,
        input.campaignId,
        (_campaign, organization, now) =>
          ({
            _tag: tag,
            campaignId: input.campaignId,
            actor: campaignActor(actor, organization),
            now
          }) as never
      )

  const archiveCampaign: OrgaShape["archiveCampaign"] = archiving("archiveCampaign", "ArchiveCampaign")
  const unarchiveCampaign: OrgaShape["unarchiveCampaign"] = archiving("unarchiveCampaign", "UnarchiveCampaign")

  return { createCampaign, updateCampaign, archiveCampaign, unarchiveCampaign }
}
