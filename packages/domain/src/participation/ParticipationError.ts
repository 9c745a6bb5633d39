/**
 * The errors of a participation (§5.2, §5.1, §7), with Pix's codes and French messages: one factory per code,
 * one message per code. Sharing on an archived or deleted campaign answers the campaign's own errors
 * (`CampaignError.alreadyArchived`, `CampaignError.alreadyDeleted`), as Pix does.
 *
 * @since 0.1.0
 */

import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import * as DomainError from "../DomainError.ts"

/**
 * Every code of this module, one factory each.
 *
 * @category errors
 * @since 0.1.0
 */
export const codes = [
  "MAXIMUM_PLACES_REACHED",
  "ORGANIZATION_LEARNER_DISABLED",
  "CAMPAIGN_ARCHIVED",
  "CAMPAIGN_DELETED",
  "CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS",
  "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION",
  "CANNOT_RETAKE_CAMPAIGN",
  "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET",
  "PARTICIPANT_EXTERNAL_ID_REQUIRED",
  "PARTICIPANT_EXTERNAL_ID_TOO_LONG",
  "ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED",
  "PARTICIPATION_ALREADY_EXISTS",
  "CAMPAIGN_PARTICIPATION_NOT_FOUND",
  "USER_NOT_AUTHORIZED_TO_SHARE_PARTICIPATION",
  "WRONG_CAMPAIGN_TYPE",
  "ASSESSMENT_ALREADY_COMPLETED",
  "ALREADY_SHARED_CAMPAIGN_PARTICIPATION",
  "CAMPAIGN_PARTICIPATION_DELETED",
  "ASSESSMENT_NOT_COMPLETED",
  "INVALID_PROFILE",
  "USER_NOT_AUTHORIZED_TO_DELETE_PARTICIPATION",
  "PARTICIPATION_ALREADY_LINKED"
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
export type ParticipationError = DomainError.Coded<Code>

const error = DomainError.factory<Code>()

// Pix's message of most refusals to join (§5.2).
const cannotJoin = "Vous n'êtes pas autorisé à rejoindre la campagne"

/**
 * The organization manages places and has none left.
 *
 * @category errors
 * @since 0.1.0
 */
export const maximumPlacesReached = (organizationId: string) =>
  error(
    "Forbidden",
    "MAXIMUM_PLACES_REACHED",
    "Vous ne pouvez pas rejoindre la campagne : l'organisation a atteint son nombre maximum de places.",
    { organizationId }
  )

/**
 * §5.2 step 1: the learner is disabled.
 *
 * @category errors
 * @since 0.1.0
 */
export const learnerDisabled = (learnerId: string) =>
  error("Forbidden", "ORGANIZATION_LEARNER_DISABLED", cannotJoin, { learnerId })

/**
 * §5.2 step 2: joining an archived campaign.
 *
 * @category errors
 * @since 0.1.0
 */
export const campaignArchived = (campaignId: string) =>
  error("Forbidden", "CAMPAIGN_ARCHIVED", cannotJoin, { campaignId })

/**
 * §5.2 step 2: joining a deleted campaign.
 *
 * @category errors
 * @since 0.1.0
 */
export const campaignDeleted = (campaignId: string) =>
  error("Forbidden", "CAMPAIGN_DELETED", cannotJoin, { campaignId })

/**
 * §5.2 step 3: a restricted campaign and no learner for this user.
 *
 * @category errors
 * @since 0.1.0
 */
export const restricted = (campaignId: string, userId: string) =>
  error("Forbidden", "CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS", cannotJoin, { campaignId, userId })

/**
 * §5.2 step 4: a second participation without multiple sendings.
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyExisting = (campaignId: string, userId: string) =>
  error("Conflict", "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION", "Une participation à cette campagne existe déjà.", {
    campaignId,
    userId
  })

/**
 * §5.2 steps 5-7: no retake; `meta.reason` says why.
 *
 * @category errors
 * @since 0.1.0
 */
export const cannotRetake = (
  reason: "PREVIOUS_PARTICIPATION_DELETED" | "PREVIOUS_PARTICIPATION_NOT_SHARED" | "NOTHING_TO_IMPROVE"
) => error("Forbidden", "CANNOT_RETAKE_CAMPAIGN", "Vous ne pouvez pas repasser la campagne", { reason })

/**
 * §5.2 step 8: a reset asked too early, or not allowed.
 *
 * @category errors
 * @since 0.1.0
 */
export const notEnoughDaysBeforeReset = (daysBeforeRetrying: number) =>
  error(
    "Conflict",
    "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET",
    "Il n'est pas possible de remettre à zéro votre parcours pour le moment.",
    { daysBeforeRetrying }
  )

/**
 * §5.2 step 9: the campaign asks for an external id and none was given.
 *
 * @category errors
 * @since 0.1.0
 */
export const externalIdRequired = () =>
  error(
    "InvalidInput",
    "PARTICIPANT_EXTERNAL_ID_REQUIRED",
    "Un identifiant externe est requis pour accèder à la campagne.",
    { attribute: "participantExternalId" }
  )

/**
 * An external id over 255 characters.
 *
 * @category errors
 * @since 0.1.0
 */
export const externalIdTooLong = () =>
  error(
    "InvalidInput",
    "PARTICIPANT_EXTERNAL_ID_TOO_LONG",
    "L'identifiant externe ne doit pas dépasser 255 caractères.",
    {
      attribute: "participantExternalId",
      maxLength: 255
    }
  )

/**
 * §5.2 step 10: the learner already participated under another account.
 *
 * @category errors
 * @since 0.1.0
 */
export const learnerAlreadyParticipated = (learnerId: string) =>
  error(
    "Conflict",
    "ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED",
    "Cet élève a déjà participé à la campagne avec un autre compte.",
    { learnerId }
  )

/**
 * The fresh participation id given by the caller is used already in the stream.
 *
 * @category errors
 * @since 0.1.0
 */
export const duplicateParticipationId = (participationId: string) =>
  error("Conflict", "PARTICIPATION_ALREADY_EXISTS", "Cette participation existe déjà.", { participationId })

/**
 * No such participation (or, without an id, no live participation to delete). The front door answers an
 * unknown participation with this factory too.
 *
 * @category errors
 * @since 0.1.0
 */
export const notFound = (participationId?: string) =>
  error(
    "NotFound",
    "CAMPAIGN_PARTICIPATION_NOT_FOUND",
    "La participation demandée n'existe pas.",
    participationId === undefined ? {} : { participationId }
  )

/**
 * Sharing someone else's participation.
 *
 * @category errors
 * @since 0.1.0
 */
export const notOwnParticipation = (participationId: string, userId: string) =>
  error(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_SHARE_PARTICIPATION",
    "Vous ne pouvez partager que vos propres résultats.",
    { participationId, userId }
  )

const campaignTypeNames: Record<CampaignEvent.CampaignType, string> = {
  ASSESSMENT: "d'évaluation",
  PROFILES_COLLECTION: "de collecte de profils"
}

/**
 * An action of one campaign type on a participation of the other.
 *
 * @category errors
 * @since 0.1.0
 */
export const wrongCampaignType = (participationId: string, expected: CampaignEvent.CampaignType) =>
  error(
    "InvalidInput",
    "WRONG_CAMPAIGN_TYPE",
    `Cette action ne concerne que les campagnes ${campaignTypeNames[expected]}.`,
    { participationId, expected }
  )

/**
 * Recording the outcome of an assessment that is not running any more.
 *
 * @category errors
 * @since 0.1.0
 */
export const assessmentAlreadyCompleted = (participationId: string) =>
  error("Conflict", "ASSESSMENT_ALREADY_COMPLETED", "Ce parcours est déjà terminé.", { participationId })

/**
 * Sharing twice (`AlreadySharedCampaignParticipationError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyShared = (participationId: string) =>
  error("Conflict", "ALREADY_SHARED_CAMPAIGN_PARTICIPATION", "Ces résultats de campagne ont déjà été partagés.", {
    participationId
  })

/**
 * Acting on a deleted participation (`CampaignParticipationDeletedError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const participationDeleted = (participationId: string) =>
  error("Conflict", "CAMPAIGN_PARTICIPATION_DELETED", "Cette participation a été supprimée.", { participationId })

/**
 * Sharing an assessment that is not completed (`AssessmentNotCompletedError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const assessmentNotCompleted = (participationId: string) =>
  error(
    "Conflict",
    "ASSESSMENT_NOT_COMPLETED",
    "Le parcours n'est pas terminé : les résultats ne peuvent pas encore être envoyés.",
    { participationId }
  )

/**
 * A shared profile names a competence the referential does not have.
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidProfile = (competenceId: string) =>
  error("InvalidInput", "INVALID_PROFILE", `La compétence ${competenceId} n'existe pas dans le référentiel Pix.`, {
    competenceId
  })

/**
 * Deleting participations without being the campaign's owner or an ADMIN.
 *
 * @category errors
 * @since 0.1.0
 */
export const notAllowedToDelete = (userId: string) =>
  error(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_DELETE_PARTICIPATION",
    "Seul le propriétaire de la campagne ou un administrateur de l'organisation peut supprimer une participation.",
    { userId }
  )

/**
 * Linking a participation already linked to another learner.
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyLinked = (participationId: string, learnerId: string) =>
  error("Conflict", "PARTICIPATION_ALREADY_LINKED", "Cette participation est déjà rattachée à un autre élève.", {
    participationId,
    learnerId
  })
