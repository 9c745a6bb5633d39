/**
 * The library's front door: one `Orga` service offering every use case and query of Pix Orga over a store.
 *
 * Build it with `Orga.layer(config)` over an `EventStore` layer (see `Stores`) and the runtime inputs
 * (`Runtime.live` or `Runtime.deterministic()`). Every call names its actor; rights are the domain's
 * policies (§3.2); failures are typed values (`DomainError`, `SiecleImportFailed`, `EventStoreError`).
 * After a use case returns, every query sees its effect (read-your-writes).
 *
 * @since 0.1.0
 */
import type { DomainError, StoredEvent } from "@orga/domain"
import type { EventCodec, EventStore, EventStoreError } from "@orga/event-store"
import type { SiecleError } from "@orga/siecle"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import { Actor, Ids, type TargetProfile } from "./internal/Domain.ts"
import { make } from "./internal/make.ts"
import type * as Runtime from "./runtime/Runtime.ts"
import type * as Views from "./Views.ts"

/**
 * Who acts: nobody logged in (`{ _tag: "Anonymous" }`) or a user (`{ _tag: "User", userId }`).
 *
 * @since 0.1.0
 */
export type OrgaActor = Actor.Actor

/**
 * The actor for a logged-in user, from the session's user id. Throws on an id that is not an identifier (ids
 * come from the session, not from a request's body: a bad one is a programming error).
 *
 * @category constructors
 * @since 0.1.0
 */
export const user = (userId: string): OrgaActor => Actor.user(Ids.UserId.make(userId))

/**
 * Nobody logged in.
 *
 * @category constructors
 * @since 0.1.0
 */
export const anonymous: OrgaActor = Actor.anonymous

/**
 * Any failure of a use case or query.
 *
 * @since 0.1.0
 */
export type OrgaError = DomainError.DomainError | SiecleError.SiecleImportFailed | EventStoreError.EventStoreError

/**
 * How the library is set up.
 *
 * @since 0.1.0
 */
export interface Config {
  /** The target profiles offered to organizations (assessment campaigns use one). */
  readonly targetProfiles: ReadonlyArray<TargetProfile.TargetProfile>
  /** Users acting as Pix Admin (register organizations, invite their first admin). */
  readonly pixAdminIds: ReadonlyArray<string>
  /**
   * Stored shapes that changed and are not yet released in the domain's `StoredEvent.versions`: the current
   * version of each changed tag and the upcasters from the older versions (the log is read through them).
   */
  readonly storedShapes?:
    | {
        readonly versions?: { readonly [K in StoredEvent.StoredEvent["_tag"]]?: number } | undefined
        readonly upcasters?: ReadonlyArray<EventCodec.Upcaster> | undefined
      }
    | undefined
}

/**
 * Options of a use case that writes.
 *
 * @since 0.1.0
 */
export interface CommandOptions {
  /**
   * Identifies the command (an HTTP request's idempotency key): called again with the same id, the use case
   * appends nothing and answers as the first time.
   */
  readonly commandId?: string | undefined
}

/**
 * What the student typed to be recognised in the school's roster.
 *
 * @since 0.1.0
 */
export interface TypedIdentity {
  readonly firstName: string
  readonly lastName: string
  /** `YYYY-MM-DD`. */
  readonly birthdate: string
}

/**
 * The use cases and queries.
 *
 * @since 0.1.0
 */
export interface OrgaShape {
  // --- back office (Pix Admin) ---
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

  // --- accounts ---
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

  // --- team ---
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

