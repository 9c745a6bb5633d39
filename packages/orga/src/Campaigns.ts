/**
 * Campaigns: creation (a code of its own), update, archive and unarchive by the campaign's manager, and the list of an organization's campaigns.
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
export interface CampaignsShape {
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
      /**
       * Multiple sendings (§4.2): a participant may send his profile again, or retake an assessment once shared
       * (an assessment needs the organization's feature `MULTIPLE_SENDING_ASSESSMENT`). Off when absent.
       */
      readonly multipleSendings?: boolean
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
      /** Locked once the campaign has participations (`CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS`). */
      readonly multipleSendings?: boolean
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
  readonly campaigns: (
    actor: OrgaActor,
    organizationId: string
  ) => Effect.Effect<ReadonlyArray<Views.CampaignSummary>, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Campaigns extends Context.Service<Campaigns, CampaignsShape>()("@orga/orga/Campaigns") {}
