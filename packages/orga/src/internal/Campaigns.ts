/**
 * Campaigns: creation reserves the campaign's code on its own stream (two campaigns never share a code); its
 * manager or an admin updates, archives or unarchives it.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { CommandOptions, OrgaShape } from "../Orga.ts"
import { type Actor, Campaign, CampaignCodeGenerator, CampaignCodeReservation, Organization, Policy } from "./Domain.ts"
import { check, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"

/**
 * Builds the campaign use cases of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "createCampaign" | "updateCampaign" | "archiveCampaign" | "unarchiveCampaign"> => {
  const { clock, ids, randomness, models, targetProfiles, write, read, useCase, organizationOf, campaignOf } = plumbing

  const campaignActor = (actor: Actor.Actor, organization: Organization.Organization): Campaign.Actor => ({
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

  const createCampaign: OrgaShape["createCampaign"] = (actor, input, options) =>
    useCase(
      "createCampaign",
      options,
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
          Campaign.decide(
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
              occurredAt: now,
              context: {
                creatorIsMember: organization.members.has(creatorId as never),
                ownerIsMember: organization.members.has(ownerId as never),
                availableTargetProfileIds: [...targetProfiles.keys()],
                multipleSendingAssessmentEnabled: false
              }
            } as never,
            models.campaigns.get(campaignId) ?? null
          )
        )
        const reservation = yield* fromResult(
          CampaignCodeReservation.decide(
            { _tag: "ReserveCampaignCode", code, campaignId: campaignId as never, occurredAt: now as never },
            { campaignId: (models.campaignByCode.get(code) ?? null) as never }
          )
        )
        // Decided on the creator's membership: the organization's stream is read, and checked at append time.
        return outcome(
          [
            write(Campaign.streamName(campaignId), campaignEvents),
            write(CampaignCodeReservation.streamName(code), reservation),
            read(Organization.streamName(input.organizationId as never))
          ],
          { campaignId, code },
          { actorId: creatorId, organizationId: input.organizationId, occurredAt: now }
        )
      }),
      (events) => {
        const reserved = events.find((event) => event._tag === "CampaignCodeReserved")
        return { campaignId: reserved?.campaignId ?? "", code: reserved?.code ?? "" }
      }
    )

  const manageCampaign = (
    useCaseName: string,
    actor: Actor.Actor,
    campaignId: string,
    options: CommandOptions | undefined,
    build: (
      campaign: Campaign.Campaign,
      organization: Organization.Organization,
      now: string
    ) => Campaign.CampaignCommand
  ) =>
    useCase(
      useCaseName,
      options,
      Effect.gen(function* () {
        const campaign = yield* campaignOf(campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        yield* check(Policy.canManageCampaign(actor, organization, campaign.ownerId as never))
        const now = yield* clock.now
        const events = yield* fromResult(Campaign.decide(build(campaign, organization, now), campaign))
        // Decided on the actor's role: the organization's stream is read, and checked at append time.
        return outcome(
          [
            write(Campaign.streamName(campaignId), events),
            read(Organization.streamName(campaign.organizationId as never))
          ],
          undefined,
          {
            actorId: actor._tag === "User" ? actor.userId : null,
            organizationId: campaign.organizationId,
            occurredAt: now
          }
        )
      }),
      () => undefined
    )

  const updateCampaign: OrgaShape["updateCampaign"] = (actor, input, options) =>
    manageCampaign("updateCampaign", actor, input.campaignId, options, (campaign, organization, now) => {
      const ownerId = input.ownerId ?? campaign.ownerId
      return {
        _tag: "UpdateCampaign",
        campaignId: input.campaignId,
        actor: campaignActor(actor, organization),
        name: input.name,
        title: input.title,
        customLandingPageText: input.customLandingPageText,
        ownerId: input.ownerId,
        occurredAt: now,
        context: {
          ownerIsMember: organization.members.has(ownerId as never),
          hasParticipations: (models.participationsByCampaign.get(input.campaignId)?.length ?? 0) > 0
        }
      } as never
    })

  // Archiving and unarchiving differ only by the command the decider gets.
  const archiving =
    (useCaseName: "archiveCampaign" | "unarchiveCampaign", tag: "ArchiveCampaign" | "UnarchiveCampaign") =>
    (actor: Actor.Actor, input: { readonly campaignId: string }, options?: CommandOptions) =>
      manageCampaign(
        useCaseName,
        actor,
        input.campaignId,
        options,
        (_campaign, organization, now) =>
          ({
            _tag: tag,
            campaignId: input.campaignId,
            actor: campaignActor(actor, organization),
            occurredAt: now
          }) as never
      )

  const archiveCampaign: OrgaShape["archiveCampaign"] = archiving("archiveCampaign", "ArchiveCampaign")
  const unarchiveCampaign: OrgaShape["unarchiveCampaign"] = archiving("unarchiveCampaign", "UnarchiveCampaign")

  return { createCampaign, updateCampaign, archiveCampaign, unarchiveCampaign }
}
