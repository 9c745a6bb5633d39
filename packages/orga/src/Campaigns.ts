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
    organizationId: string,
    filter?: CampaignsFilter
  ) => Effect.Effect<ReadonlyArray<Views.CampaignSummary>, OrgaError>
  /**
   * Deletes campaigns of the organization in one batch (an admin, or the owner of every one of them; §4.4): soft,
   * all-or-nothing, and every participation of those campaigns is deleted with them (anonymised).
   */
  readonly deleteCampaigns: (
    actor: OrgaActor,
    input: { readonly organizationId: string; readonly campaignIds: ReadonlyArray<string> },
    options?: CommandOptions
  ) => Effect.Effect<Views.CampaignsDeleted, OrgaError>
  /**
   * Deletes a participant's participations in a campaign (the campaign's owner or an admin; every participation
   * of the same participant in the campaign, as Pix does), anonymised.
   */
  readonly deleteParticipation: (
    actor: OrgaActor,
    input: { readonly campaignId: string; readonly participationId: string },
    options?: CommandOptions
  ) => Effect.Effect<void, OrgaError>
}

/**
 * The filters of the campaign list (§6.1): the "Mes campagnes" tab (`mine`), active or archived campaigns, an
 * owner (by id, or by a part of his name) and a part of the campaign's name. Absent filters keep every live
 * campaign.
 *
 * @category models
 * @since 0.1.0
 */
export interface CampaignsFilter {
  /** Only the actor's own campaigns (he owns them). */
  readonly mine?: boolean | undefined
  /** `active`: not archived; `archived`: archived ("Archivées"). */
  readonly status?: "active" | "archived" | undefined
  readonly ownerId?: string | undefined
  /** A part of the owner's first and last names, accents and case aside. */
  readonly ownerName?: string | undefined
  /** A part of the campaign's name, accents and case aside. */
  readonly name?: string | undefined
}

/**
 * The service.
 *
 * @category services
 * @since 0.1.0
 */
export class Campaigns extends Context.Service<Campaigns, CampaignsShape>()("@orga/orga/Campaigns") {}
