/**
 * The accounts group's handlers: passwords checked against the app's credentials table (argon2id), logins
 * resolved through the library, sessions and tokens from `Sessions`, rate limits per account and per client.
 *
 * @since 0.1.0
 */
import { randomInt } from "node:crypto"
import { Birthdate, Reconciliation } from "@orga/domain"
import { Accounts, Team } from "@orga/orga"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpEffect, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Result from "effect/Result"
import { CredentialStore } from "../auth/CredentialStore.ts"
import * as Password from "../auth/Password.ts"
import * as SessionCookie from "../auth/SessionCookie.ts"
import { SessionStore } from "../auth/SessionStore.ts"
import * as Sessions from "../auth/Sessions.ts"
import { behindTls, Config } from "../Config.ts"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as Throttle from "../safety/Throttle.ts"
import * as Problem from "../server/Problem.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

/**
 * Sign-in attempts allowed per account (the client's address has its own limit, `Throttle.defaultRoutes`).
 *
 * @category getters
 * @since 0.1.0
 */
export const signInPerAccount = { limit: 10, windowMillis: 5 * 60_000 }

/**
 * Pix's password rule: at least 8 characters with an upper-case letter, a lower-case letter and a digit.
 *
 * @category guards
 * @since 0.1.0
 */
export const acceptablePassword = (password: string): boolean =>
  password.length >= 8 &&
  password.length <= Password.maxLength &&
  /\p{Lu}/u.test(password) &&
  /\p{Ll}/u.test(password) &&
  /\d/.test(password)

const invalidPassword = () =>
  Problem.make(
    422,
    "INVALID_PASSWORD",
    "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre."
  )

const invalidCredentials = () =>
  Problem.make(
    401,
    "INVALID_CREDENTIALS",
    "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects."
  )

/**
 * A temporary password a teacher reads out to a student: 10 characters without look-alikes, meeting Pix's rule.
 *
 * @category constructors
 * @since 0.1.0
 */
export const temporaryPassword = (): string => {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
  let out = ""
  while (!acceptablePassword(out)) {
    out = ""
    for (let index = 0; index < 10; index++) out += alphabet[randomInt(alphabet.length)]
  }
  return out
}

/**
 * The username Pix proposes (§5.4.3), checked against the library's reserved logins; a birthdate that is not a
 * `YYYY-MM-DD` date is the domain's `INVALID_BIRTHDATE_FORMAT` (its day and month make the username). The sign-up
 * page uses it too.
 *
 * @category constructors
 * @since 0.1.0
 */
export const proposeUsername = (names: { firstName: string; lastName: string; birthdate: string }) =>
  Effect.gen(function* () {
    const birthdate = Birthdate.parse(names.birthdate)
    if (Result.isFailure(birthdate)) return yield* Effect.fail(birthdate.failure)
    const accounts = yield* Accounts.Accounts
    const taken = new Set<string>()
    for (let attempt = 0; attempt < 20; attempt++) {
      const proposed = Reconciliation.usernameFor(
        names,
        (username) => taken.has(username),
        (bound) => randomInt(bound)
      )
      if (Result.isFailure(proposed)) return yield* Effect.fail(proposed.failure)
      if ((yield* accounts.accountByLogin(proposed.success)) === null) return proposed.success
      taken.add(proposed.success)
    }
    return yield* Effect.fail(
      Problem.make(409, "USERNAME_NOT_AVAILABLE", "Aucun identifiant disponible n’a pu être proposé.")
    )
  })

