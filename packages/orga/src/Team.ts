/**
 * An organization and its team: invitations, roles, members leaving or removed, the collection deadline, and what members see of the organization.
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
export interface TeamShape {
  readonly inviteMembers: (
    actor: OrgaActor,
    input: {
      readonly organizationId: string
      readonly emails: ReadonlyArray<string>
      readonly role: "ADMIN" | "MEMBER" | null
    },
    options?: CommandOptions
  ) => Effect.Effect<ReadonlyArray<Views.SentInvitation>, OrgaError>
  readonly resendInvitation: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly invitationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly cancelInvitation: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly invitationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly acceptInvitation: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly invitationId: string; readonly code: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly changeMemberRole: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly userId: string; readonly role: "ADMIN" | "MEMBER" },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly removeMember: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly userId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly leaveOrganization: (
    actor: OrgaActor,
    input: { readonly organizationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly setCollectionDeadline: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly schoolYear: string; readonly deadline: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly organization: (actor: OrgaActor, organizationId: string) => Effect.Effect<Views.OrganizationView, OrgaError>
  readonly members: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.MemberView>, OrgaError>
  readonly invitations: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.InvitationView>, OrgaError>
  /** The organization's places today (its members and Pix Admin): capacity, places used, lots. */
  readonly places: (actor: OrgaActor, organizationId: string) => Effect.Effect<Views.PlacesView, OrgaError>
  /**
   * A school's staff asks for the administrator invitation of its UAI (SCO self-service, no login needed): an ADMIN
   * invitation is sent to the school's contact mailbox, never to who asked (Pix's `send-sco-invitation`).
   */
  readonly sendScoInvitation: (
    actor: OrgaActor,
    input: { readonly uai: string; readonly firstName: string; readonly lastName: string },
    options?: CommandOptions
  ) => Effect.Effect<Views.ScoInvitationSent, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Team extends Context.Service<Team, TeamShape>()("@orga/orga/Team") {}
