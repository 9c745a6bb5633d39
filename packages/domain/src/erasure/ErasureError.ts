/**
 * The errors of erasure and of a person's data export, with French messages. One factory per code.
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"

/**
 * Every code of this module.
 *
 * @category errors
 * @since 0.1.0
 */
export const codes = ["LEARNER_NOT_FOUND", "USER_NOT_FOUND", "ALREADY_ERASED", "ERASURE_NOT_CONFIGURED"] as const

/**
 * A code of this module.
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
export type ErasureError = DomainError.Coded<Code>

const error = DomainError.factory<Code>()

/**
 * No such learner in the organization.
 *
 * @category errors
 * @since 0.1.0
 */
export const learnerNotFound = (organizationId: string, learnerId: string) =>
  error("NotFound", "LEARNER_NOT_FOUND", "Cet élève est introuvable dans cette organisation.", {
    organizationId,
    learnerId
  })

/**
 * No such user.
 *
 * @category errors
 * @since 0.1.0
 */
export const userNotFound = (userId: string) =>
  error("NotFound", "USER_NOT_FOUND", "Cet utilisateur est introuvable.", { userId })

/**
 * The person was erased already: nothing more to erase (and nothing to export).
 *
 * @category errors
 * @since 0.1.0
 */
export const alreadyErased = (subject: string) =>
  error("Conflict", "ALREADY_ERASED", "Les données de cette personne ont déjà été effacées.", { subject })

/**
 * The store was started without crypto-shredding: nothing can be erased.
 *
 * @category errors
 * @since 0.1.0
 */
export const notConfigured = () =>
  error(
    "Conflict",
    "ERASURE_NOT_CONFIGURED",
    "L'effacement des données personnelles n'est pas activé pour ce magasin d'événements.",
    {}
  )
