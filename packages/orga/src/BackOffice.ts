/**
 * Pix Admin's back office: registering an organization and inviting its first admin (an organization starts with no member); and how the read models were rebuilt at start.
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
export interface BackOfficeShape {
  readonly registerOrganization: (
    actor: OrgaActor,
    input: {
      readonly organizationId?: string
      readonly name: string
      readonly type: "SCO" | "SUP" | "PRO"
      readonly uai: string | null
      readonly isManagingStudents: boolean
      readonly contactEmail?: string | null
      readonly identityProviderForCampaigns?: "GAR" | null
    },
    options?: CommandOptions
  ) => Effect.Effect<{ readonly organizationId: string }, OrgaError>
  readonly inviteFirstAdmin: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly email: string },
    options?: CommandOptions
  ) => Effect.Effect<Views.SentInvitation, OrgaError>
  /** How the read models were rebuilt at start (events folded, milliseconds in all, milliseconds folding). */
  readonly rebuild: { readonly events: number; readonly millis: number; readonly foldMillis: number }
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class BackOffice extends Context.Service<BackOffice, BackOfficeShape>()("@orga/orga/BackOffice") {}
