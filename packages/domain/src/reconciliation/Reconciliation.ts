/**
 * The reconciliation ("rattachement") of a student's Pix account to a learner of a SCO organization (§5.4).
 *
 * A pure function over what the caller read from the streams: the organization's learners, the most recent
 * reconciled learner of each INE anywhere, the learners the user is already linked to, and the existing
 * accounts' logins (to tell the student how to log in). It decides which learner the account may be linked
 * to, or why not; the link itself is then recorded on the roster (`StudentAccountLinked`).
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as CampaignCodeGenerator from "../campaign/CampaignCodeGenerator.ts"
import * as DomainError from "../DomainError.ts"
import * as RosterError from "../roster/RosterError.ts"
import * as AccountMasking from "./AccountMasking.ts"
import * as NameMatching from "./NameMatching.ts"

/**
 * A learner of the organization as the roster knows it (personal data).
 *
 * @since 0.1.0
 */
export interface Learner extends Omit<NameMatching.Candidate, "id"> {
  readonly learnerId: string
  readonly organizationId: string
  /** `YYYY-MM-DD`. */
  readonly birthdate: string
  readonly nationalStudentId: string | null
  readonly userId: string | null
  readonly isDisabled: boolean
}

/**
 * A learner already linked to an account (the most recent one of an INE, or one of the user's links).
 *
 * @since 0.1.0
 */
export interface LinkedLearner {
  readonly learnerId: string
  readonly organizationId: string
  readonly nationalStudentId: string | null
  readonly birthdate: string
  readonly userId: string
}

/**
 * An existing account and its logins.
 *
 * @since 0.1.0
 */
export interface Account {
  readonly userId: string
  readonly authenticationMethods: AccountMasking.AuthenticationMethods
}

/**
 * Where the reconciliation happens: joining a campaign with an account (`RECONCILIATION`, codes R…), or
 * while logging in / registering (`LOGIN_OR_REGISTER`, codes S…).
 *
 * @since 0.1.0
 */
export type Context = "RECONCILIATION" | "LOGIN_OR_REGISTER"

/**
 * A manual reconciliation request and the facts it is judged on.
 *
 * @since 0.1.0
 */
export interface ReconcileRequest {
  /** The logged user; `null` when the account is being created. */
  readonly userId: string | null
  readonly organizationId: string
  readonly typed: { readonly firstName: string; readonly lastName: string; readonly birthdate: string }
  /** The organization's (not deleted) learners; disabled ones are ignored here. */
  readonly learners: ReadonlyArray<Learner>
  /** The most recent reconciled learner of each INE, in any organization. */
  readonly reconciledByIne: ReadonlyArray<LinkedLearner>
  /** The learners the logged user is linked to, in any organization. */
  readonly userLearners: ReadonlyArray<LinkedLearner>
  /** The accounts that may have to be reported, with their logins. */
  readonly accounts: ReadonlyArray<Account>
  readonly context?: Context | undefined
}

/**
 * The learner the account may be linked to.
 *
 * @since 0.1.0
 */
export interface Reconciled {
  readonly learnerId: string
  readonly organizationId: string
  readonly userId: string | null
  readonly match: NameMatching.Match
}

/**
 * The short and long codes of an existing account, per context, organization and login kind (Pix's
 * `STUDENT_RECONCILIATION_ERRORS`).
 *
 * @since 0.1.0
 */
