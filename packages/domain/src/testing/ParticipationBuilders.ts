/**
 * Builders for participation tests: commands with readable defaults (user `u1`, learner `l1` of `org1`,
 * participation `p1` in the restricted assessment campaign `c1` of four skills), overridable field by field.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as CampaignCommand from "../campaign/CampaignCommand.ts"
import type * as Command from "../participation/ParticipationCommand.ts"
import * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"
import { campaignId, organizationId, userId } from "./CampaignBuilders.ts"
import { targetProfile } from "./ParticipationArbitraries.ts"

/** @since 0.1.0 */
export const participationId = (id = "p1") => Schema.decodeSync(Ids.ParticipationId)(id)
/** @since 0.1.0 */
export const learnerId = (id = "l1") => Schema.decodeSync(Ids.LearnerId)(id)
/** @since 0.1.0 */
export const timestamp = (iso = "2026-09-01T08:00:00.000Z") => Schema.decodeSync(Timestamp.Timestamp)(iso)

/**
 * The campaign `c1` as joining sees it: a restricted assessment of four skills, accessible, one sending.
 *
 * @since 0.1.0
 */
export const aCampaignToJoin = (overrides: Partial<Command.CampaignToJoin> = {}): Command.CampaignToJoin => ({
  campaignId: campaignId(),
  organizationId: organizationId(),
  type: "ASSESSMENT",
  isArchived: false,
  isDeleted: false,
  isRestricted: true,
  multipleSendings: false,
  externalIdLabel: null,
  targetSkillsCount: 4,
  targetProfileResettable: false,
  ...overrides
})

/**
 * `u1` joins `c1` as participation `p1`, with his active learner `l1`.
 *
 * @since 0.1.0
 */
export const aJoin = (overrides: Partial<Command.JoinCampaign> = {}): Command.JoinCampaign => ({
  _tag: "JoinCampaign",
  participationId: participationId(),
  userId: userId(),
  campaign: aCampaignToJoin(),
  learner: { learnerId: learnerId(), isDisabled: false },
  now: timestamp(),
  ...overrides
})

/**
 * The outcome of `p1`'s assessment on the four-skill target profile: these skills validated, all four tested.
 *
 * @since 0.1.0
 */
export const anOutcome = (
  validatedSkillIds: ReadonlyArray<string>,
  overrides: Partial<Command.RecordAssessmentOutcome> = {}
): Command.RecordAssessmentOutcome => ({
  _tag: "RecordAssessmentOutcome",
  participationId: participationId(),
  targetProfile,
  validatedSkillIds,
  testedSkillIds: ["s1", "s2", "s3", "s4"],
  now: timestamp(),
  ...overrides
})

/**
 * `u1` shares `p1`'s results, the campaign accessible, a day after joining.
 *
 * @since 0.1.0
 */
export const aShare = (overrides: Partial<Command.ShareParticipation> = {}): Command.ShareParticipation => ({
  _tag: "ShareParticipation",
  participationId: participationId(),
  userId: userId(),
  campaign: { isArchived: false, isDeleted: false },
  targetProfile,
  now: timestamp("2026-09-02T08:00:00.000Z"),
  ...overrides
})

/**
 * `u1` shares his profile on `p1`, a day after joining.
 *
 * @since 0.1.0
 */
export const aProfileShare = (
  profile: ReadonlyArray<Command.CompetencePix>,
  overrides: Partial<Command.ShareProfile> = {}
): Command.ShareProfile => ({
  _tag: "ShareProfile",
  participationId: participationId(),
  userId: userId(),
  campaign: { isArchived: false, isDeleted: false },
  profile,
  now: timestamp("2026-09-02T08:00:00.000Z"),
  ...overrides
})

/**
 * The deletion of the stream's participations by `actor`, the campaign owned by `u2`.
 *
 * @since 0.1.0
 */
export const aDeletion = (
  actor: CampaignCommand.Actor,
  overrides: Partial<Command.DeleteParticipations> = {}
): Command.DeleteParticipations => ({
  _tag: "DeleteParticipations",
  actor,
  campaignOwnerId: userId("u2"),
  reason: "PARTICIPATION_DELETED",
  now: timestamp("2026-09-02T08:00:00.000Z"),
  ...overrides
})

/**
 * Links `p1` to learner `l1`.
 *
 * @since 0.1.0
 */
export const aLink = (overrides: Partial<Command.LinkParticipation> = {}): Command.LinkParticipation => ({
  _tag: "LinkParticipation",
  participationId: participationId(),
  learnerId: learnerId(),
  now: timestamp("2026-09-02T08:00:00.000Z"),
  ...overrides
})
