/**
 * Commands of a participation stream (§5, §7). Commands bring the time (`now`), fresh ids and the facts
 * of other streams the rules need: the campaign to join, the user's learner, the target profile, read by the
 * use case. Fields people type (the external id, a profile's pix) arrive raw and are judged by the decider.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as CampaignCommand from "../campaign/CampaignCommand.ts"
import * as CampaignEvent from "../campaign/CampaignEvent.ts"
import * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"
import { DeletionReason } from "./ParticipationEvent.ts"

/**
 * What joining needs to know of the campaign (a fact of the campaign's and the organization's streams).
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignToJoin = Schema.Struct({
  campaignId: Ids.CampaignId,
  organizationId: Ids.OrganizationId,
  type: CampaignEvent.CampaignType,
  isArchived: Schema.Boolean,
  isDeleted: Schema.Boolean,
  /** The organization manages its students (or imports learners): only its learners may join (§5.3). */
  isRestricted: Schema.Boolean,
  multipleSendings: Schema.Boolean,
  externalIdLabel: Schema.NullOr(Schema.String),
  /** How many skills the target profile has (0 for a profiles collection). */
  targetSkillsCount: Schema.Number,
  /** The target profile lets a participant reset his knowledge to retake. */
  targetProfileResettable: Schema.Boolean
})
/** @since 0.1.0 */
export type CampaignToJoin = typeof CampaignToJoin.Type

/**
 * The user's learner in the campaign's organization (a fact of the roster).
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnerToJoin = Schema.Struct({
  learnerId: Ids.LearnerId,
  isDisabled: Schema.Boolean
})
/** @since 0.1.0 */
export type LearnerToJoin = typeof LearnerToJoin.Type

/**
 * Whether the campaign is archived or deleted, at share time.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CampaignAccess = Schema.Struct({
  isArchived: Schema.Boolean,
  isDeleted: Schema.Boolean
})
/** @since 0.1.0 */
export type CampaignAccess = typeof CampaignAccess.Type

/**
 * A target profile and its skills, as the referential gives it (`TargetProfile.TargetProfile`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const TargetProfile = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  skills: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      name: Schema.String,
      tube: Schema.String,
      difficulty: Schema.Number,
      competenceId: Schema.String
    })
  ),
  areKnowledgeElementsResettable: Schema.Boolean
})

/**
 * Join a campaign (start a participation).
 *
 * @category schemas
 * @since 0.1.0
 */
export const JoinCampaign = Schema.TaggedStruct("JoinCampaign", {
  participationId: Ids.ParticipationId,
  userId: Ids.UserId,
  campaign: CampaignToJoin,
  /** The user's learner in the campaign's organization, if any. */
  learner: Schema.NullOr(LearnerToJoin),
  participantExternalId: Schema.optional(Schema.NullOr(Schema.String)),
  isReset: Schema.optional(Schema.Boolean),
  /** The organization has places management and no place is left. */
  placesLimitReached: Schema.optional(Schema.Boolean),
  /** Days to wait after sharing before a reset (a setting, 4 by default). */
  daysBeforeRetrying: Schema.optional(Schema.Number),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type JoinCampaign = typeof JoinCampaign.Type

/**
 * Link a participation started without a learner (an open campaign) to the learner the participant got
 * since (e.g. after reconciliation).
 *
 * @category schemas
 * @since 0.1.0
 */
export const LinkParticipation = Schema.TaggedStruct("LinkParticipation", {
  participationId: Ids.ParticipationId,
  learnerId: Ids.LearnerId,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type LinkParticipation = typeof LinkParticipation.Type

/**
 * Record the outcome of the assessment of the current participation (DECISIONS 8).
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecordAssessmentOutcome = Schema.TaggedStruct("RecordAssessmentOutcome", {
  participationId: Ids.ParticipationId,
  targetProfile: TargetProfile,
  validatedSkillIds: Schema.Array(Schema.String),
  testedSkillIds: Schema.Array(Schema.String),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type RecordAssessmentOutcome = typeof RecordAssessmentOutcome.Type

/**
 * Share the results of an ASSESSMENT participation.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ShareParticipation = Schema.TaggedStruct("ShareParticipation", {
  participationId: Ids.ParticipationId,
  userId: Ids.UserId,
  campaign: CampaignAccess,
  targetProfile: TargetProfile,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ShareParticipation = typeof ShareParticipation.Type

/**
 * The pix of one competence in a shared profile.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CompetencePix = Schema.Struct({ competenceId: Schema.String, pixScore: Schema.Number })
/** @since 0.1.0 */
export type CompetencePix = typeof CompetencePix.Type

/**
 * Share the Pix profile of a PROFILES_COLLECTION participation: the pix of each competence at share time
 * (missing competences count 0 pix).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ShareProfile = Schema.TaggedStruct("ShareProfile", {
  participationId: Ids.ParticipationId,
  userId: Ids.UserId,
  campaign: CampaignAccess,
  profile: Schema.Array(CompetencePix),
  levelSettings: Schema.optional(Schema.Struct({ maxReachableLevel: Schema.Number, pixPerLevel: Schema.Number })),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ShareProfile = typeof ShareProfile.Type

/**
 * Delete every live participation of the stream: by the campaign's owner or an admin
 * (`PARTICIPATION_DELETED`), or because the campaign was deleted (`CAMPAIGN_DELETED`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const DeleteParticipations = Schema.TaggedStruct("DeleteParticipations", {
  actor: CampaignCommand.Actor,
  campaignOwnerId: Ids.UserId,
  reason: DeletionReason,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type DeleteParticipations = typeof DeleteParticipations.Type

/**
 * Any command of the participation decider.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ParticipationCommand = Schema.Union([
  JoinCampaign,
  LinkParticipation,
  RecordAssessmentOutcome,
  ShareParticipation,
  ShareProfile,
  DeleteParticipations
])
/** @since 0.1.0 */
export type ParticipationCommand = typeof ParticipationCommand.Type
