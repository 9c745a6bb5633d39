/**
 * The campaign decider (`campaign-<id>` streams): create, update, archive, unarchive, delete (§4).
 *
 * Facts from other streams (memberships, the organization's target profiles and features, whether the campaign
 * already has participations) arrive inside the commands: the use case reads them, the decider judges.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import * as CampaignCode from "../values/CampaignCode.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type * as CampaignEvent from "./CampaignEvent.ts"
import * as CampaignValidation from "./CampaignValidation.ts"

/**
 * Who acts on a campaign: the user and his role in the campaign's organization (`null` when he has no active
 * membership there).
 *
 * @since 0.1.0
 */
export interface Actor {
  readonly userId: Ids.UserId
  readonly role: "ADMIN" | "MEMBER" | null
}

/**
 * Create a campaign. `code` was drawn with {@link CampaignCode.generate} and is reserved beside it on
 * `campaign-code-<CODE>`.
 *
 * @since 0.1.0
 */
export interface CreateCampaign extends CampaignValidation.CampaignFields {
  readonly _tag: "CreateCampaign"
  readonly campaignId: Ids.CampaignId
  /** Missing ids are `null`: creation reports them with Pix's codes (`MISSING_ORGANIZATION`, ...). */
  readonly organizationId: Ids.OrganizationId | null
  /** A code as typed or drawn; checked against `^[A-Z0-9]{9}$`. */
  readonly code: string
  readonly creatorId: Ids.UserId | null
  readonly ownerId: Ids.UserId | null
  readonly targetProfileId?: Ids.TargetProfileId | null | undefined
  readonly multipleSendings?: boolean | undefined
  readonly occurredAt: Timestamp.Timestamp
  /** Facts read by the use case from the organization's stream and the referential. */
  readonly context: {
    readonly creatorIsMember: boolean
    readonly ownerIsMember: boolean
    /** Target profiles offered to the organization. */
    readonly availableTargetProfileIds: ReadonlyArray<Ids.TargetProfileId>
    /** Whether the organization has the feature `MULTIPLE_SENDING_ASSESSMENT`. */
    readonly multipleSendingAssessmentEnabled: boolean
  }
}

/**
 * Update a campaign's editable fields (§4.4): name, title, landing page text, owner, multiple sendings.
 *
 * @since 0.1.0
 */
export interface UpdateCampaign {
  readonly _tag: "UpdateCampaign"
  readonly campaignId: Ids.CampaignId
  readonly actor: Actor
  readonly name: string
  readonly title?: string | null | undefined
  readonly customLandingPageText?: string | null | undefined
  /** New owner; the current one is kept when absent. */
  readonly ownerId?: Ids.UserId | undefined
  /** New value; the current one is kept when absent. */
  readonly multipleSendings?: boolean | undefined
  readonly occurredAt: Timestamp.Timestamp
  readonly context: {
    /** Whether the (new) owner is an active member of the organization. */
    readonly ownerIsMember: boolean
    /** Whether the campaign already has participations. */
    readonly hasParticipations: boolean
  }
}

/**
 * Archive a campaign.
 *
 * @since 0.1.0
 */
