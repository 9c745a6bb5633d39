/**
 * The errors of the target profile catalogue kept by the back office: one factory per code, one French message
 * per code. A campaign on a profile its organization does not have is `CampaignError.notAuthorizedToCreate`
 * (Pix's `UserNotAuthorizedToCreateCampaignError`); a profile that breaks a rule is `INVALID_TARGET_PROFILE`
 * (`TargetProfileDefinition`).
 *
 * @since 0.2.0
 */
import * as DomainError from "../DomainError.ts"

/**
 * Every code of this module, one factory each.
 *
 * @category errors
 * @since 0.2.0
 */
export const codes = [
  "TARGET_PROFILE_NOT_FOUND",
  "TARGET_PROFILE_ALREADY_EXISTS",
  "TARGET_PROFILE_NOT_ATTACHED"
] as const

/**
 * A code of this module.
 *
 * @category errors
 * @since 0.2.0
 */
export type Code = (typeof codes)[number]

const error = DomainError.factory<Code>()

/**
 * No target profile with this id in the catalogue.
 *
 * @category errors
 * @since 0.2.0
 */
export const notFound = (targetProfileId: string) =>
  error("NotFound", "TARGET_PROFILE_NOT_FOUND", "Le profil cible demandé n’existe pas.", { targetProfileId })

/**
 * The catalogue already holds a profile with this id (a profile, once created, is never replaced: campaigns
 * and their exports read it).
 *
 * @category errors
 * @since 0.2.0
 */
export const alreadyExists = (targetProfileId: string) =>
  error("Conflict", "TARGET_PROFILE_ALREADY_EXISTS", "Un profil cible existe déjà avec cet identifiant.", {
    targetProfileId
  })

/**
 * Detaching a profile the organization does not have.
 *
 * @category errors
 * @since 0.2.0
 */
export const notAttached = (targetProfileId: string, organizationId: string) =>
  error("NotFound", "TARGET_PROFILE_NOT_ATTACHED", "Ce profil cible n’est pas rattaché à l’organisation.", {
    targetProfileId,
    organizationId
  })
