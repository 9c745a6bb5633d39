/**
 * Events of the participation streams: `participation-<campaignId>-<learnerId>` (or
 * `participation-<campaignId>-user-<userId>` where the participant has no learner). One stream holds every
 * participation of one participant in one campaign: the first, and the retakes of multiple sendings.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as CampaignEvent from "../campaign/CampaignEvent.ts"
import * as Ids from "../values/Ids.ts"
import * as PersonalData from "../values/PersonalData.ts"
import * as Timestamp from "../values/Timestamp.ts"

/**
 * The statuses of a participation: `STARTED` (assessment under way), `TO_SHARE`, `SHARED`.
 *
 * @since 0.1.0
 */
export const ParticipationStatus = Schema.Literals(["STARTED", "TO_SHARE", "SHARED"])

/**
 * A participation's status.
 *
 * @since 0.1.0
 */
export type ParticipationStatus = typeof ParticipationStatus.Type

/**
 * A participant started a campaign (`JoinCampaign`). An ASSESSMENT participation starts `STARTED`, a
 * PROFILES_COLLECTION one `TO_SHARE` (DECISIONS 5). `participantExternalId` is personal data (it is often a
 * name or an e-mail).
 *
 * @since 0.1.0
 */
export const ParticipationStarted = Schema.TaggedStruct("ParticipationStarted", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  organizationId: Ids.OrganizationId,
  campaignType: CampaignEvent.CampaignType,
  userId: Ids.UserId,
  participantExternalId: PersonalData.mark(Schema.NullOr(Schema.String)),
  status: ParticipationStatus,
  /** A retake of a shared participation (multiple sendings). */
  isRetry: Schema.Boolean,
  /** A retake that resets the participant's knowledge. */
  isReset: Schema.Boolean,
  occurredAt: Timestamp.Timestamp
})

/**
 * A participation was started.
 *
 * @since 0.1.0
 */
export type ParticipationStarted = typeof ParticipationStarted.Type

/**
 * A participation was linked to the organization learner it belongs to. Fixed tag.
 *
 * @since 0.1.0
 */
export const ParticipationLinked = Schema.TaggedStruct("ParticipationLinked", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  learnerId: Ids.LearnerId,
  userId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A participation was linked to its learner.
 *
 * @since 0.1.0
 */
export type ParticipationLinked = typeof ParticipationLinked.Type

/**
 * A shared participation was superseded by a retake (Pix's `isImproved`): lists show the latest one only.
 *
 * @since 0.1.0
 */
export const ParticipationImproved = Schema.TaggedStruct("ParticipationImproved", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  improvedBy: Ids.ParticipationId,
  occurredAt: Timestamp.Timestamp
})

/**
 * A participation was improved by a retake.
 *
 * @since 0.1.0
 */
export type ParticipationImproved = typeof ParticipationImproved.Type

/**
 * The assessment of an ASSESSMENT participation ended (DECISIONS 8: the test happens outside Orga); its
 * outcome is the target skills validated and tested. The participation is now `TO_SHARE`.
 *
 * @since 0.1.0
 */
export const AssessmentCompleted = Schema.TaggedStruct("AssessmentCompleted", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  validatedSkillIds: Schema.Array(Schema.String),
  testedSkillIds: Schema.Array(Schema.String),
  occurredAt: Timestamp.Timestamp
})

/**
 * An assessment was completed.
 *
 * @since 0.1.0
 */
export type AssessmentCompleted = typeof AssessmentCompleted.Type

/**
 * Validated and target skill counts of one competence or area.
 *
 * @since 0.1.0
 */
export const MasteryCount = Schema.Struct({
  id: Schema.String,
  validatedSkillsCount: Schema.Int,
  targetSkillsCount: Schema.Int
})

/**
 * Counts of one competence or area.
 *
 * @since 0.1.0
 */
export type MasteryCount = typeof MasteryCount.Type

/**
 * An ASSESSMENT participant shared his results (`ShareParticipation`): the mastery rate of the target profile,
 * and the counts per competence and per area, as they were at share time.
 *
 * @since 0.1.0
 */
export const ParticipationShared = Schema.TaggedStruct("ParticipationShared", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  validatedSkillsCount: Schema.Int,
  targetSkillsCount: Schema.Int,
  /** validated / target skills, between 0 and 1. */
  masteryRate: Schema.Finite,
  competences: Schema.Array(MasteryCount),
  areas: Schema.Array(MasteryCount),
  occurredAt: Timestamp.Timestamp
})

/**
 * Assessment results were shared.
 *
 * @since 0.1.0
 */
export type ParticipationShared = typeof ParticipationShared.Type

/**
 * The level and pix of one competence in a shared profile.
 *
 * @since 0.1.0
 */
export const CompetenceLevel = Schema.Struct({
  competenceId: Schema.String,
  pixScore: Schema.Int,
  level: Schema.Int
})

/**
 * One competence of a profile.
 *
 * @since 0.1.0
 */
export type CompetenceLevel = typeof CompetenceLevel.Type

/**
 * A PROFILES_COLLECTION participant shared his Pix profile (`ShareProfile`): pix and level of the 16
 * competences (capped), the total, whether he is certifiable and how many competences count towards it.
 * Fixed tag.
 *
 * @since 0.1.0
 */
export const ProfileShared = Schema.TaggedStruct("ProfileShared", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  competences: Schema.Array(CompetenceLevel),
  pixScore: Schema.Int,
  /** pixScore / 640 (the most a profile is worth today). */
  masteryRate: Schema.Finite,
  isCertifiable: Schema.Boolean,
  certifiableCompetencesCount: Schema.Int,
  occurredAt: Timestamp.Timestamp
})

/**
 * A profile was shared.
 *
 * @since 0.1.0
 */
export type ProfileShared = typeof ProfileShared.Type

/**
 * Why a participation was deleted.
 *
 * @since 0.1.0
 */
export const DeletionReason = Schema.Literals(["PARTICIPATION_DELETED", "CAMPAIGN_DELETED"])

/**
 * A deletion reason.
 *
 * @since 0.1.0
 */
export type DeletionReason = typeof DeletionReason.Type

/**
 * A participation was deleted (by the campaign's owner or an admin, or because its campaign was deleted).
 * Read models anonymise it from then on: no user, no external id.
 *
 * @since 0.1.0
 */
export const ParticipationDeleted = Schema.TaggedStruct("ParticipationDeleted", {
  participationId: Ids.ParticipationId,
  campaignId: Ids.CampaignId,
  deletedBy: Ids.UserId,
  reason: DeletionReason,
  occurredAt: Timestamp.Timestamp
})

/**
 * A participation was deleted.
 *
 * @since 0.1.0
 */
export type ParticipationDeleted = typeof ParticipationDeleted.Type

/**
 * Every event of a participation stream.
 *
 * @since 0.1.0
 */
export const ParticipationEvent = Schema.Union([
  ParticipationStarted,
  ParticipationLinked,
  ParticipationImproved,
  AssessmentCompleted,
  ParticipationShared,
  ProfileShared,
  ParticipationDeleted
])

/**
 * An event of a participation stream.
 *
 * @since 0.1.0
 */
export type ParticipationEvent = typeof ParticipationEvent.Type

/**
 * The tags of every participation event.
 *
 * @since 0.1.0
 */
export const tags = [
  "ParticipationStarted",
  "ParticipationLinked",
  "ParticipationImproved",
  "AssessmentCompleted",
  "ParticipationShared",
  "ProfileShared",
  "ParticipationDeleted"
] as const
