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
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Accounts extends Context.Service<Accounts, AccountsShape>()("@orga/orga/Accounts") {}
