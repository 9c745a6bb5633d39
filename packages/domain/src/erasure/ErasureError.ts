/**
 * The errors of erasure and of a person's data export, with French messages. One factory per code. An unknown
 * learner or user answers the roster's `LEARNER_NOT_FOUND` and the accounts' `USER_NOT_FOUND`.
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
export const codes = ["ALREADY_ERASED", "ERASURE_NOT_CONFIGURED"] as const

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
