/**
 * Accounts: a user registers (each login reserved on its own stream), accepts Pix Orga's terms, and logs into Orga.
 *
 * One of the front door's services: `Orga.layer(config)` provides it with the others over one set of read models
 * and one write path; an app takes the services it uses.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { CommandOptions, OrgaActor, OrgaError } from "./Orga.ts"
import type * as Views from "./Views.ts"

/**
 * The use cases and queries of this service.
 *
 * @category models
 * @since 0.1.0
 */
export interface AccountsShape {
  readonly registerUser: (
    input: {
      readonly userId?: string
      readonly firstName: string
      readonly lastName: string
      readonly email?: string | null
      readonly username?: string | null
      readonly samlId?: string | null
    },
    options?: CommandOptions
  ) => Effect.Effect<{ readonly userId: string }, OrgaError>
  readonly acceptPixOrgaTerms: (actor: OrgaActor, options?: CommandOptions) => Effect.Effect<void, OrgaError>
  readonly logIntoOrga: (actor: OrgaActor) => Effect.Effect<ReadonlyArray<Views.OrganizationView>, OrgaError>
  /** The account of a user, or null (for an app's own session checks: no actor, nothing secret in it). */
  readonly account: (userId: string) => Effect.Effect<Views.AccountView | null, OrgaError>
  /** The account an e-mail or username (any case) was reserved for, or null: how an app resolves a sign-in. */
  readonly accountByLogin: (login: string) => Effect.Effect<Views.AccountView | null, OrgaError>
  /**
   * The account a learner of the organization is linked to, or null; members only (staff reset a student's
   * password, §5.4.3).
   */
  readonly learnerAccount: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly learnerId: string }
  ) => Effect.Effect<Views.AccountView | null, OrgaError>
  /**
   * Adds a username (`prenom.nom` + DDMM of the learner's birthdate, 4 random digits when taken; §5.4.3) to the
   * account a learner of the organization is linked to, when it has none; members of the organization only. The
   * student then signs in with it and his password.
   */
  readonly addUsername: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly learnerId: string },
    options?: CommandOptions
  ) => Effect.Effect<{ readonly userId: string; readonly username: string }, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Accounts extends Context.Service<Accounts, AccountsShape>()("@orga/orga/Accounts") {}
