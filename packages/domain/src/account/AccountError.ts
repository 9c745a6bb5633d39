/**
 * The errors of the acting account: nobody logged in, or an unknown user. One factory per code, one message per
 * code; the front door answers with these rather than its own copies.
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
export const codes = ["UNAUTHENTICATED", "USER_NOT_FOUND"] as const

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
export type AccountError = DomainError.Coded<Code>

const error = DomainError.factory<Code>()

/**
 * The act needs a logged-in user and the actor is anonymous.
 *
 * @category errors
 * @since 0.1.0
 */
export const unauthenticated = () =>
  error("Forbidden", "UNAUTHENTICATED", "Vous devez être connecté pour effectuer cette action.")

/**
 * No account with this id.
 *
 * @category errors
 * @since 0.1.0
 */
export const userNotFound = (userId: string) =>
  error("NotFound", "USER_NOT_FOUND", "Utilisateur introuvable.", { userId })
