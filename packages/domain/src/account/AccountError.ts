/**
 * The errors of user accounts and of the acting account, with Pix's codes and French messages. One factory per
 * code, one message per code; the front door answers with these rather than its own copies.
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
  "UNAUTHENTICATED",
  "USER_ALREADY_EXISTS",
  "USER_NOT_FOUND",
  "INVALID_RECONCILIATION_ATTEMPT",
  "LOGIN_REQUIRED",
  "LOGIN_ALREADY_USED",
  "USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE",
  "USERNAME_ALREADY_SET",
  "LEARNER_WITHOUT_ACCOUNT"
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
 * The account exists already (`USER_ALREADY_EXISTS`).
 *
 * @category errors
 * @since 0.1.0
 */
export const userAlreadyExists = (userId: string) =>
  error("Conflict", "USER_ALREADY_EXISTS", "Ce compte existe déjà.", { userId })

/**
 * No account with this id (`USER_NOT_FOUND`, Pix's `UserNotFoundError`).
 *
 * @category errors
 * @since 0.1.0
 */
export const userNotFound = (userId: string) =>
  error("NotFound", "USER_NOT_FOUND", "Utilisateur introuvable.", { userId })

/**
 * A first or last name is blank (`INVALID_RECONCILIATION_ATTEMPT`, Pix's message for a bad field).
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidName = () =>
  error("InvalidInput", "INVALID_RECONCILIATION_ATTEMPT", "Un des champs saisis n’est pas valide.")

/**
 * No way to log in was given (`LOGIN_REQUIRED`).
 *
 * @category errors
 * @since 0.1.0
 */
export const loginRequired = () =>
  error("InvalidInput", "LOGIN_REQUIRED", "Une adresse e-mail ou un identifiant est obligatoire.")

/**
 * The e-mail or username belongs to another account (`LOGIN_ALREADY_USED`).
 *
 * @category errors
 * @since 0.1.0
 */
export const loginAlreadyUsed = () =>
  error("Conflict", "LOGIN_ALREADY_USED", "Cette adresse e-mail ou cet identifiant est déjà utilisé.")

/**
 * Someone else's account (`USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE`).
 *
 * @category errors
 * @since 0.1.0
 */
export const notAuthorizedToUpdate = (userId: string) =>
  error("Forbidden", "USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE", "Vous n'êtes pas autorisé à modifier cette ressource.", {
    userId
  })

/**
 * The student's account has a username already (`USERNAME_ALREADY_SET`, Pix's
 * `UserNotAuthorizedToGenerateUsernamePasswordError`): staff see it in the student's account instead.
 *
 * @category errors
 * @since 0.1.0
 */
export const usernameAlreadySet = (username: string) =>
  error("Conflict", "USERNAME_ALREADY_SET", `Ce compte utilisateur dispose déjà d’un identifiant : ${username}.`, {
    username
  })

/**
 * The learner is linked to no account (`LEARNER_WITHOUT_ACCOUNT`): there is no account to add a username to.
 *
 * @category errors
 * @since 0.1.0
 */
export const learnerWithoutAccount = (learnerId: string) =>
  error(
    "Conflict",
    "LEARNER_WITHOUT_ACCOUNT",
    "Cet élève n’a pas encore de compte Pix : il en crée un en rejoignant une campagne de l’établissement.",
    { learnerId }
  )
