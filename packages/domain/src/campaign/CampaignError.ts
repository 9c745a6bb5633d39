/**
 * The errors of a campaign (§4.2-4.4), with Pix's codes and French messages: one factory per code, one message
 * per code. The validation codes of a campaign's fields live in `CampaignValidation`.
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"

/**
 * Every code of this module, one factory each.
 *
 * @category errors
 * @since 0.1.0
 */
export const codes = [
  "CAMPAIGN_NOT_FOUND",
  "CAMPAIGN_ALREADY_EXISTS",
  "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
  "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT",
  "USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN",
  "USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN",
  "CAMPAIGN_NOT_IN_ORGANIZATION",
  "OWNER_NOT_IN_ORGANIZATION",
  "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS",
  "CAMPAIGN_ALREADY_ARCHIVED",
  "CAMPAIGN_NOT_ARCHIVED",
  "CAMPAIGN_ALREADY_DELETED",
  "CAMPAIGN_CODE_NOT_UNIQUE"
] as const

/**
 * A code of this module: a misspelt code does not type-check.
 *
 * @category errors
 * @since 0.1.0
 */
export type Code = (typeof codes)[number]

/**
 * An error of this module.
 *
 * @category errors
 * @since 0.1.0
 */
export type CampaignError = DomainError.Coded<Code>

const error = DomainError.factory<Code>()

/**
 * No campaign with this id, or a deleted one (`CAMPAIGN_NOT_FOUND`). The front door answers an unknown
 * campaign with this factory too.
 *
 * @category errors
 * @since 0.1.0
 */
export const notFound = (campaignId: string) =>
  error("NotFound", "CAMPAIGN_NOT_FOUND", "La campagne demandée n’existe pas.", { campaignId })

/**
 * The campaign's stream already holds a campaign.
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyExists = (campaignId: string) =>
  error("Conflict", "CAMPAIGN_ALREADY_EXISTS", "Cette campagne existe déjà.", { campaignId })

/**
 * Pix's `UserNotAuthorizedToCreateCampaignError`: the creator or the owner is not a member of the organization,
 * or the target profile is not offered to it; `meta.attribute` says which (`creatorId`, `ownerId`,
 * `targetProfileId`).
 *
 * @category errors
 * @since 0.1.0
 */
export const notAuthorizedToCreate = (
  attribute: "creatorId" | "ownerId" | "targetProfileId",
  meta: Record<string, unknown>
) =>
  error(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
    "Vous ne pouvez pas créer cette campagne : le créateur et le propriétaire doivent être membres de l’organisation, et le parcours lui être proposé.",
    { attribute, ...meta }
  )

/**
 * Multiple sendings of an assessment without the organization's feature `MULTIPLE_SENDING_ASSESSMENT`.
 *
 * @category errors
 * @since 0.1.0
 */
export const multipleSendingsNotAllowed = (organizationId: string) =>
  error(
    "Forbidden",
    "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT",
    "Votre organisation n’est pas autorisée à créer des campagnes d’évaluation à envoi multiple.",
    { organizationId }
  )

/**
 * Neither the campaign's owner nor an ADMIN of its organization (Pix's `isAllowedToManage`).
 *
 * @category errors
 * @since 0.1.0
 */
export const notAllowedToManage = (campaignId: string, userId: string) =>
  error(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN",
    "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la modifier.",
    { campaignId, userId }
  )

/**
 * Deleting a campaign without being its owner or an ADMIN.
 *
 * @category errors
 * @since 0.1.0
 */
export const notAllowedToDelete = (campaignId: string, userId: string) =>
  error(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN",
    "Seul le propriétaire de la campagne ou un administrateur de l’organisation peut la supprimer.",
    { campaignId, userId }
  )

/**
 * A campaign of a batch deletion belongs to another organization (Pix's `ObjectValidationError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const notInOrganization = (campaignId: string, organizationId: string) =>
  error("InvalidInput", "CAMPAIGN_NOT_IN_ORGANIZATION", "Cette campagne n’appartient pas à l’organisation.", {
    campaignId,
    organizationId
  })

/**
 * The new owner of an updated campaign is not a member (Pix's wording).
 *
 * @category errors
 * @since 0.1.0
 */
export const ownerNotInOrganization = (ownerId: string) =>
  error("InvalidInput", "OWNER_NOT_IN_ORGANIZATION", "Le propriétaire ne fait pas partie de l'organisation.", {
    attribute: "ownerId",
    ownerId
  })

/**
 * Multiple sendings cannot change once the campaign has participations (`MultipleSendingsUpdateError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const multipleSendingsLocked = (campaignId: string) =>
  error(
    "Conflict",
    "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS",
    "L’envoi multiple ne peut plus être modifié : la campagne a déjà des participations.",
    { campaignId, attribute: "multipleSendings" }
  )

/**
 * The campaign is archived (Pix's `ArchivedCampaignError`): archiving it again, or sharing results on it.
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyArchived = (campaignId: string) =>
  error("Conflict", "CAMPAIGN_ALREADY_ARCHIVED", "Cette campagne est déjà archivée.", { campaignId })

/**
 * Unarchiving a campaign that is not archived.
 *
 * @category errors
 * @since 0.1.0
 */
export const notArchived = (campaignId: string) =>
  error("Conflict", "CAMPAIGN_NOT_ARCHIVED", "Cette campagne n’est pas archivée.", { campaignId })

/**
 * The campaign is deleted (Pix's `DeletedCampaignError`): deleting it again, or sharing results on it.
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyDeleted = (campaignId: string) =>
  error("Conflict", "CAMPAIGN_ALREADY_DELETED", "Cette campagne est déjà supprimée.", { campaignId })

/**
 * The code is taken by another campaign, or no free code was drawn (`CampaignUniqueCodeError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const codeNotUnique = (code: string | undefined) =>
  error(
    "Conflict",
    "CAMPAIGN_CODE_NOT_UNIQUE",
    "Ce code campagne est déjà utilisé.",
    code === undefined ? {} : { code }
  )
