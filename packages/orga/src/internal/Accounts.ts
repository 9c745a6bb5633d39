/**
 * Accounts: a user registers (each login reserved on its own stream, so two accounts never share one), accepts
 * Pix Orga's terms, and logs into Orga (the organizations he belongs to).
 *
 * @since 0.1.0
 */

import { RosterError } from "@orga/domain"
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import { Account, AccountError, Ids, Policy, Reconciliation } from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import * as Listings from "./Listings.ts"
import { check, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"
import type * as Streams from "./Streams.ts"

/**
 * Builds the account use cases of the front door over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<
  OrgaShape,
  | "registerUser"
  | "acceptPixOrgaTerms"
  | "logIntoOrga"
  | "account"
  | "accountByLogin"
  | "learnerAccount"
  | "addUsername"
> => {
  const { now: clockNow, newId, randomness, models, write, read, useCase, query, asMember } = plumbing

  const viewOf = (account: Account.Account): Views.AccountView => ({
    userId: account.userId,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    username: account.username,
    pixOrgaTermsOfServiceAccepted: account.pixOrgaTermsOfServiceAccepted
  })

  const account: OrgaShape["account"] = (userId) =>
    query(
      Effect.sync(() => {
        const found = models.accounts.get(userId)
        return found === undefined ? null : viewOf(found)
      })
    )

  const accountByLogin: OrgaShape["accountByLogin"] = (login) =>
    query(
      Effect.sync(() => {
        const userId = models.logins.get(login.trim().toLowerCase())
        const found = userId === undefined ? undefined : models.accounts.get(userId)
        return found === undefined ? null : viewOf(found)
      })
    )

  const learnerAccount: OrgaShape["learnerAccount"] = (actor, input) =>
    query(
      Effect.gen(function* () {
        yield* asMember(actor, input.organizationId)
        const learner = models.rosters.get(input.organizationId)?.learners.get(input.learnerId)
        const found = learner === undefined || learner.userId === null ? undefined : models.accounts.get(learner.userId)
        return found === undefined ? null : viewOf(found)
      })
    )

  const registerUser: OrgaShape["registerUser"] = (raw, options) =>
    useCase(
      "registerUser",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.RegisterUser)(raw)
        const userId = input.userId ?? (yield* newId(Ids.UserId))
        const now = yield* clockNow
        const email = input.email ?? null
        const username = input.username ?? null
        const events = yield* fromResult(
          Account.decide(
            {
              _tag: "RegisterUser",
              userId,
              firstName: input.firstName,
              lastName: input.lastName,
              email,
              username,
              samlId: input.samlId ?? null,
              occurredAt: now
            },
            models.accounts.get(userId) ?? null
          )
        )
        const writes: Array<Streams.Write> = [write(Account.streamName(userId), events)]
        for (const login of [email, username]) {
          if (login === null) continue
          if (models.logins.has(login)) return yield* Effect.fail(AccountError.loginAlreadyUsed())
          writes.push(
            write(plumbing.loginStreamName(login), [{ _tag: "UserLoginReserved", login, userId, occurredAt: now }])
          )
        }
        return outcome(writes, { userId }, { actorId: userId, organizationId: null, occurredAt: now })
      }),
      (events) => ({ userId: events.find((event) => event._tag === "UserRegistered")?.userId ?? "" })
    )

  const acceptPixOrgaTerms: OrgaShape["acceptPixOrgaTerms"] = (actor, options) =>
    useCase(
      "acceptPixOrgaTerms",
      options,
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const now = yield* clockNow
        const events = yield* fromResult(
          Account.decide(
            { _tag: "AcceptPixOrgaTerms", actorId: userId, userId, occurredAt: now },
            models.accounts.get(userId) ?? null
          )
        )
        // No event when already accepted: the account stream is then only read.
        const writes =
          events.length === 0 ? [read(Account.streamName(userId))] : [write(Account.streamName(userId), events)]
        return outcome(writes, undefined, { actorId: userId, organizationId: null, occurredAt: now })
      }),
      () => undefined
    )

  const logIntoOrga: OrgaShape["logIntoOrga"] = (actor) =>
    query(
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const mine: Array<Views.OrganizationView> = []
        for (const [organizationId, state] of models.organizations)
          if (state.members.has(userId)) mine.push(Listings.organizationView(organizationId, state))
        yield* check(Policy.canLogIn(actor, mine.length))
        return mine
      })
    )

  // Digits drawn up front for a username's suffix when `prenom.nom` + DDMM is taken (the generator is synchronous).
  const suffixAttempts = 25

  const addUsername: OrgaShape["addUsername"] = (actor, raw, options) =>
    useCase(
      "addUsername",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.AddUsername)(raw)
        // Members of the learner's organization only (as for a password reset).
        yield* asMember(actor, input.organizationId)
        const actorId = yield* userOf(actor)
        const learner = models.rosters.get(input.organizationId)?.learners.get(input.learnerId)
        if (learner === undefined) return yield* Effect.fail(RosterError.learnerNotFound(input.learnerId))
        if (learner.userId === null) return yield* Effect.fail(AccountError.learnerWithoutAccount(input.learnerId))
        const userId = learner.userId
        const existing = models.accounts.get(userId)
        if (existing?.username != null) return yield* Effect.fail(AccountError.usernameAlreadySet(existing.username))
        const digits = yield* Effect.forEach(Array.from({ length: suffixAttempts * 4 }), () => randomness.int(10))
        let drawn = 0
        const username = yield* fromResult(
          Reconciliation.usernameFor(
            learner.record,
            (login) => models.logins.has(login),
            () => digits[drawn++ % digits.length] ?? 0,
            suffixAttempts
          )
        )
        const now = yield* clockNow
        const events = yield* fromResult(
          Account.decide(
            {
              _tag: "AddUsername",
              userId,
              username,
              actorId,
              organizationId: input.organizationId,
              learnerId: input.learnerId,
              occurredAt: now
            },
            existing ?? null
          )
        )
        // The account's version and the login's (a new stream) are checked: a concurrent addition or reservation
        // of the same login conflicts, and is decided again.
        return outcome(
          [
            write(Account.streamName(userId), events),
            write(plumbing.loginStreamName(username), [
              { _tag: "UserLoginReserved", login: username, userId, occurredAt: now }
            ])
          ],
          { userId, username },
          { actorId, organizationId: input.organizationId, occurredAt: now }
        )
      }),
      (events) => {
        const added = events.find((event) => event._tag === "UsernameAdded")
        return { userId: added?.userId ?? "", username: added?.username ?? "" }
      }
    )

  return { registerUser, acceptPixOrgaTerms, logIntoOrga, account, accountByLogin, learnerAccount, addUsername }
}