const setCookie = (value: string) =>
  HttpEffect.appendPreResponseHandler((_request, response) =>
    Effect.succeed(HttpServerResponse.setHeader(response, "set-cookie", value))
  )

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "accounts", (handlers) =>
  handlers
    .handle("signUp", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          if (!acceptablePassword(payload.password)) return yield* Effect.fail(invalidPassword())
          const accounts = yield* Accounts.Accounts
          let username: string | null = null
          if (payload.email === undefined) {
            if (payload.birthdate === undefined)
              return yield* Effect.fail(
                Problem.make(
                  422,
                  "EMAIL_OR_BIRTHDATE_REQUIRED",
                  "Indiquez votre adresse e-mail, ou votre date de naissance pour recevoir un identifiant.",
                  { fields: ["email", "birthdate"] }
                )
              )
            username = yield* proposeUsername({
              firstName: payload.firstName,
              lastName: payload.lastName,
              birthdate: payload.birthdate
            })
          }
          const { userId } = yield* accounts.registerUser({
            firstName: payload.firstName,
            lastName: payload.lastName,
            ...(payload.email === undefined ? { username } : { email: payload.email })
          })
          const hash = yield* Password.hash(payload.password)
          yield* (yield* CredentialStore).set(userId, hash, yield* Clock.currentTimeMillis)
          return { userId, username }
        })
      )
    )
    .handle("signIn", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const login = payload.login.trim().toLowerCase()
          yield* Throttle.guardInHandler([[`signin:account:${login}`, signInPerAccount]])
          const accounts = yield* Accounts.Accounts
          const credentials = yield* CredentialStore
          const account = login === "" ? null : yield* accounts.accountByLogin(login)
          const stored = account === null ? undefined : yield* credentials.get(account.userId)
          const verification =
            account === null || stored === undefined
              ? yield* Password.verifyNothing(payload.password)
              : yield* Password.verify(stored, payload.password)
          if (account === null || !verification.valid) return yield* Effect.fail(invalidCredentials())
          const now = yield* Clock.currentTimeMillis
          if (verification.rehashed !== undefined) yield* credentials.set(account.userId, verification.rehashed, now)
          // Pix Orga signs in active members only (§8), with Pix's text; Pix App signs in anyone.
          if ((payload.application ?? "orga") === "orga") yield* accounts.logIntoOrga(Actors.user(account.userId))
          const kind = payload.kind ?? "cookie"
          const opened = yield* Sessions.open(yield* SessionStore, account.userId, kind, now)
          const base = { userId: account.userId, pixOrgaTermsOfServiceAccepted: account.pixOrgaTermsOfServiceAccepted }
          if (kind === "token") return { ...base, token: opened.secret }
          const tls = behindTls(yield* Config)
          yield* setCookie(SessionCookie.serialize(opened.secret, tls, Sessions.lifetimes.cookie / 1000))
          return { ...base, csrfToken: opened.record.csrfToken }
        })
      )
    )
    .handle("signOut", () =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* Actors.signedIn
          const request = yield* HttpServerRequest.HttpServerRequest
          const tls = behindTls(yield* Config)
          const presented = SessionCookie.credentials(request.headers, request.cookies, tls)
          if (presented._tag !== "None")
            yield* Sessions.revoke(yield* SessionStore, presented.secret, yield* Clock.currentTimeMillis)
          yield* setCookie(SessionCookie.clear(tls))
        })
      )
    )
    .handle("me", () =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { userId } = yield* Actors.signedIn
          const account = yield* (yield* Accounts.Accounts).account(userId)
          if (account === null) return yield* Effect.fail(invalidCredentials())
          return account
        })
      )
    )
    .handle("acceptTerms", () =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* Accounts.Accounts).acceptPixOrgaTerms(actor, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("organizations", () =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          return yield* (yield* Accounts.Accounts).logIntoOrga(actor)
        })
      )
    )
    .handle("resetStudentPassword", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const account = yield* (yield* Accounts.Accounts).learnerAccount(actor, params)
          if (account === null)
            return yield* Effect.fail(
              Problem.make(404, "LEARNER_ACCOUNT_NOT_FOUND", "Cet élève n’a pas encore de compte Pix.", {
                learnerId: params.learnerId
              })
            )
          const password = temporaryPassword()
          const now = yield* Clock.currentTimeMillis
          yield* (yield* CredentialStore).set(account.userId, yield* Password.hash(password), now)
          // Whoever held the old password is signed out everywhere.
          yield* (yield* SessionStore).revokeAccount(account.userId, now)
          // A password is never kept, by a cache or by the idempotency store (which keeps no `no-store` answer).
          yield* HttpEffect.appendPreResponseHandler((_request, response) =>
            Effect.succeed(HttpServerResponse.setHeader(response, "cache-control", "no-store"))
          )
          return { login: account.username ?? account.email ?? "", temporaryPassword: password }
        })
      )
    )
    .handle("usernameProposal", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          // Members only: the organization query checks the membership.
          yield* (yield* Team.Team).organization(actor, params.organizationId)
          return { username: yield* proposeUsername(payload) }
        })
      )
    )
    .handle("addUsername", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          // The library checks the membership, the link and that the account has no username yet.
          return yield* (yield* Accounts.Accounts).addUsername(
            yield* Actors.staff,
            params,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
)