  // --- SIECLE import ---
  readonly previewSiecleImport: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly fileName: string; readonly bytes: Uint8Array }
  ) => Effect.Effect<Views.ImportPreview, OrgaError>
  readonly importSiecleFile: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly fileName: string; readonly bytes: Uint8Array },
    options?: CommandOptions
  ) => Effect.Effect<Views.ImportOutcome, OrgaError>

  // --- campaigns ---
  readonly createCampaign: (
    actor: OrgaActor,
    input: {
      readonly organizationId: string
      readonly campaignId?: string
      readonly name: string
      readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
      readonly targetProfileId?: string | null
      readonly title?: string | null
      readonly externalIdLabel?: string | null
      readonly externalIdType?: "STRING" | "EMAIL" | null
      readonly customLandingPageText?: string | null
      readonly ownerId?: string
    },
    options?: CommandOptions
  ) => Effect.Effect<{ readonly campaignId: string; readonly code: string }, OrgaError>
  readonly updateCampaign: (
    actor: OrgaActor,
    input: {
      readonly campaignId: string
      readonly name: string
      readonly title?: string | null
      readonly customLandingPageText?: string | null
      readonly ownerId?: string
    },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly archiveCampaign: (
    actor: OrgaActor,
    input: { readonly campaignId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly unarchiveCampaign: (
    actor: OrgaActor,
    input: { readonly campaignId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>

  // --- students ---
  readonly joinCampaign: (
    actor: OrgaActor,
    input: TypedIdentity & { readonly code: string; readonly participantExternalId?: string | null },
    options?: CommandOptions
  ) => Effect.Effect<
    { readonly participationId: string; readonly learnerId: string; readonly campaignId: string },
    OrgaError
  >
  readonly recordAssessmentOutcome: (
    actor: OrgaActor,
    input: {
      readonly participationId: string
      readonly validatedSkillIds: ReadonlyArray<string>
      readonly testedSkillIds: ReadonlyArray<string>
    },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly shareResults: (
    actor: OrgaActor,
    input: { readonly participationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  readonly shareProfile: (
    actor: OrgaActor,
    input: { readonly participationId: string; readonly pixByCompetence: Readonly<Record<string, number>> },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>

  // --- queries ---
  readonly organization: (actor: OrgaActor, organizationId: string) => Effect.Effect<Views.OrganizationView, OrgaError>
  readonly members: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.MemberView>, OrgaError>
  readonly invitations: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.InvitationView>, OrgaError>
  readonly learners: (
    actor: OrgaActor,
    organizationId: string,
    filter?: {
      readonly divisions?: ReadonlyArray<string>
      readonly search?: string
      readonly includeDisabled?: boolean
    }
  ) => Effect.Effect<ReadonlyArray<Views.LearnerView>, OrgaError>
  readonly divisions: (actor: OrgaActor, organizationId: string) => Effect.Effect<ReadonlyArray<string>, OrgaError>
  readonly importHistory: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.ImportHistoryEntry>, OrgaError>
  readonly campaigns: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.CampaignSummary>, OrgaError>
  readonly campaignResults: (
    actor: OrgaActor,
    campaignId: string,
    filter?: { readonly divisions?: ReadonlyArray<string> }
  ) => Effect.Effect<Views.CampaignResults, OrgaError>
  readonly resultsByDivision: (
    actor: OrgaActor,
    campaignId: string
  ) => Effect.Effect<ReadonlyArray<Views.DivisionResult>, OrgaError>
  readonly certificability: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<Views.CertificabilityReport, OrgaError>
  readonly whyRefused: (
    actor: OrgaActor,
    organizationId: string,
    typed: TypedIdentity
  ) => Effect.Effect<Views.RefusalExplanation, OrgaError>
  readonly auditTrail: (
    actor: OrgaActor,
    organizationId: string,
    options?: { readonly limit?: number }
  ) => Effect.Effect<ReadonlyArray<Views.AuditEntry>, OrgaError>
  readonly exportResults: (
    actor: OrgaActor,
    campaignId: string,
    options?: { readonly divisions?: ReadonlyArray<string> }
  ) => Effect.Effect<Views.CsvExport, OrgaError>
  readonly exportResultsStream: (
    actor: OrgaActor,
    campaignId: string,
    options?: { readonly divisions?: ReadonlyArray<string> }
  ) => Stream.Stream<string, OrgaError>

  /** How the read models were rebuilt at start (events folded, milliseconds in all, milliseconds folding). */
  readonly rebuild: { readonly events: number; readonly millis: number; readonly foldMillis: number }
}

/**
 * The Orga service.
 *
 * @since 0.1.0
 */
export class Orga extends Context.Service<Orga, OrgaShape>()("@orga/orga/Orga") {}

/**
 * Builds the service over a store and the runtime inputs: read models are rebuilt from the log, then follow it
 * for the life of the layer.
 *
 * @since 0.1.0
 */
export const layer = (
  config: Config
): Layer.Layer<
  Orga,
  EventStoreError.EventStoreError,
  EventStore.EventStore | Runtime.Clock | Runtime.Ids | Runtime.Randomness
> => Layer.effect(Orga, make(config))
