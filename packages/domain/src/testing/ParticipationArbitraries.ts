/**
 * fast-check arbitraries for participation commands and events (re-exported by `@orga/domain/testing`).
 *
 * @since 0.1.0
 */
import * as fc from "fast-check"
import type * as Command from "../participation/ParticipationCommand.ts"
import type * as Event from "../participation/ParticipationEvent.ts"
import * as Competences from "../referential/Competences.ts"
import type * as TargetProfile from "../referential/TargetProfile.ts"
import type * as Ids from "../values/Ids.ts"
import * as CampaignArb from "./CampaignArbitraries.ts"

const { instant } = CampaignArb

/**
 * Participation, learner and user ids from small pools.
 *
 * @since 0.1.0
 */
export const ids = {
  participation: CampaignArb.id<Ids.ParticipationId>("participation"),
  learner: CampaignArb.id<Ids.LearnerId>("learner"),
  user: CampaignArb.ids.user,
  campaign: CampaignArb.ids.campaign,
  organization: CampaignArb.ids.organization
}

/**
 * A small target profile: skills `@tube1`..`@tube3` spread over three competences.
 *
 * @since 0.1.0
 */
export const targetProfile: TargetProfile.TargetProfile = {
  id: "tp-1",
  name: "Parcours rentrée",
  areKnowledgeElementsResettable: true,
  skills: [
    { id: "s1", name: "@rechercher1", tube: "@rechercher", difficulty: 1, competenceId: "1.1" },
    { id: "s2", name: "@rechercher2", tube: "@rechercher", difficulty: 2, competenceId: "1.1" },
    { id: "s3", name: "@donnees1", tube: "@donnees", difficulty: 1, competenceId: "1.2" },
    { id: "s4", name: "@interagir1", tube: "@interagir", difficulty: 1, competenceId: "2.1" }
  ]
}

const skillIds = fc.subarray(["s1", "s2", "s3", "s4", "other"])
const counts = fc.array(
  fc.record({ id: fc.constantFrom("1", "1.1", "2.1"), validatedSkillsCount: fc.nat(4), targetSkillsCount: fc.nat(4) }),
  { maxLength: 3 }
)

/**
 * Any participation event, coherent or not.
 *
 * @since 0.1.0
 */
export const event: fc.Arbitrary<Event.ParticipationEvent> = fc.oneof(
  fc.record({
    _tag: fc.constant("ParticipationStarted" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    organizationId: ids.organization,
    campaignType: fc.constantFrom("ASSESSMENT" as const, "PROFILES_COLLECTION" as const),
    userId: ids.user,
    participantExternalId: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
    status: fc.constantFrom("STARTED" as const, "TO_SHARE" as const),
    isRetry: fc.boolean(),
    isReset: fc.boolean(),
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("ParticipationLinked" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    learnerId: ids.learner,
    userId: ids.user,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("ParticipationImproved" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    improvedBy: ids.participation,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("AssessmentCompleted" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    validatedSkillIds: skillIds,
    testedSkillIds: skillIds,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("ParticipationShared" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    validatedSkillsCount: fc.nat(4),
    targetSkillsCount: fc.nat(4),
    masteryRate: fc.double({ min: 0, max: 1, noNaN: true }),
    competences: counts,
    areas: counts,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("ProfileShared" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    competences: fc.array(
      fc.record({
        competenceId: fc.constantFrom(...Competences.competenceIds),
        pixScore: fc.nat(40),
        level: fc.nat(5)
      }),
      { maxLength: 4 }
    ),
    pixScore: fc.nat(640),
    masteryRate: fc.double({ min: 0, max: 1, noNaN: true }),
    isCertifiable: fc.boolean(),
    certifiableCompetencesCount: fc.nat(16),
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("ParticipationDeleted" as const),
    participationId: ids.participation,
    campaignId: ids.campaign,
    deletedBy: ids.user,
    reason: fc.constantFrom("PARTICIPATION_DELETED" as const, "CAMPAIGN_DELETED" as const),
    occurredAt: instant
  })
)

const campaignState = fc.record({ isArchived: fc.boolean(), isDeleted: fc.boolean() })

/**
 * Any participation command on campaign `campaign-1`, valid or not.
 *
 * @since 0.1.0
 */
export const command: fc.Arbitrary<Command.ParticipationCommand> = fc.oneof(
  fc.record({
    _tag: fc.constant("JoinCampaign" as const),
    participationId: ids.participation,
    userId: ids.user,
    campaign: fc.record({
      campaignId: fc.constant("campaign-1" as Ids.CampaignId),
      organizationId: fc.constant("org-1" as Ids.OrganizationId),
      type: fc.constantFrom("ASSESSMENT" as const, "PROFILES_COLLECTION" as const),
      isArchived: fc.boolean(),
      isDeleted: fc.boolean(),
      isRestricted: fc.boolean(),
      multipleSendings: fc.boolean(),
      externalIdLabel: fc.option(fc.constant("Numéro"), { nil: null }),
      targetSkillsCount: fc.nat(4),
      targetProfileResettable: fc.boolean()
    }),
    learner: fc.option(fc.record({ learnerId: fc.constant("learner-1" as Ids.LearnerId), isDisabled: fc.boolean() }), {
      nil: null
    }),
    participantExternalId: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    isReset: fc.option(fc.boolean(), { nil: undefined }),
    placesLimitReached: fc.option(fc.boolean(), { nil: undefined }),
    daysBeforeRetrying: fc.option(fc.nat(6), { nil: undefined }),
    now: instant
  }),
  fc.record({
    _tag: fc.constant("LinkParticipation" as const),
    participationId: ids.participation,
    learnerId: ids.learner,
    now: instant
  }),
  fc.record({
    _tag: fc.constant("RecordAssessmentOutcome" as const),
    participationId: ids.participation,
    targetProfile: fc.constant(targetProfile),
    validatedSkillIds: skillIds,
    testedSkillIds: skillIds,
    now: instant
  }),
  fc.record({
    _tag: fc.constant("ShareParticipation" as const),
    participationId: ids.participation,
    userId: ids.user,
    campaign: campaignState,
    targetProfile: fc.constant(targetProfile),
    now: instant
  }),
  fc.record({
    _tag: fc.constant("ShareProfile" as const),
    participationId: ids.participation,
    userId: ids.user,
    campaign: campaignState,
    profile: fc.array(
      fc.record({
        competenceId: fc.oneof(fc.constantFrom(...Competences.competenceIds), fc.constant("9.9")),
        pixScore: fc.integer({ min: -10, max: 100 })
      }),
      { maxLength: 16 }
    ),
    now: instant
  }),
  fc.record({
    _tag: fc.constant("DeleteParticipations" as const),
    actor: CampaignArb.actor,
    campaignOwnerId: ids.user,
    reason: fc.constantFrom("PARTICIPATION_DELETED" as const, "CAMPAIGN_DELETED" as const),
    now: instant
  })
)