export const accountErrorCodes = {
  RECONCILIATION: {
    SAME: {
      EMAIL: { shortCode: "R31", code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION" },
      USERNAME: { shortCode: "R32", code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION" },
      GAR: { shortCode: "R33", code: "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION" }
    },
    OTHER: {
      EMAIL: { shortCode: "R11", code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" },
      USERNAME: { shortCode: "R12", code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" },
      GAR: { shortCode: "R13", code: "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" }
    }
  },
  LOGIN_OR_REGISTER: {
    SAME: {
      EMAIL: { shortCode: "S51", code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION" },
      USERNAME: { shortCode: "S52", code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION" },
      GAR: { shortCode: "S53", code: "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_THE_SAME_ORGANIZATION" }
    },
    OTHER: {
      EMAIL: { shortCode: "S61", code: "ACCOUNT_WITH_EMAIL_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" },
      USERNAME: { shortCode: "S62", code: "ACCOUNT_WITH_USERNAME_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" },
      GAR: { shortCode: "S63", code: "ACCOUNT_WITH_GAR_ALREADY_EXIST_FOR_ANOTHER_ORGANIZATION" }
    }
  }
} as const

const where = { SAME: "dans cet établissement", OTHER: "dans un autre établissement" } as const

/**
 * What the student reads when an account already exists: what happened and how to log in with it.
 *
 * @since 0.1.0
 */
export const accountExistsMessage = (
  organization: "SAME" | "OTHER",
  kind: AccountMasking.AccountKind,
  value: string | null
): string => {
  switch (kind) {
    case "EMAIL":
      return (
        `Vous avez déjà un compte Pix, utilisé ${where[organization]}, avec l’adresse e-mail ${value ?? ""}. ` +
        "Connectez-vous avec cette adresse e-mail et votre mot de passe pour continuer. " +
        "Mot de passe oublié ? Utilisez « Mot de passe oublié » sur la page de connexion ou demandez de l’aide à un enseignant."
      )
    case "USERNAME":
      return (
        `Vous avez déjà un compte Pix, utilisé ${where[organization]}, avec l’identifiant ${value ?? ""}. ` +
        "Connectez-vous avec cet identifiant et votre mot de passe pour continuer. " +
        "Mot de passe oublié ? Demandez à un enseignant de le réinitialiser."
      )
    case "GAR":
      return (
        `Vous avez déjà un compte Pix, utilisé ${where[organization]}, auquel vous accédez par votre ENT (Mediacentre). ` +
        "Connectez-vous à Pix depuis votre ENT pour continuer, ou demandez de l’aide à un enseignant."
      )
  }
}

/**
 * The reconciliation errors that are not about an existing account's login.
 *
 * @since 0.1.0
 */
export const errors = {
  invalidInput: () =>
    DomainError.make("InvalidInput", "INVALID_RECONCILIATION_INPUT", "Un des champs saisis n’est pas valide."),
  noLearnerWithBirthdate: (organizationId: string) =>
    DomainError.make(
      "NotFound",
      "NO_ORGANIZATION_LEARNER_MATCHING_BIRTHDATE",
      "Aucun élève de cet établissement n’a cette date de naissance. Vérifiez les informations saisies ou demandez de l’aide à un enseignant.",
      { organizationId }
    ),
  noLearnerWithNames: (organizationId: string) =>
    DomainError.make(
      "NotFound",
      "NO_ORGANIZATION_LEARNER_MATCHING_NAMES",
      "Aucun élève de cet établissement ne correspond au nom et au prénom saisis. Vérifiez les informations saisies ou demandez de l’aide à un enseignant.",
      { organizationId }
    ),
  alreadyReconciledInOrganization: (userId: string) => RosterError.userAlreadyReconciled(userId),
  seemsToBelongToAnotherUser: (userId: string) =>
    DomainError.make(
      "Conflict",
      "ACCOUNT_SEEMS_TO_BELONGS_TO_ANOTHER_USER",
      "Le compte avec lequel vous êtes connecté semble appartenir à un autre élève. Déconnectez-vous, puis connectez-vous avec votre propre compte ou demandez de l’aide à un enseignant.",
      { shortCode: "R90", value: null, userId }
    ),
  linkedToInvalidUser: (userId: string, organization: "SAME" | "OTHER") =>
    DomainError.make(
      "Conflict",
      "ORGANIZATION_LEARNER_ALREADY_LINKED_TO_INVALID_USER",
      organization === "SAME"
        ? "Un compte existe déjà pour l‘élève dans le même établissement, mais il n’a pas de moyen de connexion. Demandez de l’aide à un enseignant."
        : "Un compte existe déjà pour l‘élève dans un autre établissement, mais il n’a pas de moyen de connexion. Demandez de l’aide à un enseignant.",
      { userId }
    ),
  couldNotBeReconciled: () =>
    DomainError.make(
      "NotFound",
      "USER_COULD_NOT_BE_RECONCILED",
      "Cet utilisateur n’a pas pu être rattaché à une organisation."
    )
}

/**
 * The error of an account that already exists for the learner, with its masked login
 * (meta `{ shortCode, value, userId }`).
 *
 * @since 0.1.0
 */
export const accountExists = (
  context: Context,
  organization: "SAME" | "OTHER",
  account: Account | undefined,
  userId: string
): DomainError.DomainError => {
  const login = account === undefined ? undefined : AccountMasking.mainLogin(account.authenticationMethods)
  if (login === undefined) return errors.linkedToInvalidUser(userId, organization)
  const { code, shortCode } = accountErrorCodes[context][organization][login.kind]
  return DomainError.make("Conflict", code, accountExistsMessage(organization, login.kind, login.value), {
    shortCode,
    value: login.value,
    userId
  })
}

const blank = (value: string): boolean => value.trim() === ""

/**
 * Decides a manual reconciliation, in Pix's order: birthdate candidates, name matching, learner already
 * linked (same organization), INE already linked elsewhere (other organization), user already linked in
 * this organization (R70), user linked elsewhere to someone else (R90).
 *
 * @since 0.1.0
 */
export const reconcile = (request: ReconcileRequest): Result.Result<Reconciled, DomainError.DomainError> => {
  const { typed, organizationId, userId } = request
  const context = request.context ?? "RECONCILIATION"
  if (blank(typed.firstName) || blank(typed.lastName) || blank(typed.birthdate))
    return Result.fail(errors.invalidInput())
  const candidates = request.learners.filter(
    (learner) =>
      learner.organizationId === organizationId && !learner.isDisabled && learner.birthdate === typed.birthdate
  )
  if (candidates.length === 0) return Result.fail(errors.noLearnerWithBirthdate(organizationId))
  const match = NameMatching.findMatch(
    candidates.map((learner) => ({ ...learner, id: learner.learnerId })),
    typed
  )
  if (match === undefined) return Result.fail(errors.noLearnerWithNames(organizationId))
  const learner = candidates.find((candidate) => candidate.learnerId === match.id)!
  const accountOf = (id: string) => request.accounts.find((account) => account.userId === id)
  if (learner.userId !== null)
    return Result.fail(accountExists(context, "SAME", accountOf(learner.userId), learner.userId))
  const ine = learner.nationalStudentId
  const elsewhere =
    ine === null ? undefined : request.reconciledByIne.find((linked) => linked.nationalStudentId === ine)
  // The logged user's own account found through the INE is the very link we are making: not an obstacle.
  if (elsewhere !== undefined && elsewhere.userId !== userId)
    return Result.fail(accountExists(context, "OTHER", accountOf(elsewhere.userId), elsewhere.userId))
  if (userId !== null) {
    const linkedHere = request.learners.some(
      (other) =>
        other.organizationId === organizationId && other.userId === userId && other.learnerId !== learner.learnerId
    )
    if (linkedHere) return Result.fail(errors.alreadyReconciledInOrganization(userId))
    const withIne = request.userLearners.filter((linked) => linked.nationalStudentId !== null)
    if (
      withIne.length > 0 &&
      !withIne.some((linked) => linked.nationalStudentId === ine) &&
      !withIne.some((linked) => linked.birthdate === learner.birthdate)
    )
      return Result.fail(errors.seemsToBelongToAnotherUser(userId))
  }
  return Result.succeed({ learnerId: learner.learnerId, organizationId, userId, match })
}

/**
 * The automatic reconciliation (§5.4.1): the user's most recent learner elsewhere gives an INE; the active
 * learner of this organization with that INE, not linked to anyone else, is the one.
 *
 * @since 0.1.0
 */
export const reconcileAutomatically = (request: {
  readonly userId: string
  readonly organizationId: string
  readonly latestNationalStudentId: string | null
  readonly learners: ReadonlyArray<Learner>
}): Result.Result<{ readonly learnerId: string }, DomainError.DomainError> => {
  const ine = request.latestNationalStudentId
  const learner =
    ine === null
      ? undefined
      : request.learners.find(
          (candidate) =>
            candidate.organizationId === request.organizationId &&
            !candidate.isDisabled &&
            candidate.nationalStudentId === ine &&
            (candidate.userId === null || candidate.userId === request.userId)
        )
  return learner === undefined
    ? Result.fail(errors.couldNotBeReconciled())
    : Result.succeed({ learnerId: learner.learnerId })
}

/**
 * The username Pix proposes when a student creates an account while reconciling (§5.4.3):
 * `firstname.lastname` + `DDMM` of the birthdate; when taken, the suffix becomes 4 random digits until free.
 *
 * @since 0.1.0
 */
export const usernameFor = (
  names: { readonly firstName: string; readonly lastName: string; readonly birthdate: string },
  isTaken: (username: string) => boolean,
  random: CampaignCodeGenerator.RandomSource,
  maxAttempts = 100
): Result.Result<string, DomainError.DomainError> => {
  const base = `${NameMatching.normalize(names.firstName)}.${NameMatching.normalize(names.lastName)}`
  const [, month = "", day = ""] = names.birthdate.split("-")
  const first = `${base}${day}${month}`
  if (!isTaken(first)) return Result.succeed(first)
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let suffix = ""
    for (let i = 0; i < 4; i++) suffix += String(((Math.trunc(random(10)) % 10) + 10) % 10)
    const candidate = `${base}${suffix}`
    if (!isTaken(candidate)) return Result.succeed(candidate)
  }
  return Result.fail(
    DomainError.make("Conflict", "USERNAME_NOT_AVAILABLE", "Aucun identifiant disponible n’a pu être proposé.", {})
  )
}
