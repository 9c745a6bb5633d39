/**
 * Builders for campaign tests: commands with readable defaults (campaign `c1` of `org1`, created by `u1` on
 * target profile `tp1`), overridable field by field, and actors.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as CampaignCommand from "../campaign/CampaignCommand.ts"
import * as CampaignCode from "../values/CampaignCode.ts"
import * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"

/** @since 0.1.0 */
export const campaignId = (id = "c1") => Schema.decodeSync(Ids.CampaignId)(id)
/** @since 0.1.0 */
export const organizationId = (id = "org1") => Schema.decodeSync(Ids.OrganizationId)(id)
/** @since 0.1.0 */
export const userId = (id = "u1") => Schema.decodeSync(Ids.UserId)(id)
/** @since 0.1.0 */
export const targetProfileId = (id = "tp1") => Schema.decodeSync(Ids.TargetProfileId)(id)
/** @since 0.1.0 */
export const campaignCode = (code = "ABCDEF234") => Schema.decodeSync(CampaignCode.CampaignCode)(code)
/** @since 0.1.0 */
export const timestamp = (iso = "2026-11-28T10:00:00.000Z") => Schema.decodeSync(Timestamp.Timestamp)(iso)

/**
 * A user acting with a role in the campaign's organization (`null`: no membership there).
 *
 * @since 0.1.0
 */
export const anActor = (user: string, role: "ADMIN" | "MEMBER" | null): CampaignCommand.Actor => ({
  userId: userId(user),
  role
})

/**
 * A valid `CreateCampaign`: an assessment "Rentrée 2026" on `tp1` by `u1`, a member who owns it, in an
 * organization offered `tp1` and without multiple sendings.
 *
 * @since 0.1.0
 */
export const aCampaignCreation = (
  overrides: Partial<CampaignCommand.CreateCampaign> = {}
): CampaignCommand.CreateCampaign => ({
  _tag: "CreateCampaign",
  campaignId: campaignId(),
  organizationId: organizationId(),
  code: "ABCDEF234",
  type: "ASSESSMENT",
  name: "Rentrée 2026",
  targetProfileId: targetProfileId(),
  creatorId: userId(),
  ownerId: userId(),
  creatorIsMember: true,
  ownerIsMember: true,
  availableTargetProfileIds: [targetProfileId()],
  multipleSendingAssessmentEnabled: false,
  now: timestamp(),
  ...overrides
})

/**
 * An `UpdateCampaign` renaming `c1` "Nouveau nom", the owner a member, no participation yet.
 *
 * @since 0.1.0
 */
export const aCampaignUpdate = (
  actor: CampaignCommand.Actor,
  overrides: Partial<CampaignCommand.UpdateCampaign> = {}
): CampaignCommand.UpdateCampaign => ({
  _tag: "UpdateCampaign",
  campaignId: campaignId(),
  actor,
  name: "Nouveau nom",
  ownerIsMember: true,
  hasParticipations: false,
  now: timestamp(),
  ...overrides
})

/**
 * An `ArchiveCampaign` of `c1`.
 *
 * @since 0.1.0
 */
export const anArchiving = (
  actor: CampaignCommand.Actor,
  overrides: Partial<CampaignCommand.ArchiveCampaign> = {}
): CampaignCommand.ArchiveCampaign => ({
  _tag: "ArchiveCampaign",
  campaignId: campaignId(),
  actor,
  now: timestamp(),
  ...overrides
})

/**
 * An `UnarchiveCampaign` of `c1`.
 *
 * @since 0.1.0
 */
export const anUnarchiving = (
  actor: CampaignCommand.Actor,
  overrides: Partial<CampaignCommand.UnarchiveCampaign> = {}
): CampaignCommand.UnarchiveCampaign => ({
  _tag: "UnarchiveCampaign",
  campaignId: campaignId(),
  actor,
  now: timestamp(),
  ...overrides
})

/**
 * A `DeleteCampaign` of `c1` in `org1`.
 *
 * @since 0.1.0
 */
export const aCampaignDeletion = (
  actor: CampaignCommand.Actor,
  overrides: Partial<CampaignCommand.DeleteCampaign> = {}
): CampaignCommand.DeleteCampaign => ({
  _tag: "DeleteCampaign",
  campaignId: campaignId(),
  organizationId: organizationId(),
  actor,
  now: timestamp(),
  ...overrides
})

/**
 * A `ReserveCampaignCode` of `ABCDEF234` for `c1`.
 *
 * @since 0.1.0
 */
export const aCodeReservation = (
  overrides: Partial<CampaignCommand.ReserveCampaignCode> = {}
): CampaignCommand.ReserveCampaignCode => ({
  _tag: "ReserveCampaignCode",
  code: "ABCDEF234",
  campaignId: campaignId(),
  now: timestamp(),
  ...overrides
})
