/**
 * The schemas of the analysis views (`Analysis`) that apps send out as they are (an HTTP app's responses, the
 * command line's `--json`): one definition each, checked against the views at compile time, as `ViewSchemas` does
 * for the others.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import type * as Analysis from "./Analysis.ts"
import type * as Views from "./Views.ts"

const NullableString = Schema.NullOr(Schema.String)
const NullableNumber = Schema.NullOr(Schema.Number)
const CampaignType = Schema.Literals(["ASSESSMENT", "PROFILES_COLLECTION"])

/**
 * Mastery of one competence or area.
 *
 * @category schemas
 * @since 0.2.0
 */
export const Mastery = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  areaId: Schema.String,
  targetSkillsCount: NullableNumber,
  averageValidatedSkills: NullableNumber,
  averagePixScore: NullableNumber,
  maxPixScore: NullableNumber,
  averageLevel: NullableNumber,
  masteryRate: NullableNumber
})

/**
 * The analysis of a campaign or of one class.
 *
 * @category schemas
 * @since 0.2.0
 */
export const CampaignAnalysis = Schema.Struct({
  campaignId: Schema.String,
  type: CampaignType,
  targetProfileId: NullableString,
  division: NullableString,
  participantsCount: Schema.Number,
  sharedCount: Schema.Number,
  masteryRate: NullableNumber,
  competences: Schema.Array(Mastery),
  areas: Schema.Array(Mastery)
})

/**
 * One participant of a campaign's results (the row of the results table).
 *
 * @category schemas
 * @since 0.2.0
 */
export const ParticipantResult = Schema.Struct({
  participationId: Schema.String,
  learnerId: Schema.String,
  lastName: Schema.String,
  firstName: Schema.String,
  division: NullableString,
  participantExternalId: NullableString,
  statusLabel: Schema.String,
  status: Schema.Literals(["STARTED", "TO_SHARE", "SHARED"]),
  createdAt: Schema.String,
  sharedAt: NullableString,
  masteryRate: NullableNumber,
  pixScore: NullableNumber,
  isCertifiable: Schema.NullOr(Schema.Boolean),
  evolution: Schema.NullOr(Schema.Literals(["increase", "decrease", "stable"])),
  sharedParticipationsCount: Schema.Number,
  reachedStage: Schema.NullOr(
    Schema.Struct({ reachedStage: Schema.Number, totalStages: Schema.Number, title: Schema.String })
  ),
  acquiredBadges: Schema.Array(Schema.Struct({ key: Schema.String, title: Schema.String }))
})

/**
 * One competence or area of a participant's result.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ParticipantCompetence = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  areaId: Schema.String,
  targetSkillsCount: NullableNumber,
  validatedSkillsCount: NullableNumber,
  pixScore: NullableNumber,
  maxPixScore: NullableNumber,
  level: NullableNumber,
  masteryRate: NullableNumber
})

/**
 * One participant's detail.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ParticipantDetail = Schema.Struct({
  campaignId: Schema.String,
  type: CampaignType,
  participant: ParticipantResult,
  competences: Schema.Array(ParticipantCompetence),
  areas: Schema.Array(ParticipantCompetence)
})

/**
 * A campaign's activity.
 *
 * @category schemas
 * @since 0.2.0
 */
export const CampaignActivity = Schema.Struct({
  campaignId: Schema.String,
  type: CampaignType,
  started: Schema.Number,
  completed: Schema.Number,
  shared: Schema.Number,
  days: Schema.Array(
    Schema.Struct({
      day: Schema.String,
      started: Schema.Number,
      shared: Schema.Number,
      startedTotal: Schema.Number,
      sharedTotal: Schema.Number
    })
  )
})

/**
 * One page of a campaign's results.
 *
 * @category schemas
 * @since 0.2.0
 */
export const ResultsPage = Schema.Struct({
  campaignId: Schema.String,
  page: Schema.Number,
  size: Schema.Number,
  total: Schema.Number,
  pageCount: Schema.Number,
  participants: Schema.Array(ParticipantResult)
})

// Each schema's type is its view's, both ways: a view that changes without its schema does not type-check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameAsViews: readonly [
  Same<typeof Mastery.Type, Analysis.Mastery>,
  Same<typeof CampaignAnalysis.Type, Analysis.CampaignAnalysis>,
  Same<typeof ParticipantResult.Type, Views.ParticipantResult>,
  Same<typeof ParticipantDetail.Type, Analysis.ParticipantDetail>,
  Same<typeof CampaignActivity.Type, Analysis.CampaignActivity>,
  Same<typeof ResultsPage.Type, Analysis.ResultsPage>
] = [true, true, true, true, true, true]
void sameAsViews
