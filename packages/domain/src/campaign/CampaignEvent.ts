/**
 * Events of the campaign streams: `campaign-<id>` (the campaign's life) and `campaign-code-<CODE>` (the
 * reservation that keeps a code to one campaign). No personal data: campaigns are the staff's work, not the
 * learners'.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as CampaignCode from "../values/CampaignCode.ts"
import * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"

/**
 * The two kinds of campaign.
 *
 * @since 0.1.0
 */
export const CampaignType = Schema.Literals(["ASSESSMENT", "PROFILES_COLLECTION"])

/**
 * `ASSESSMENT` (a test against a target profile) or `PROFILES_COLLECTION` (collecting Pix profiles).
 *
 * @since 0.1.0
 */
export type CampaignType = typeof CampaignType.Type

/**
 * The kind of external id a campaign asks for (Pix's `idPixType`).
 *
 * @since 0.1.0
 */
export const ExternalIdType = Schema.Literals(["STRING", "EMAIL"])

/**
 * `STRING` or `EMAIL`.
 *
 * @since 0.1.0
 */
export type ExternalIdType = typeof ExternalIdType.Type

const NullableString = Schema.NullOr(Schema.String)

/**
 * A campaign was created (decided on `campaign-<id>` by `CreateCampaign`). Fixed tag.
 *
 * @since 0.1.0
 */
export const CampaignCreated = Schema.TaggedStruct("CampaignCreated", {
  campaignId: Ids.CampaignId,
  organizationId: Ids.OrganizationId,
  code: CampaignCode.CampaignCode,
  type: CampaignType,
  name: Schema.String,
  title: NullableString,
  targetProfileId: Schema.NullOr(Ids.TargetProfileId),
  creatorId: Ids.UserId,
  ownerId: Ids.UserId,
  /** Label of the external id asked of participants ("idPixLabel"), null when none is asked. */
  externalIdLabel: NullableString,
  externalIdType: Schema.NullOr(ExternalIdType),
  customLandingPageText: NullableString,
  customResultPageText: NullableString,
  customResultPageButtonText: NullableString,
  customResultPageButtonUrl: NullableString,
  multipleSendings: Schema.Boolean,
  occurredAt: Timestamp.Timestamp
})

/**
 * A campaign was created.
 *
 * @since 0.1.0
 */
export type CampaignCreated = typeof CampaignCreated.Type

/**
 * A campaign's editable fields were changed by its owner or an admin (`UpdateCampaign`); the event carries the
 * new values of every editable field.
 *
 * @since 0.1.0
 */
export const CampaignUpdated = Schema.TaggedStruct("CampaignUpdated", {
  campaignId: Ids.CampaignId,
  name: Schema.String,
  title: NullableString,
  customLandingPageText: NullableString,
  ownerId: Ids.UserId,
  multipleSendings: Schema.Boolean,
  updatedBy: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A campaign was updated.
 *
 * @since 0.1.0
 */
export type CampaignUpdated = typeof CampaignUpdated.Type

/**
 * A campaign was archived (`ArchiveCampaign`): it can no longer be joined nor shared on.
 *
 * @since 0.1.0
 */
export const CampaignArchived = Schema.TaggedStruct("CampaignArchived", {
  campaignId: Ids.CampaignId,
  archivedBy: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A campaign was archived.
 *
 * @since 0.1.0
 */
export type CampaignArchived = typeof CampaignArchived.Type

/**
 * An archived campaign was brought back (`UnarchiveCampaign`).
 *
 * @since 0.1.0
 */
export const CampaignUnarchived = Schema.TaggedStruct("CampaignUnarchived", {
  campaignId: Ids.CampaignId,
  unarchivedBy: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A campaign was unarchived.
 *
 * @since 0.1.0
 */
export type CampaignUnarchived = typeof CampaignUnarchived.Type

/**
 * A campaign was deleted (`DeleteCampaign`, soft and irreversible); its participations are then deleted and
 * anonymised on their own streams (`ParticipationDeleted`).
 *
 * @since 0.1.0
 */
export const CampaignDeleted = Schema.TaggedStruct("CampaignDeleted", {
  campaignId: Ids.CampaignId,
  organizationId: Ids.OrganizationId,
  deletedBy: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A campaign was deleted.
 *
 * @since 0.1.0
 */
export type CampaignDeleted = typeof CampaignDeleted.Type

/**
 * A code was reserved for a campaign, on `campaign-code-<CODE>` appended with expected version `noStream`,
 * so one code never belongs to two campaigns, even under concurrent creations.
 *
 * @since 0.1.0
 */
export const CampaignCodeReserved = Schema.TaggedStruct("CampaignCodeReserved", {
  code: CampaignCode.CampaignCode,
  campaignId: Ids.CampaignId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A campaign code was reserved.
 *
 * @since 0.1.0
 */
export type CampaignCodeReserved = typeof CampaignCodeReserved.Type

/**
 * Every event of a `campaign-<id>` stream.
 *
 * @since 0.1.0
 */
export const CampaignEvent = Schema.Union([
  CampaignCreated,
  CampaignUpdated,
  CampaignArchived,
  CampaignUnarchived,
  CampaignDeleted
])

/**
 * An event of a `campaign-<id>` stream.
 *
 * @since 0.1.0
 */
export type CampaignEvent = typeof CampaignEvent.Type

/**
 * Every event of a `campaign-code-<CODE>` stream.
 *
 * @since 0.1.0
 */
export const CampaignCodeEvent = CampaignCodeReserved

/**
 * An event of a `campaign-code-<CODE>` stream.
 *
 * @since 0.1.0
 */
export type CampaignCodeEvent = CampaignCodeReserved

/**
 * The tags of every campaign event, for catalogues and golden files.
 *
 * @since 0.1.0
 */
export const tags = [
  "CampaignCreated",
  "CampaignUpdated",
  "CampaignArchived",
  "CampaignUnarchived",
  "CampaignDeleted",
  "CampaignCodeReserved"
] as const
