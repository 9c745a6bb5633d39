/**
 * The campaign decider (`campaign-<id>` streams): create, update, archive, unarchive, delete (§4).
 * `decide` checks, in Pix's order, existence, then the actor's rights, then the input and the facts the
 * command carries; it returns events or one domain error and never throws. `evolve` is total.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import * as CampaignCode from "../values/CampaignCode.ts"
import * as Campaign from "./Campaign.ts"
import * as Command from "./CampaignCommand.ts"
import * as CampaignError from "./CampaignError.ts"
import * as Event from "./CampaignEvent.ts"
import * as CampaignValidation from "./CampaignValidation.ts"

type Decision = Result.Result<ReadonlyArray<Event.CampaignEvent>, DomainError.DomainError>

// Pix stores an empty text as null.
const orNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === "" ? null : value

const create = (command: Command.CreateCampaign, state: Campaign.CampaignState): Decision =>
  Result.gen(function* () {
    if (state !== null) return yield* Result.fail(CampaignError.alreadyExists(command.campaignId))
    const valid = yield* CampaignValidation.validCreation(command)
    const code = yield* CampaignCode.parse(command.code)
    const { organizationId, creatorId, ownerId, type, targetProfileId } = valid
    if (!command.creatorIsMember)
      return yield* Result.fail(CampaignError.notAuthorizedToCreate("creatorId", { userId: creatorId, organizationId }))
    if (!command.ownerIsMember)
      return yield* Result.fail(CampaignError.notAuthorizedToCreate("ownerId", { userId: ownerId, organizationId }))
    if (targetProfileId !== null && !command.availableTargetProfileIds.includes(targetProfileId))
      return yield* Result.fail(
        CampaignError.notAuthorizedToCreate("targetProfileId", { targetProfileId, organizationId })
      )
    const multipleSendings = command.multipleSendings === true
    if (type === "ASSESSMENT" && multipleSendings && !command.multipleSendingAssessmentEnabled)
      return yield* Result.fail(CampaignError.multipleSendingsNotAllowed(organizationId))
    return [
      Event.CampaignCreated.make({
        campaignId: command.campaignId,
        organizationId,
        code,
        type,
        name: valid.name,
        title: orNull(command.title),
        targetProfileId,
        creatorId,
        ownerId,
        externalIdLabel: orNull(command.externalIdLabel),
        externalIdType: valid.externalIdType,
        customLandingPageText: orNull(command.customLandingPageText),
        customResultPageText: orNull(command.customResultPageText),
        customResultPageButtonText: orNull(command.customResultPageButtonText),
        customResultPageButtonUrl: orNull(command.customResultPageButtonUrl),
        multipleSendings,
        occurredAt: command.now
      })
    ]
  })

// A live campaign: created and not deleted.
const existing = (campaignId: string, state: Campaign.CampaignState) =>
  state === null || state.deletedAt !== null ? Result.fail(CampaignError.notFound(campaignId)) : Result.succeed(state)

const managedBy = (campaign: Campaign.Campaign, actor: Command.Actor) =>
  Campaign.canManage(campaign, actor)
    ? Result.void
    : Result.fail(CampaignError.notAllowedToManage(campaign.campaignId, actor.userId))

const update = (command: Command.UpdateCampaign, state: Campaign.CampaignState): Decision =>
  Result.gen(function* () {
    const campaign = yield* existing(command.campaignId, state)
    yield* managedBy(campaign, command.actor)
    const invalid = CampaignValidation.toError(CampaignValidation.updateErrors({ ...command, type: campaign.type }))
    if (invalid !== undefined) return yield* Result.fail(invalid)
    const ownerId = command.ownerId ?? campaign.ownerId
    if (ownerId !== campaign.ownerId && !command.ownerIsMember)
      return yield* Result.fail(CampaignError.ownerNotInOrganization(ownerId))
    const multipleSendings = command.multipleSendings ?? campaign.multipleSendings
    if (multipleSendings !== campaign.multipleSendings && command.hasParticipations)
      return yield* Result.fail(CampaignError.multipleSendingsLocked(campaign.campaignId))
    return [
      Event.CampaignUpdated.make({
        campaignId: campaign.campaignId,
        name: command.name.trim(),
        title: command.title === undefined ? campaign.title : orNull(command.title),
        customLandingPageText:
          command.customLandingPageText === undefined
            ? campaign.customLandingPageText
            : orNull(command.customLandingPageText),
        ownerId,
        multipleSendings,
        updatedBy: command.actor.userId,
        occurredAt: command.now
      })
    ]
  })

const archive = (command: Command.ArchiveCampaign, state: Campaign.CampaignState): Decision =>
  Result.gen(function* () {
    const campaign = yield* existing(command.campaignId, state)
    yield* managedBy(campaign, command.actor)
    if (campaign.archivedAt !== null) return yield* Result.fail(CampaignError.alreadyArchived(campaign.campaignId))
    return [
      Event.CampaignArchived.make({
        campaignId: campaign.campaignId,
        archivedBy: command.actor.userId,
        occurredAt: command.now
      })
    ]
  })

const unarchive = (command: Command.UnarchiveCampaign, state: Campaign.CampaignState): Decision =>
  Result.gen(function* () {
    const campaign = yield* existing(command.campaignId, state)
    yield* managedBy(campaign, command.actor)
    if (campaign.archivedAt === null) return yield* Result.fail(CampaignError.notArchived(campaign.campaignId))
    return [
      Event.CampaignUnarchived.make({
        campaignId: campaign.campaignId,
        unarchivedBy: command.actor.userId,
        occurredAt: command.now
      })
    ]
  })

// Deleting names the organization (a batch deletion): a deleted campaign is found, to say it is deleted already.
const remove = (command: Command.DeleteCampaign, state: Campaign.CampaignState): Decision =>
  Result.gen(function* () {
    if (state === null) return yield* Result.fail(CampaignError.notFound(command.campaignId))
    if (state.organizationId !== command.organizationId)
      return yield* Result.fail(CampaignError.notInOrganization(state.campaignId, command.organizationId))
    if (!Campaign.canManage(state, command.actor))
      return yield* Result.fail(CampaignError.notAllowedToDelete(state.campaignId, command.actor.userId))
    if (state.deletedAt !== null) return yield* Result.fail(CampaignError.alreadyDeleted(state.campaignId))
    return [
      Event.CampaignDeleted.make({
        campaignId: state.campaignId,
        organizationId: state.organizationId,
        deletedBy: command.actor.userId,
        occurredAt: command.now
      })
    ]
  })

const isCommand = Schema.is(Command.CampaignCommand)

/**
 * Decides a campaign command against the campaign's state; never throws.
 *
 * @since 0.1.0
 */
