/**
 * User accounts as the library knows them (`user-<id>` streams): who the user is, how he logs in (e-mail,
 * username or GAR identifier) and whether he accepted Pix Orga's terms (CGU, §8).
 *
 * Logins are unique across the store through a reservation stream per login (`user-login-<login>`): the
 * front door reserves each login in the same append as the account.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as DomainError from "../DomainError.ts"
import * as AccountError from "./AccountError.ts"
import type { PixOrgaTermsAccepted, UserLoginReserved, UsernameAdded, UserRegistered } from "./AccountEvent.ts"

export type { PixOrgaTermsAccepted, UserLoginReserved, UsernameAdded, UserRegistered } from "./AccountEvent.ts"

/**
 * Any account event.
 *
 * @category models
 * @since 0.1.0
 */
export type AccountEvent = UserRegistered | PixOrgaTermsAccepted | UsernameAdded

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
    case "UsernameAdded":
      return state === null ? null : { ...state, username: event.username }
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
  if (state !== null) return Result.fail(AccountError.userAlreadyExists(input.userId))
  if (input.firstName.trim() === "" || input.lastName.trim() === "") return Result.fail(AccountError.invalidName())
  if (input.email === null && input.username === null && input.samlId === null)
    return Result.fail(AccountError.loginRequired())
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
  if (actorId !== userId) return Result.fail(AccountError.notAuthorizedToUpdate(userId))
  if (state === null) return Result.fail(AccountError.userNotFound(userId))
  return Result.succeed(
    state.pixOrgaTermsOfServiceAccepted ? [] : [{ _tag: "PixOrgaTermsAccepted", userId, occurredAt }]
  )
}

/**
 * Adds a username to an account that has none (§5.4.3: staff give a student one). Who may do it (a member of
 * the organization of a learner linked to the account) is the caller's to check; the login's uniqueness too.
 *
 * @since 0.1.0
 */
export const addUsername = (
  state: Account | null,
  input: Omit<UsernameAdded, "_tag">
): Result.Result<ReadonlyArray<UsernameAdded>, DomainError.DomainError> => {
  if (state === null) return Result.fail(AccountError.userNotFound(input.userId))
  if (state.username !== null) return Result.fail(AccountError.usernameAlreadySet(state.username))
  return Result.succeed([{ _tag: "UsernameAdded", ...input }])
}

/**
 * The commands of an account stream.
 *
 * @category models
 * @since 0.1.0
 */
export type AccountCommand =
  | ({ readonly _tag: "RegisterUser" } & Omit<UserRegistered, "_tag">)
  | {
      readonly _tag: "AcceptPixOrgaTerms"
      readonly actorId: string | null
      readonly userId: string
      readonly occurredAt: string
    }
  | ({ readonly _tag: "AddUsername" } & Omit<UsernameAdded, "_tag">)

/**
 * Decides an account command (Emmett's `decide`): `register`, `acceptTerms` or `addUsername`.
 *
 * @category combinators
 * @since 0.1.0
 */
export const decide = (
  command: AccountCommand,
  state: Account | null
): Result.Result<ReadonlyArray<AccountEvent>, DomainError.DomainError> => {
  switch (command._tag) {
    case "RegisterUser": {
      const { _tag: _, ...input } = command
      return register(state, input)
    }
    case "AcceptPixOrgaTerms":
      return acceptTerms(state, command.actorId, command.userId, command.occurredAt)
    case "AddUsername": {
      const { _tag: _, ...input } = command
      return addUsername(state, input)
    }
  }
}

/**
 * The account decider: initial state, `evolve`, `decide`.
 *
 * @category models
 * @since 0.1.0
 */
export const decider = { initialState: null as Account | null, evolve, decide }

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
