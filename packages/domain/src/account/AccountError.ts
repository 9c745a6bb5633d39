/**
 * The errors of user accounts, with Pix's codes and French messages.
 *
 * @since 0.1.0
 */
import * as DomainError from "../DomainError.ts"

/**
 * Every code of this module (a typo does not type-check).
 *
 * @category models
 * @since 0.1.0
 */
export type Code =
  | "USER_ALREADY_EXISTS"
  | "USER_NOT_FOUND"
  | "INVALID_RECONCILIATION_ATTEMPT"
  | "LOGIN_REQUIRED"
  | "LOGIN_ALREADY_USED"
  | "USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE"

/**
 * The account exists already (`USER_ALREADY_EXISTS`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const userAlreadyExists = (userId: string) =>
  DomainError.make("Conflict", "USER_ALREADY_EXISTS" satisfies Code, "Ce compte existe déjà.", { userId })

/**
 * No account with this id (`USER_NOT_FOUND`, Pix's `UserNotFoundError`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const userNotFound = (userId: string) =>
  DomainError.make("NotFound", "USER_NOT_FOUND" satisfies Code, "Utilisateur introuvable.", { userId })

/**
 * A first or last name is blank (`INVALID_RECONCILIATION_ATTEMPT`, Pix's message for a bad field).
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidName = () =>
  DomainError.make(
    "InvalidInput",
    "INVALID_RECONCILIATION_ATTEMPT" satisfies Code,
    "Un des champs saisis n’est pas valide."
  )

/**
 * No way to log in was given (`LOGIN_REQUIRED`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const loginRequired = () =>
  DomainError.make(
    "InvalidInput",
    "LOGIN_REQUIRED" satisfies Code,
    "Une adresse e-mail ou un identifiant est obligatoire."
  )

/**
 * The e-mail or username belongs to another account (`LOGIN_ALREADY_USED`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const loginAlreadyUsed = () =>
  DomainError.make(
    "Conflict",
    "LOGIN_ALREADY_USED" satisfies Code,
    "Cette adresse e-mail ou cet identifiant est déjà utilisé."
  )

/**
 * Someone else's account (`USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const notAuthorizedToUpdate = (userId: string) =>
  DomainError.make(
    "Forbidden",
    "USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE" satisfies Code,
    "Vous n'êtes pas autorisé à modifier cette ressource.",
    { userId }
  )