export const decide = (command: Command.CampaignCommand, state: Campaign.CampaignState): Decision => {
  // A command that bypassed its schema (a cast, unchecked input) is refused, never thrown on.
  if (!isCommand(command)) return Result.fail(DomainError.invalidCommand(command))
  switch (command._tag) {
    case "CreateCampaign":
      return create(command, state)
    case "UpdateCampaign":
      return update(command, state)
    case "ArchiveCampaign":
      return archive(command, state)
    case "UnarchiveCampaign":
      return unarchive(command, state)
    case "DeleteCampaign":
      return remove(command, state)
  }
}

/**
 * Folds one event into a campaign. Total: an event that does not fit (e.g. an update before creation) leaves
 * the state as it is, and a second creation does not overwrite the first.
 *
 * @since 0.1.0
 */
export const evolve = (state: Campaign.CampaignState, event: Event.CampaignEvent): Campaign.CampaignState => {
  switch (event._tag) {
    case "CampaignCreated":
      return state !== null
        ? state
        : {
            campaignId: event.campaignId,
            organizationId: event.organizationId,
            code: event.code,
            type: event.type,
            name: event.name,
            title: event.title,
            targetProfileId: event.targetProfileId,
            creatorId: event.creatorId,
            ownerId: event.ownerId,
            externalIdLabel: event.externalIdLabel,
            externalIdType: event.externalIdType,
            customLandingPageText: event.customLandingPageText,
            multipleSendings: event.multipleSendings,
            createdAt: event.occurredAt,
            archivedAt: null,
            archivedBy: null,
            deletedAt: null,
            deletedBy: null
          }
    case "CampaignUpdated":
      return state === null
        ? state
        : {
            ...state,
            name: event.name,
            title: event.title,
            customLandingPageText: event.customLandingPageText,
            ownerId: event.ownerId,
            multipleSendings: event.multipleSendings
          }
    case "CampaignArchived":
      return state === null ? state : { ...state, archivedAt: event.occurredAt, archivedBy: event.archivedBy }
    case "CampaignUnarchived":
      return state === null ? state : { ...state, archivedAt: null, archivedBy: null }
    case "CampaignDeleted":
      return state === null ? state : { ...state, deletedAt: event.occurredAt, deletedBy: event.deletedBy }
  }
}

/**
 * The campaign decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<
  Command.CampaignCommand,
  Campaign.CampaignState,
  Event.CampaignEvent,
  DomainError.DomainError
> = {
  initialState: Campaign.initial,
  evolve,
  decide
}
