/**
 * Commands of a campaign (§4). Commands bring everything the domain must not draw or read itself: the time
 * (`now`), the drawn code, and the facts of other streams the rules need (memberships, the target
 * profiles offered to the organization, whether the campaign has participations), read by the use case.
 * Fields people type arrive raw and are validated by the decider, so that a bad one gets Pix's code.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Ids from "../values/Ids.ts"
import * as Role from "../values/Role.ts"
import * as Timestamp from "../values/Timestamp.ts"

/**
 * Who acts on a campaign: the user and his role in the campaign's organization (`null` when he has no active
 * membership there).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Actor = Schema.Struct({
  userId: Ids.UserId,
  role: Schema.NullOr(Role.Role)
})
/** @since 0.1.0 */
export type Actor = typeof Actor.Type

// A field of the creation form: absent, null or any text (the decider reports Pix's code for a bad one).
const typed = Schema.optional(Schema.NullOr(Schema.String))

/**
 * Create a campaign. `code` was drawn with `CampaignCodeGenerator.generate` and is reserved beside it on
 * `campaign-code-<CODE>`. Missing ids are `null`: creation reports them with Pix's codes
 * (`MISSING_ORGANIZATION`, ...). The last four fields are facts the use case read from the organization's
 * stream and the referential.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CreateCampaign = Schema.TaggedStruct("CreateCampaign", {
  campaignId: Ids.CampaignId,
  organizationId: Schema.NullOr(Ids.OrganizationId),
  /** A code as drawn or typed; checked against `^[A-Z0-9]{9}$`. */
  code: Schema.String,
  creatorId: Schema.NullOr(Ids.UserId),
  ownerId: Schema.NullOr(Ids.UserId),
  name: typed,
  type: typed,
  title: typed,
  targetProfileId: Schema.optional(Schema.NullOr(Ids.TargetProfileId)),
  externalIdLabel: typed,
  externalIdType: typed,
  customLandingPageText: typed,
  customResultPageText: typed,
  customResultPageButtonText: typed,
  customResultPageButtonUrl: typed,
  multipleSendings: Schema.optional(Schema.Boolean),
  /** Whether the creator is an active member of the organization. */
  creatorIsMember: Schema.Boolean,
  /** Whether the owner is an active member of the organization. */
  ownerIsMember: Schema.Boolean,
  /** The target profiles offered to the organization. */
  availableTargetProfileIds: Schema.Array(Ids.TargetProfileId),
  /** Whether the organization has the feature `MULTIPLE_SENDING_ASSESSMENT`. */
  multipleSendingAssessmentEnabled: Schema.Boolean,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type CreateCampaign = typeof CreateCampaign.Type

/**
 * Update a campaign's editable fields (§4.4): name, title, landing page text, owner, multiple sendings. An
 * absent field keeps its value. The last two fields are facts the use case read.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UpdateCampaign = Schema.TaggedStruct("UpdateCampaign", {
  campaignId: Ids.CampaignId,
  actor: Actor,
  name: Schema.String,
  title: typed,
  customLandingPageText: typed,
  ownerId: Schema.optional(Ids.UserId),
  multipleSendings: Schema.optional(Schema.Boolean),
  /** Whether the (new) owner is an active member of the organization. */
  ownerIsMember: Schema.Boolean,
  /** Whether the campaign already has participations. */
  hasParticipations: Schema.Boolean,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type UpdateCampaign = typeof UpdateCampaign.Type

/**
 * Archive a campaign.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ArchiveCampaign = Schema.TaggedStruct("ArchiveCampaign", {
  campaignId: Ids.CampaignId,
  actor: Actor,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ArchiveCampaign = typeof ArchiveCampaign.Type

/**
 * Unarchive a campaign.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UnarchiveCampaign = Schema.TaggedStruct("UnarchiveCampaign", {
  campaignId: Ids.CampaignId,
  actor: Actor,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type UnarchiveCampaign = typeof UnarchiveCampaign.Type

/**
 * Delete a campaign of an organization (one of a batch: the use case appends every campaign's event in one
 * call, so the batch is all-or-nothing).
 *
 * @category schemas
 * @since 0.1.0
 */
export const DeleteCampaign = Schema.TaggedStruct("DeleteCampaign", {
  campaignId: Ids.CampaignId,
  organizationId: Ids.OrganizationId,
  actor: Actor,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type DeleteCampaign = typeof DeleteCampaign.Type

/**
 * Any command of the campaign decider.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignCommand = Schema.Union([
  CreateCampaign,
  UpdateCampaign,
  ArchiveCampaign,
  UnarchiveCampaign,
  DeleteCampaign
])
/** @since 0.1.0 */
export type CampaignCommand = typeof CampaignCommand.Type

/**
 * Reserve a code for a campaign (the `campaign-code-<CODE>` stream's one command).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ReserveCampaignCode = Schema.TaggedStruct("ReserveCampaignCode", {
  code: Schema.String,
  campaignId: Ids.CampaignId,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ReserveCampaignCode = typeof ReserveCampaignCode.Type
