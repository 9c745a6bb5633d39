import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Account from "../src/account/Account.ts"
import * as AccountEvent from "../src/account/AccountEvent.ts"
import { DeciderSpecification } from "../src/testing/DeciderSpecification.ts"

const spec = DeciderSpecification.for(Account.decider)
const at = "2026-09-14T08:00:00.000Z"
const register: Account.AccountCommand = {
  _tag: "RegisterUser",
  userId: "u1",
  firstName: "Léa",
  lastName: "Martin",
  email: "lea@x.fr",
  username: null,
  samlId: null,
  occurredAt: at
}
const registered = AccountEvent.UserRegistered.make({
  userId: "u1",
  firstName: "Léa",
  lastName: "Martin",
  email: "lea@x.fr",
  username: null,
  samlId: null,
  occurredAt: at
})
const accept: Account.AccountCommand = { _tag: "AcceptPixOrgaTerms", actorId: "u1", userId: "u1", occurredAt: at }

describe("Account decider", () => {
  it("registers an account", () => {
    spec.given([]).when(register).then([registered])
  })

  it("refuses a second registration: USER_ALREADY_EXISTS", () => {
    spec
      .given([registered])
      .when(register)
      .thenFails("USER_ALREADY_EXISTS", { tag: "Conflict", meta: { userId: "u1" } })
  })

  it("refuses a blank name and an account without any login", () => {
    spec
      .given([])
      .when({ ...register, firstName: "  " })
      .thenFails("INVALID_RECONCILIATION_ATTEMPT", { tag: "InvalidInput" })
    spec
      .given([])
      .when({ ...register, email: null })
      .thenFails("LOGIN_REQUIRED", {
        tag: "InvalidInput",
        message: "Une adresse e-mail ou un identifiant est obligatoire."
      })
  })

  it("accepts the terms once, for oneself only, on an existing account", () => {
    spec
      .given([registered])
      .when(accept)
      .then([AccountEvent.PixOrgaTermsAccepted.make({ userId: "u1", occurredAt: at })])
    spec
      .given([registered, AccountEvent.PixOrgaTermsAccepted.make({ userId: "u1", occurredAt: at })])
      .when(accept)
      .thenNothing()
    spec
      .given([registered])
      .when({ ...accept, actorId: "someone-else" })
      .thenFails("USER_NOT_AUTHORIZED_TO_UPDATE_RESOURCE", { tag: "Forbidden" })
    spec.given([]).when(accept).thenFails("USER_NOT_FOUND", { tag: "NotFound", message: "Utilisateur introuvable." })
  })

  it("folds what it decides: a registered account exists, with its logins, terms not accepted (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((name) => name.trim() !== ""),
        fc.option(fc.emailAddress(), { nil: null }),
        fc.option(fc.string({ minLength: 1 }), { nil: null }),
        (firstName, email, username) => {
          const command: Account.AccountCommand = { ...register, firstName, email, username, samlId: "gar-1" }
          const decided = spec.given([]).when(command).result()
          if (decided._tag !== "Success") throw new Error("expected a registration")
          const state = decided.success.reduce(Account.evolve, Account.decider.initialState)
          expect(state).toEqual({
            userId: "u1",
            firstName,
            lastName: "Martin",
            email,
            username,
            samlId: "gar-1",
            pixOrgaTermsOfServiceAccepted: false
          })
        }
      )
    )
  })
})

describe("Account decider: a username added by staff (§5.4.3)", () => {
  const add: Account.AccountCommand = {
    _tag: "AddUsername",
    userId: "u1",
    username: "lea.martin1403",
    actorId: "teacher",
    organizationId: "org",
    learnerId: "l1",
    occurredAt: at
  }
  const added = AccountEvent.UsernameAdded.make({
    userId: "u1",
    username: "lea.martin1403",
    actorId: "teacher",
    organizationId: "org",
    learnerId: "l1",
    occurredAt: at
  })

  it("adds a username to an account without one, and the account signs in with it", () => {
    spec.given([registered]).when(add).then([added])
    expect([registered, added].reduce(Account.evolve, Account.decider.initialState)).toMatchObject({
      email: "lea@x.fr",
      username: "lea.martin1403"
    })
  })

  it("refuses an account that has one (USERNAME_ALREADY_SET) and an unknown account (USER_NOT_FOUND)", () => {
    spec
      .given([registered, added])
      .when({ ...add, username: "lea.martin0000" })
      .thenFails("USERNAME_ALREADY_SET", { tag: "Conflict", meta: { username: "lea.martin1403" } })
    spec
      .given([])
      .when(add)
      .thenFails("USER_NOT_FOUND", { tag: "NotFound", meta: { userId: "u1" } })
  })
})
