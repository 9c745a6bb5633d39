/**
 * A campaign's state as the decider sees it (`campaign-<id>` streams), and the rules read from it: whether it
 * can be joined, who may manage it.
 *
 * @since 0.1.0
 */
import type * as CampaignCode from "../values/CampaignCode.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type * as CampaignCommand from "./CampaignCommand.ts"
import type * as CampaignEvent from "./CampaignEvent.ts"

/**
 * The stream of a campaign: `campaign-<id>`.
 *
 * @since 0.1.0
 */
export const streamName = (campaignId: string): string => `campaign-${campaignId}`

/**
 * A campaign as its stream tells it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Campaign {
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly code: CampaignCode.CampaignCode
  readonly type: CampaignEvent.CampaignType
  readonly name: string
  readonly title: string | null
  readonly targetProfileId: Ids.TargetProfileId | null
  readonly creatorId: Ids.UserId
  readonly ownerId: Ids.UserId
  readonly externalIdLabel: string | null
  readonly externalIdType: CampaignEvent.ExternalIdType | null
  readonly customLandingPageText: string | null
  readonly multipleSendings: boolean
  readonly createdAt: Timestamp.Timestamp
  readonly archivedAt: Timestamp.Timestamp | null
  readonly archivedBy: Ids.UserId | null
  readonly deletedAt: Timestamp.Timestamp | null
  readonly deletedBy: Ids.UserId | null
}

/**
 * The state of a campaign stream: `null` before creation.
 *
 * @category models
 * @since 0.1.0
 */
export type CampaignState = Campaign | null

/**
 * Before any event: no campaign.
 *
 * @since 0.1.0
 */
export const initial: CampaignState = null

/**
 * Whether a campaign can be joined and shared on: neither archived nor deleted.
 *
 * @category guards
 * @since 0.1.0
 */
export const isAccessible = (campaign: Campaign): boolean => campaign.archivedAt === null && campaign.deletedAt === null

/**
 * Whether the actor may manage the campaign: its owner, or an ADMIN of its organization
 * (Pix's `CampaignAuthorization.isAllowedToManage`).
 *
 * @category guards
 * @since 0.1.0
 */
export const canManage = (campaign: Campaign, actor: CampaignCommand.Actor): boolean =>
  actor.userId === campaign.ownerId || actor.role === "ADMIN"
