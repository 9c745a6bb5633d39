/**
 * Pix Admin's back office: registering an organization and inviting its first admin (an organization starts with no member), its features (multiple sendings of assessments, ...), the target profile catalogue (created once, attached to organizations); and how the read models were rebuilt at start.
 *
 * One of the front door's services: `Orga.layer(config)` provides it with the others over one set of read models
 * and one write path; an app takes the services it uses.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { TargetProfileDefinition } from "./internal/Domain.ts"
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
  readonly rebuild: {
    readonly events: number
    readonly millis: number
    readonly foldMillis: number
    /** The position of the snapshot the start loaded (docs/adr/0056-read-model-snapshots.md); none: a full replay. */
    readonly snapshotPosition?: bigint | null | undefined
  }
  /** Pix Admin turns a feature of an organization on or off (setting it as it is records nothing). */
  readonly setOrganizationFeature: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly feature: Views.OrganizationFeature; readonly enabled: boolean },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  /** The features on for an organization (its members or Pix Admin). */
  readonly organizationFeatures: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.OrganizationFeature>, OrgaError>
  /**
   * Pix Admin adds a target profile to the catalogue from its definition (`TargetProfileDefinition`: tubes
   * capped at a level, stages, badges); refused with every problem when it breaks a rule (`INVALID_TARGET_PROFILE`).
   */
  readonly createTargetProfile: (
    actor: OrgaActor,
    input: { readonly definition: TargetProfileDefinition.Definition },
    options?: CommandOptions
  ) => Effect.Effect<{ readonly targetProfileId: string }, OrgaError>
  /** Pix Admin offers a profile of the catalogue to an organization (attaching it again records nothing). */
  readonly attachTargetProfile: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly targetProfileId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  /** Pix Admin withdraws a profile from an organization: no new campaign may use it. */
  readonly detachTargetProfile: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly targetProfileId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  /** The profiles an organization's campaigns may use: the configured ones, then those attached to it. */
  readonly availableTargetProfiles: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.TargetProfileView>, OrgaError>
  /**
   * Archives an organization as Pix does: its pending invitations cancelled, its memberships ended, its open
   * campaigns archived; nobody joins it or is invited to it afterwards (`ORGANIZATION_ARCHIVED`).
   */
  readonly archiveOrganization: (
    actor: OrgaActor,
    input: { readonly organizationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  /** Every organization, sorted by name; filtered by a part of the name or UAI, a type, archived or not. */
  readonly organizationsForAdmin: (
    actor: OrgaActor,
    filter?: {
      readonly name?: string | undefined
      readonly uai?: string | undefined
      readonly type?: "SCO" | "SUP" | "PRO" | undefined
      readonly archived?: boolean | undefined
    }
  ) => Effect.Effect<ReadonlyArray<Views.OrganizationForAdmin>, OrgaError>
  /** One organization's sheet: registration, team, campaigns, learners and places. */
  readonly organizationForAdmin: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<Views.OrganizationDetailsForAdmin, OrgaError>
  /** Records a lot of places (Pix Admin's form: count, category T0–T3, reference, activation and expiry dates). */
  readonly addPlacesLot: (
    actor: OrgaActor,
    input: {
      readonly organizationId: string
      readonly lotId?: string
      readonly count: number
      readonly category: string
      readonly reference: string
      readonly activationDate: string
      readonly expirationDate: string
    },
    options?: CommandOptions
  ) => Effect.Effect<{ readonly lotId: string }, OrgaError>
  /** Deletes a lot of places: it no longer counts. */
  readonly deletePlacesLot: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly lotId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
  /** Switches the maximum on or off: on, newcomers are refused when full (`MAXIMUM_PLACES_REACHED`). */
  readonly setPlacesLimit: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly enabled: boolean },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class BackOffice extends Context.Service<BackOffice, BackOfficeShape>()("@orga/orga/BackOffice") {}
