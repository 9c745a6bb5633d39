/**
 * fast-check arbitraries for campaign commands and events, for property tests here and in users' own tests
 * (re-exported by `@orga/domain/testing`).
 *
 * @since 0.1.0
 */
import * as fc from "fast-check"
import type * as Campaign from "./Campaign.ts"
import * as CampaignCodeGenerator from "./CampaignCodeGenerator.ts"
import type * as CampaignEvent from "./CampaignEvent.ts"

/**
 * A small pool of ids, so that generated histories often refer to the same things.
 *
 * @since 0.1.0
 */
export const id = (prefix: string): fc.Arbitrary<string> => fc.integer({ min: 1, max: 3 }).map((n) => `${prefix}-${n}`)

/**
 * An ISO instant in 2025-2027.
 *
 * @since 0.1.0
 */
export const instant: fc.Arbitrary<string> = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms).toISOString())

/**
 * A generated campaign code (drawn with an arbitrary random source).
 *
 * @since 0.1.0
 */
export const code: fc.Arbitrary<string> = fc
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
    campaignId: id("campaign"),
    organizationId: id("org"),
    code,
    type: fc.constantFrom("ASSESSMENT" as const, "PROFILES_COLLECTION" as const),
    name: fc.string({ minLength: 1, maxLength: 20 }),
    title: nullableText,
    targetProfileId: fc.option(id("tp"), { nil: null }),
    creatorId: id("user"),
    ownerId: id("user"),
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
    campaignId: id("campaign"),
    name: fc.string({ minLength: 1, maxLength: 20 }),
    title: nullableText,
    customLandingPageText: nullableText,
    ownerId: id("user"),
    multipleSendings: fc.boolean(),
    updatedBy: id("user"),
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignArchived" as const),
    campaignId: id("campaign"),
    archivedBy: id("user"),
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignUnarchived" as const),
    campaignId: id("campaign"),
    unarchivedBy: id("user"),
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("CampaignDeleted" as const),
    campaignId: id("campaign"),
    organizationId: id("org"),
    deletedBy: id("user"),
    occurredAt: instant
  })
)

/**
 * An actor: a user with a role in the organization, or none.
 *
 * @since 0.1.0
 */
export const actor: fc.Arbitrary<Campaign.Actor> = fc.record({
  userId: id("user"),
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
export const command: fc.Arbitrary<Campaign.CampaignCommand> = fc.oneof(
  fc.record({
    _tag: fc.constant("CreateCampaign" as const),
    campaignId: fc.constant("campaign-1"),
    organizationId: id("org"),
    code: fc.oneof(code, fc.string({ maxLength: 10 })),
    type: fc.constantFrom("ASSESSMENT", "PROFILES_COLLECTION", "EXAM", ""),
    name: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
    title: optionalText,
    targetProfileId: fc.option(id("tp"), { nil: undefined }),
    creatorId: id("user"),
    ownerId: id("user"),
    externalIdLabel: optionalText,
    externalIdType: fc.option(fc.constantFrom("STRING", "EMAIL", "OTHER"), { nil: undefined }),
    customLandingPageText: optionalText,
    customResultPageText: optionalText,
    customResultPageButtonText: optionalText,
    customResultPageButtonUrl: optionalText,
    multipleSendings: fc.option(fc.boolean(), { nil: undefined }),
    occurredAt: instant,
    context: fc.record({
      creatorIsMember: fc.boolean(),
      ownerIsMember: fc.boolean(),
      availableTargetProfileIds: fc.array(id("tp"), { maxLength: 3 }),
      multipleSendingAssessmentEnabled: fc.boolean()
    })
  }),
  fc.record({
    _tag: fc.constant("UpdateCampaign" as const),
    campaignId: fc.constant("campaign-1"),
    actor,
    name: fc.string({ maxLength: 12 }),
    title: optionalText,
    customLandingPageText: optionalText,
    ownerId: fc.option(id("user"), { nil: undefined }),
    multipleSendings: fc.option(fc.boolean(), { nil: undefined }),
    occurredAt: instant,
    context: fc.record({ ownerIsMember: fc.boolean(), hasParticipations: fc.boolean() })
  }),
  fc.record({
    _tag: fc.constantFrom("ArchiveCampaign" as const, "UnarchiveCampaign" as const),
    campaignId: fc.constant("campaign-1"),
    actor,
    occurredAt: instant
  }),
  fc.record({
    _tag: fc.constant("DeleteCampaign" as const),
    campaignId: fc.constant("campaign-1"),
    organizationId: id("org"),
    actor,
    occurredAt: instant
  })
)
