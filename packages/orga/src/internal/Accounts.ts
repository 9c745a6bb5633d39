/**
 * Accounts: a user registers (each login reserved on its own stream, so two accounts never share one), accepts
 * Pix Orga's terms, and logs into Orga (the organizations he belongs to).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Account from "../account/Account.ts"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import { Policy } from "./Domain.ts"
import * as Listings from "./Listings.ts"
import { check, fail, fromResult, type Plumbing, userOf } from "./Plumbing.ts"
import type * as Streams from "./Streams.ts"

/**
 * Builds the account use cases of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (plumbing: Plumbing): Pick<OrgaShape, "registerUser" | "acceptPixOrgaTerms" | "logIntoOrga"> => {
  const { clock, ids, models, commit, write, useCase, query } = plumbing

  const registerUser: OrgaShape["registerUser"] = (input) =>
    useCase(
      Effect.gen(function* () {
        const userId = input.userId ?? (yield* ids.next)
        const now = yield* clock.now
        const email = input.email?.trim().toLowerCase() ?? null
        const username = input.username?.trim().toLowerCase() ?? null
        const events = yield* fromResult(
          Account.register(models.accounts.get(userId) ?? null, {
            userId,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
            email,
            username,
            samlId: input.samlId ?? null,
            occurredAt: now
          })
        )
        const writes: Array<Streams.Write> = [write(Account.streamName(userId), events)]
        for (const login of [email, username]) {
          if (login === null) continue
          if (models.logins.has(login))
            return yield* fail(
              "Conflict",
              "LOGIN_ALREADY_USED",
              "Cette adresse e-mail ou cet identifiant est déjà utilisé."
            )
          writes.push(
            write(Account.loginStreamName(login), [
              { _tag: "UserLoginReserved", login, userId, occurredAt: now } as Account.UserLoginReserved
            ])
          )
        }
        yield* commit(writes, { actorId: userId, useCase: "registerUser", organizationId: null }, now)
        return { userId }
      })
    )

  const acceptPixOrgaTerms: OrgaShape["acceptPixOrgaTerms"] = (actor) =>
    useCase(
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const now = yield* clock.now
        const events = yield* fromResult(Account.acceptTerms(models.accounts.get(userId) ?? null, userId, userId, now))
        yield* commit(
          [write(Account.streamName(userId), events)],
          { actorId: userId, useCase: "acceptPixOrgaTerms", organizationId: null },
          now
        )
      })
    )

  const logIntoOrga: OrgaShape["logIntoOrga"] = (actor) =>
    query(
      Effect.gen(function* () {
        const userId = yield* userOf(actor)
        const mine: Array<Views.OrganizationView> = []
        for (const [organizationId, state] of models.organizations)
          if (state.members.has(userId as never)) mine.push(Listings.organizationView(organizationId, state))
        yield* check(Policy.canLogIn(actor, mine.length))
        return mine
      })
    )

  return { registerUser, acceptPixOrgaTerms, logIntoOrga }
}