export interface ArchiveCampaign {
  readonly _tag: "ArchiveCampaign"
  readonly campaignId: Ids.CampaignId
  readonly actor: Actor
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Unarchive a campaign.
 *
 * @since 0.1.0
 */
export interface UnarchiveCampaign {
  readonly _tag: "UnarchiveCampaign"
  readonly campaignId: Ids.CampaignId
  readonly actor: Actor
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Delete a campaign of an organization (one of a batch: the use case appends every campaign's event in one
 * call, so the batch is all-or-nothing).
 *
 * @since 0.1.0
 */
export interface DeleteCampaign {
  readonly _tag: "DeleteCampaign"
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly actor: Actor
  readonly occurredAt: Timestamp.Timestamp
}

/**
 * Every command of the campaign decider.
 *
 * @since 0.1.0
 */
export type CampaignCommand = CreateCampaign | UpdateCampaign | ArchiveCampaign | UnarchiveCampaign | DeleteCampaign

/**
 * A campaign as its stream tells it.
 *
 * @since 0.1.0
 */
export interface Campaign {
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly code: CampaignCode.CampaignCode
  readonly type: CampaignEvent.CampaignType
  readonly name: string
  readonly title: string | null
  readonly targetProfileId: Ids.TargetProfileId | null
  readonly creatorId: Ids.UserId
  readonly ownerId: Ids.UserId
  readonly externalIdLabel: string | null
  readonly externalIdType: CampaignEvent.ExternalIdType | null
  readonly customLandingPageText: string | null
  readonly multipleSendings: boolean
  readonly createdAt: Timestamp.Timestamp
  readonly archivedAt: Timestamp.Timestamp | null
  readonly archivedBy: Ids.UserId | null
  readonly deletedAt: Timestamp.Timestamp | null
  readonly deletedBy: Ids.UserId | null
}

/**
 * The state of a campaign stream: `null` before creation.
 *
 * @since 0.1.0
 */
export type CampaignState = Campaign | null

/**
 * Whether a campaign can be joined and shared on: neither archived nor deleted.
 *
 * @since 0.1.0
 */
export const isAccessible = (campaign: Campaign): boolean => campaign.archivedAt === null && campaign.deletedAt === null

/**
 * Whether the actor may manage the campaign: its owner, or an ADMIN of its organization
 * (Pix's `CampaignAuthorization.isAllowedToManage`).
 *
 * @since 0.1.0
 */
export const canManage = (campaign: Campaign, actor: Actor): boolean =>
  actor.userId === campaign.ownerId || actor.role === "ADMIN"

/**
 * The campaign error messages (Pix's wording where Pix has one).
 *
 * @since 0.1.0
 */
export const errors = {
  notFound: (campaignId: string) =>
    DomainError.make("NotFound", "CAMPAIGN_NOT_FOUND", "La campagne demandée n’existe pas.", { campaignId }),
  alreadyExists: (campaignId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_ALREADY_EXISTS", "Cette campagne existe déjà.", { campaignId }),
  creatorNotMember: (userId: string, organizationId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      "Vous n’êtes pas membre de cette organisation : vous ne pouvez pas y créer de campagne.",
      { attribute: "creatorId", userId, organizationId }
    ),
  ownerNotMember: (userId: string, organizationId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      "Le propriétaire ne fait pas partie de l'organisation.",
      { attribute: "ownerId", userId, organizationId }
    ),
  targetProfileNotAvailable: (targetProfileId: string, organizationId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      "Ce parcours n’est pas disponible pour votre organisation.",
      { attribute: "targetProfileId", targetProfileId, organizationId }
    ),
  multipleSendingsNotAllowed: (organizationId: string) =>
    DomainError.make(
      "Forbidden",
      "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT",
      "Votre organisation n’est pas autorisée à créer des campagnes d’évaluation à envoi multiple.",
      { organizationId }
    ),
  notAllowedToManage: (campaignId: string, userId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN",
      "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la modifier.",
      { campaignId, userId }
    ),
  notAllowedToDelete: (campaignId: string, userId: string) =>
    DomainError.make(
      "Forbidden",
      "USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN",
      "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la supprimer.",
      { campaignId, userId }
    ),
  notInOrganization: (campaignId: string, organizationId: string) =>
    DomainError.make(
      "InvalidInput",
      "CAMPAIGN_NOT_IN_ORGANIZATION",
      "Cette campagne n’appartient pas à l’organisation.",
      { campaignId, organizationId }
    ),
  ownerNotInOrganization: (ownerId: string) =>
    DomainError.make(
      "InvalidInput",
      "OWNER_NOT_IN_ORGANIZATION",
      "Le propriétaire ne fait pas partie de l'organisation.",
      {
        attribute: "ownerId",
        ownerId
      }
    ),
  multipleSendingsLocked: (campaignId: string) =>
    DomainError.make(
      "Conflict",
      "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS",
      "L’envoi multiple ne peut plus être modifié : la campagne a déjà des participations.",
      { campaignId, attribute: "multipleSendings" }
    ),
  alreadyArchived: (campaignId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_ALREADY_ARCHIVED", "Cette campagne est déjà archivée.", { campaignId }),
  notArchived: (campaignId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_NOT_ARCHIVED", "Cette campagne n’est pas archivée.", { campaignId }),
  alreadyDeleted: (campaignId: string) =>
    DomainError.make("Conflict", "CAMPAIGN_ALREADY_DELETED", "Cette campagne est déjà supprimée.", { campaignId })
}

const orNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === "" ? null : value

type Decision = Result.Result<ReadonlyArray<CampaignEvent.CampaignEvent>, DomainError.DomainError>

const create = (command: CreateCampaign, state: CampaignState): Decision => {
  if (state !== null) return Result.fail(errors.alreadyExists(command.campaignId))
  const invalid = CampaignValidation.toError(CampaignValidation.creationErrors(command))
  if (invalid !== undefined) return Result.fail(invalid)
  const code = CampaignCode.parse(command.code)
  if (Result.isFailure(code)) return Result.fail(code.failure)
  // Validation above guarantees these are present.
  const creatorId = command.creatorId!
  const ownerId = command.ownerId!
  const organizationId = command.organizationId!
  const { context } = command
  if (!context.creatorIsMember) return Result.fail(errors.creatorNotMember(creatorId, organizationId))
  if (!context.ownerIsMember) return Result.fail(errors.ownerNotMember(ownerId, organizationId))
  const type = command.type as CampaignEvent.CampaignType
  const targetProfileId = type === "ASSESSMENT" ? (command.targetProfileId ?? null) : null
  if (targetProfileId !== null && !context.availableTargetProfileIds.includes(targetProfileId))
    return Result.fail(errors.targetProfileNotAvailable(targetProfileId, organizationId))
  const multipleSendings = command.multipleSendings === true
  if (type === "ASSESSMENT" && multipleSendings && !context.multipleSendingAssessmentEnabled)
    return Result.fail(errors.multipleSendingsNotAllowed(organizationId))
  const externalIdLabel = orNull(command.externalIdLabel)
  return Result.succeed([
    {
      _tag: "CampaignCreated",
      campaignId: command.campaignId,
      organizationId,
      code: code.success,
      type,
      name: command.name!.trim(),
      title: orNull(command.title),
      targetProfileId,
      creatorId,
      ownerId,
      externalIdLabel,
      // Pix normalises an empty label to null; the type only matters with a label.
      externalIdType: externalIdLabel === null ? null : (command.externalIdType as CampaignEvent.ExternalIdType),
      customLandingPageText: orNull(command.customLandingPageText),
      customResultPageText: orNull(command.customResultPageText),
      customResultPageButtonText: orNull(command.customResultPageButtonText),
      customResultPageButtonUrl: orNull(command.customResultPageButtonUrl),
      multipleSendings,
      occurredAt: command.occurredAt
    }
  ])
}

const existing = (campaignId: string, state: CampaignState): Result.Result<Campaign, DomainError.DomainError> =>
  state === null || state.deletedAt !== null ? Result.fail(errors.notFound(campaignId)) : Result.succeed(state)

const update = (command: UpdateCampaign, state: CampaignState): Decision => {
  const found = existing(command.campaignId, state)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const campaign = found.success
  if (!canManage(campaign, command.actor))
    return Result.fail(errors.notAllowedToManage(campaign.campaignId, command.actor.userId))
  const invalid = CampaignValidation.toError(CampaignValidation.updateErrors(command))
  if (invalid !== undefined) return Result.fail(invalid)
  const ownerId = command.ownerId ?? campaign.ownerId
  if (ownerId !== campaign.ownerId && !command.context.ownerIsMember)
    return Result.fail(errors.ownerNotInOrganization(ownerId))
  const multipleSendings = command.multipleSendings ?? campaign.multipleSendings
  if (multipleSendings !== campaign.multipleSendings && command.context.hasParticipations)
    return Result.fail(errors.multipleSendingsLocked(campaign.campaignId))
  return Result.succeed([
    {
      _tag: "CampaignUpdated",
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
      occurredAt: command.occurredAt
    }
  ])
}

const archive = (command: ArchiveCampaign, state: CampaignState): Decision => {
  const found = existing(command.campaignId, state)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const campaign = found.success
  if (!canManage(campaign, command.actor))
    return Result.fail(errors.notAllowedToManage(campaign.campaignId, command.actor.userId))
  if (campaign.archivedAt !== null) return Result.fail(errors.alreadyArchived(campaign.campaignId))
  return Result.succeed([
    {
      _tag: "CampaignArchived",
      campaignId: campaign.campaignId,
      archivedBy: command.actor.userId,
      occurredAt: command.occurredAt
    }
  ])
}

const unarchive = (command: UnarchiveCampaign, state: CampaignState): Decision => {
  const found = existing(command.campaignId, state)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const campaign = found.success
  if (!canManage(campaign, command.actor))
    return Result.fail(errors.notAllowedToManage(campaign.campaignId, command.actor.userId))
  if (campaign.archivedAt === null) return Result.fail(errors.notArchived(campaign.campaignId))
  return Result.succeed([
    {
      _tag: "CampaignUnarchived",
      campaignId: campaign.campaignId,
      unarchivedBy: command.actor.userId,
      occurredAt: command.occurredAt
    }
  ])
}

const remove = (command: DeleteCampaign, state: CampaignState): Decision => {
  if (state === null) return Result.fail(errors.notFound(command.campaignId))
  if (state.organizationId !== command.organizationId)
    return Result.fail(errors.notInOrganization(state.campaignId, command.organizationId))
  if (!canManage(state, command.actor))
    return Result.fail(errors.notAllowedToDelete(state.campaignId, command.actor.userId))
  if (state.deletedAt !== null) return Result.fail(errors.alreadyDeleted(state.campaignId))
  return Result.succeed([
    {
      _tag: "CampaignDeleted",
      campaignId: state.campaignId,
      organizationId: state.organizationId,
      deletedBy: command.actor.userId,
      occurredAt: command.occurredAt
    }
  ])
}

/**
 * Folds one event into a campaign; total: an event that does not fit (e.g. an update before creation) leaves
 * the state as it is.
 *
 * @since 0.1.0
 */
export const evolve = (state: CampaignState, event: CampaignEvent.CampaignEvent): CampaignState => {
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
 * Decides a campaign command; never throws.
 *
 * @since 0.1.0
 */
export const decide = (command: CampaignCommand, state: CampaignState): Decision => {
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
 * The campaign decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<CampaignCommand, CampaignState, CampaignEvent.CampaignEvent, DomainError.DomainError> = {
  initialState: null,
  evolve,
  decide
}

/**
 * The stream of a campaign: `campaign-<id>`.
 *
 * @since 0.1.0
 */
export const streamName = (campaignId: string): string => `campaign-${campaignId}`
