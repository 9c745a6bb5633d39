/**
 * User accounts as the library knows them (`user-<id>` streams): who the user is, how he logs in (e-mail,
 * username or GAR identifier) and whether he accepted Pix Orga's terms (CGU, §8).
 *
 * The domain package has no account model; this pure decider is a local adapter of the library. Logins are
 * unique across the store through a reservation stream per login (`user-login-<login>`).
 *
 * @since 0.1.0
 */
import { DomainError } from "@orga/domain"
import * as Result from "effect/Result"
import type * as LocalEvents from "../LocalEvents.ts"

/**
 * A user account was registered (schema in `LocalEvents`).
 *
 * @since 0.1.0
 */
export type UserRegistered = typeof LocalEvents.UserRegistered.Type

/**
 * The user accepted Pix Orga's terms of service (schema in `LocalEvents`).
 *
 * @since 0.1.0
 */
export type PixOrgaTermsAccepted = typeof LocalEvents.PixOrgaTermsAccepted.Type

/**
 * A login (e-mail or username) was reserved for a user (schema in `LocalEvents`).
 *
 * @since 0.1.0
 */
export type UserLoginReserved = typeof LocalEvents.UserLoginReserved.Type

/**
 * Any account event.
 *
 * @since 0.1.0
 */
export type AccountEvent = UserRegistered | PixOrgaTermsAccepted

/**
 * An account's state (null before registration).
 *
 * @since 0.1.0
 */
export interface Account {
  readonly userId: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string | null
  readonly username: string | null
  readonly samlId: string | null
  readonly pixOrgaTermsOfServiceAccepted: boolean
}

/** The stream of a user. @since 0.1.0 */
export const streamName = (userId: string): string => `user-${userId}`

/** The reservation stream of a login. @since 0.1.0 */
export const loginStreamName = (login: string): string => `user-login-${login.trim().toLowerCase()}`

/**
 * Folds an account event.
 *
 * @since 0.1.0
 */
export const evolve = (state: Account | null, event: AccountEvent): Account | null => {
  switch (event._tag) {
    case "UserRegistered":
      return {
        userId: event.userId,
        firstName: event.firstName,
        lastName: event.lastName,
        email: event.email,
        username: event.username,
        samlId: event.samlId,
        pixOrgaTermsOfServiceAccepted: false
      }
    case "PixOrgaTermsAccepted":
      return state === null ? null : { ...state, pixOrgaTermsOfServiceAccepted: true }
  }
}

/** The account fold. @since 0.1.0 */
export const fold = { initialState: null as Account | null, evolve }

/** The login reservation fold: the user holding it, if any. @since 0.1.0 */
export const loginFold = {
  initialState: null as string | null,
  evolve: (_state: string | null, event: UserLoginReserved): string | null => event.userId
}

/**
 * Registers an account; at least one way to log in is required, names must not be blank.
 *
 * @since 0.1.0
 */
export const register = (
  state: Account | null,
  input: Omit<UserRegistered, "_tag">
): Result.Result<ReadonlyArray<UserRegistered>, DomainError.DomainError> => {
  if (state !== null)
    return Result.fail(
      DomainError.make("Conflict", "USER_ALREADY_EXISTS", "Ce compte existe déjà.", { userId: input.userId })
    )
  if (input.firstName.trim() === "" || input.lastName.trim() === "")
    return Result.fail(
      DomainError.make("InvalidInput", "INVALID_RECONCILIATION_ATTEMPT", "Un des champs saisis n’est pas valide.")
    )
  if (input.email === null && input.username === null && input.samlId === null)
    return Result.fail(
      DomainError.make("InvalidInput", "LOGIN_REQUIRED", "Une adresse e-mail ou un identifiant est obligatoire.")
    )
  return Result.succeed([{ _tag: "UserRegistered", ...input }])
}

/**
 * Accepts Pix Orga's terms: idempotent (no event when already accepted), and only for oneself.
 *
 * @since 0.1.0
 */
export const acceptTerms = (
  state: Account | null,
  actorId: string | null,
  userId: string,
  occurredAt: string
): Result.Result<ReadonlyArray<PixOrgaTermsAccepted>, DomainError.DomainError> => {
  if (actorId !== userId)
    return Result.fail(
      DomainError.make(
        "Forbidden",
        "USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE",
        "Vous n'êtes pas autorisé à modifier cette ressource.",
        { userId }
      )
    )
  if (state === null)
    return Result.fail(DomainError.make("NotFound", "USER_NOT_FOUND", "Utilisateur introuvable.", { userId }))
  return Result.succeed(
    state.pixOrgaTermsOfServiceAccepted ? [] : [{ _tag: "PixOrgaTermsAccepted", userId, occurredAt }]
  )
}

/**
 * Masks a login as Pix shows it to a student whose learner is already linked: e-mail `j***@example.net`,
 * username `j***.h***2`.
 *
 * @since 0.1.0
 */
export const maskLogin = (account: Pick<Account, "email" | "username" | "samlId">): string | null => {
  if (account.samlId !== null) return null
  if (account.username !== null) {
    const [first = "", rest = ""] = account.username.split(".")
    const digit = /\d+$/.exec(rest)?.[0] ?? ""
    return `${first.slice(0, 1)}***.${rest.slice(0, 1)}***${digit.slice(-1)}`
  }
  if (account.email !== null) {
    const [local = "", domain = ""] = account.email.split("@")
    return `${local.slice(0, 1)}***@${domain}`
  }
  return null
}
