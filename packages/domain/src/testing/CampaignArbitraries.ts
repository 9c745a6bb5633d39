/**
 * fast-check arbitraries for campaign commands and events, for property tests here and in users' own tests
 * (re-exported by `@orga/domain/testing`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import * as CampaignCodeGenerator from "../campaign/CampaignCodeGenerator.ts"
import type * as CampaignCommand from "../campaign/CampaignCommand.ts"
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type * as Ids from "../values/Ids.ts"
import * as IdsSchema from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import * as TimestampSchema from "../values/Timestamp.ts"

/**
 * A small pool of ids, so that generated histories often refer to the same things.
 *
 * @since 0.1.0
 */
export const id = <T extends string = string>(prefix: string): fc.Arbitrary<T> =>
  fc.integer({ min: 1, max: 3 }).map((n) => `${prefix}-${n}` as T)

/**
 * Campaign, organization, user and target profile ids from small pools.
 *
 * @since 0.1.0
 */
export const ids = {
  campaign: id<Ids.CampaignId>("campaign"),
  organization: id<Ids.OrganizationId>("org"),
  user: id<Ids.UserId>("user"),
  targetProfile: id<Ids.TargetProfileId>("tp")
}

/**
 * An ISO instant in 2025-2027.
 *
 * @since 0.1.0
 */
export const instant: fc.Arbitrary<Timestamp.Timestamp> = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms).toISOString() as Timestamp.Timestamp)

/**
 * A generated campaign code (drawn with an arbitrary random source).
 *
 * @since 0.1.0
 */
export const code = fc
  .array(fc.nat(), { minLength: 9, maxLength: 9 })
  .map((draws) => CampaignCodeGenerator.generate(CampaignCodeGenerator.fromDraws(draws)))

const nullableText = fc.option(fc.string({ maxLength: 20 }), { nil: null })

/**
 * Any campaign event, coherent or not (evolve must be total over all of them).
 *
 * @since 0.1.0
 */
export const event: fc.Arbitrary<CampaignEvent.CampaignEvent> = fc.oneof(
  fc.record({
    _tag: fc.constant("CampaignCreated" as const),
    campaignId: ids.campaign,
    organizationId: ids.organization,
    code,
    type: fc.constantFrom("ASSESSMENT" as const, "PROFILES_COLLECTION" as const),
    name: fc.string({ minLength: 1, maxLength: 20 }),
    title: nullableText,
    targetProfileId: fc.option(ids.targetProfile, { nil: null }),
    creatorId: ids.user,
    ownerId: ids.user,
    externalIdLabel: nullableText,
    externalIdType: fc.constantFrom(null, "STRING" as const, "EMAIL" as const),
    customLandingPageText: nullableText,
    customResultPageText: nullableText,
    customResultPageButtonText: nullableText,
    customResultPageButtonUrl: nullableText,
    multipleSendings: fc.boolean(),
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignUpdated" as const),
    campaignId: ids.campaign,
    name: fc.string({ minLength: 1, maxLength: 20 }),
    title: nullableText,
    customLandingPageText: nullableText,
    ownerId: ids.user,
    multipleSendings: fc.boolean(),
    updatedBy: ids.user,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignArchived" as const),
    campaignId: ids.campaign,
    archivedBy: ids.user,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignUnarchived" as const),
    campaignId: ids.campaign,
    unarchivedBy: ids.user,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignDeleted" as const),
    campaignId: ids.campaign,
    organizationId: ids.organization,
    deletedBy: ids.user,
    occurredAt: instant
  })
)

/**
 * An actor: a user with a role in the organization, or none.
 *
 * @since 0.1.0
 */
export const actor: fc.Arbitrary<CampaignCommand.Actor> = fc.record({
  userId: ids.user,
  role: fc.constantFrom("ADMIN" as const, "MEMBER" as const, null)
})

const optionalText = fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.constant("https://pix.fr")), {
  nil: undefined
})

/**
 * Any campaign command, valid or not, on campaign `campaign-1`.
 *
 * @since 0.1.0
 */
export const command: fc.Arbitrary<CampaignCommand.CampaignCommand> = fc.oneof(
  fc.record({
    _tag: fc.constant("CreateCampaign" as const),
    campaignId: fc.constant("campaign-1" as Ids.CampaignId),
    organizationId: fc.option(ids.organization, { nil: null, freq: 8 }),
    code: fc.oneof(code, fc.string({ maxLength: 10 })),
    type: fc.constantFrom("ASSESSMENT", "PROFILES_COLLECTION", "EXAM", ""),
    name: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
    title: optionalText,
    targetProfileId: fc.option(ids.targetProfile, { nil: undefined }),
    creatorId: fc.option(ids.user, { nil: null, freq: 8 }),
    ownerId: fc.option(ids.user, { nil: null, freq: 8 }),
    externalIdLabel: optionalText,
    externalIdType: fc.option(fc.constantFrom("STRING", "EMAIL", "OTHER"), { nil: undefined }),
    customLandingPageText: optionalText,
    customResultPageText: optionalText,
    customResultPageButtonText: optionalText,
    customResultPageButtonUrl: optionalText,
    multipleSendings: fc.option(fc.boolean(), { nil: undefined }),
    creatorIsMember: fc.boolean(),
    ownerIsMember: fc.boolean(),
    availableTargetProfileIds: fc.array(ids.targetProfile, { maxLength: 3 }),
    multipleSendingAssessmentEnabled: fc.boolean(),
    now: instant
  }),
  fc.record({
    _tag: fc.constant("UpdateCampaign" as const),
    campaignId: fc.constant("campaign-1" as Ids.CampaignId),
    actor,
    name: fc.string({ maxLength: 12 }),
    title: optionalText,
    customLandingPageText: optionalText,
    ownerId: fc.option(ids.user, { nil: undefined }),
    multipleSendings: fc.option(fc.boolean(), { nil: undefined }),
    ownerIsMember: fc.boolean(),
    hasParticipations: fc.boolean(),
    now: instant
  }),
  fc.record({
    _tag: fc.constantFrom("ArchiveCampaign" as const, "UnarchiveCampaign" as const),
    campaignId: fc.constant("campaign-1" as Ids.CampaignId),
    actor,
    now: instant
  }),
  fc.record({
    _tag: fc.constant("DeleteCampaign" as const),
    campaignId: fc.constant("campaign-1" as Ids.CampaignId),
    organizationId: ids.organization,
    actor,
    now: instant
  })
)

/**
 * Builders of valid branded values for examples and tests (they throw on a malformed input: test code only).
 *
 * @since 0.1.0
 */
export const make = {
  campaignId: (value: string): Ids.CampaignId => Schema.decodeSync(IdsSchema.CampaignId)(value),
  organizationId: (value: string): Ids.OrganizationId => Schema.decodeSync(IdsSchema.OrganizationId)(value),
  userId: (value: string): Ids.UserId => Schema.decodeSync(IdsSchema.UserId)(value),
  learnerId: (value: string): Ids.LearnerId => Schema.decodeSync(IdsSchema.LearnerId)(value),
  participationId: (value: string): Ids.ParticipationId => Schema.decodeSync(IdsSchema.ParticipationId)(value),
  targetProfileId: (value: string): Ids.TargetProfileId => Schema.decodeSync(IdsSchema.TargetProfileId)(value),
  timestamp: (value: string): Timestamp.Timestamp => Schema.decodeSync(TimestampSchema.Timestamp)(value)
}
