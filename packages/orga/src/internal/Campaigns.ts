/**
 * Campaigns: creation reserves the campaign's code on its own stream (two campaigns never share a code); its
 * manager or an admin updates, archives or unarchives it.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { CommandOptions, OrgaShape } from "../Orga.ts"
import {
  type Actor,
  Campaign,
  CampaignCodeGenerator,
  CampaignCodeReservation,
  type CampaignCommand,
  CampaignDecider,
  CampaignError,
  Ids,
  Organization,
  OrganizationFeatures,
  Policy,
  TargetProfileEvent,
  type Timestamp
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { brand, check, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"

/**
 * Builds the campaign use cases of the front door over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "createCampaign" | "updateCampaign" | "archiveCampaign" | "unarchiveCampaign"> => {
  const { now: clockNow, newId, randomness, models, targetProfileIdsOf, write, read, useCase } = plumbing
  const { organizationOf, campaignOf } = plumbing

  // The code generator is synchronous: the runtime's randomness is drawn up front (a deterministic runtime
  // replays the same codes), then served to it one draw at a time.
  const randomSource = (draws: Array<number>) => (bound: number) => {
    const next = draws.shift()
    return next === undefined ? 0 : next % bound
  }

  const drawMany = (count: number, bound: number) =>
    Effect.forEach(Array.from({ length: count }), () => randomness.int(bound))

  const createCampaign: OrgaShape["createCampaign"] = (actor, raw, options) =>
    useCase(
      "createCampaign",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.CreateCampaign)(raw)
        const organization = yield* organizationOf(input.organizationId)
        yield* check(Policy.canCreateCampaign(actor, organization))
        const creatorId = yield* userOf(actor)
        const campaignId = input.campaignId ?? (yield* newId(Ids.CampaignId))
        const now = yield* clockNow
        const draws = yield* drawMany(9 * 20, 1 << 30)
        const code = yield* fromResult(
          CampaignCodeGenerator.generateAvailable(randomSource(draws), (candidate) =>
            models.campaignByCode.has(candidate)
          )
        )
        const ownerId = input.ownerId ?? creatorId
        const availableTargetProfileIds = yield* targetProfileIdsOf(input.organizationId)
        const features = models.features.get(input.organizationId) ?? OrganizationFeatures.projection.initialState
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
              creatorIsMember: organization.members.has(creatorId),
              ownerIsMember: organization.members.has(ownerId),
              multipleSendings: input.multipleSendings ?? false,
              availableTargetProfileIds,
              multipleSendingAssessmentEnabled: OrganizationFeatures.allowsMultipleSendingAssessment(features),
              now
            },
            models.campaigns.get(campaignId) ?? null
          )
        )
        const holder = models.campaignByCode.get(code)
        const reservation = yield* fromResult(
          CampaignCodeReservation.decide(
            { _tag: "ReserveCampaignCode", code, campaignId, now },
            { campaignId: holder === undefined ? null : yield* brand(Ids.CampaignId)(holder) }
          )
        )
        // Decided on the creator's membership, the organization's features and the profiles offered to it: their
        // streams are read, and checked at append time (a profile detached meanwhile is not used).
        return outcome(
          [
            write(Campaign.streamName(campaignId), campaignEvents),
            write(CampaignCodeReservation.streamName(code), reservation),
            read(Organization.streamName(input.organizationId)),
            read(OrganizationFeatures.streamName(input.organizationId)),
            read(TargetProfileEvent.attachmentsStreamName(input.organizationId))
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

  // A campaign's manager (its owner or an admin) acts on it; the command is built from the campaign, the
  // acting member and the time.
  const manageCampaign = (
    useCaseName: string,
    actor: Actor.Actor,
    campaignId: Ids.CampaignId,
    options: CommandOptions | undefined,
    build: (
      campaign: Campaign.Campaign,
      organization: Organization.Organization,
      manager: CampaignCommand.Actor,
      now: Timestamp.Timestamp
    ) => CampaignCommand.CampaignCommand,
    guard: (campaign: Campaign.Campaign) => Effect.Effect<void, CampaignError.CampaignError> = () => Effect.void
  ) =>
    useCase(
      useCaseName,
      options,
      Effect.gen(function* () {
        const campaign = yield* campaignOf(campaignId)
        const organization = yield* organizationOf(campaign.organizationId)
        yield* check(Policy.canManageCampaign(actor, organization, campaign.ownerId))
        const userId = yield* userOf(actor)
        const manager: CampaignCommand.Actor = { userId, role: Policy.roleOf(actor, organization) ?? null }
        yield* guard(campaign)
        const now = yield* clockNow
        const events = yield* fromResult(CampaignDecider.decide(build(campaign, organization, manager, now), campaign))
        // Decided on the actor's role: the organization's stream is read, and checked at append time.
        return outcome(
          [write(Campaign.streamName(campaignId), events), read(Organization.streamName(campaign.organizationId))],
          undefined,
          { actorId: userId, organizationId: campaign.organizationId, occurredAt: now }
        )
      }),
      () => undefined
    )

  // Turning multiple sendings on for an assessment needs the organization's feature, as creating it does (§4.2).
  const multipleSendingsAllowed = (multipleSendings: boolean | undefined) => (campaign: Campaign.Campaign) => {
    if (multipleSendings !== true || campaign.type !== "ASSESSMENT") return Effect.void
    if (campaign.multipleSendings) return Effect.void
    const features = models.features.get(campaign.organizationId) ?? OrganizationFeatures.projection.initialState
    return OrganizationFeatures.allowsMultipleSendingAssessment(features)
      ? Effect.void
      : Effect.fail(CampaignError.multipleSendingsNotAllowed(campaign.organizationId))
  }

  const updateCampaign: OrgaShape["updateCampaign"] = (actor, raw, options) =>
    Effect.flatMap(Inputs.decode(Inputs.UpdateCampaign)(raw), (input) =>
      manageCampaign(
        "updateCampaign",
        actor,
        input.campaignId,
        options,
        (campaign, organization, manager, now): CampaignCommand.UpdateCampaign => ({
          _tag: "UpdateCampaign",
          campaignId: input.campaignId,
          actor: manager,
          name: input.name,
          title: input.title,
          customLandingPageText: input.customLandingPageText,
          ownerId: input.ownerId,
          multipleSendings: input.multipleSendings,
          ownerIsMember: organization.members.has(input.ownerId ?? campaign.ownerId),
          hasParticipations: (models.participationsByCampaign.get(input.campaignId)?.length ?? 0) > 0,
          now
        }),
        multipleSendingsAllowed(input.multipleSendings)
      )
    )

  // Archiving and unarchiving differ only by the command the decider gets.
  const archiving =
    (useCaseName: "archiveCampaign" | "unarchiveCampaign", tag: "ArchiveCampaign" | "UnarchiveCampaign") =>
    (actor: Actor.Actor, raw: { readonly campaignId: string }, options?: CommandOptions) =>
      Effect.flatMap(Inputs.decode(Inputs.CampaignRef)(raw), (input) =>
        manageCampaign(useCaseName, actor, input.campaignId, options, (_campaign, _organization, manager, now) => ({
          _tag: tag,
          campaignId: input.campaignId,
          actor: manager,
          now
        }))
      )

  const archiveCampaign: OrgaShape["archiveCampaign"] = archiving("archiveCampaign", "ArchiveCampaign")
  const unarchiveCampaign: OrgaShape["unarchiveCampaign"] = archiving("unarchiveCampaign", "UnarchiveCampaign")

  return { createCampaign, updateCampaign, archiveCampaign, unarchiveCampaign }
}
