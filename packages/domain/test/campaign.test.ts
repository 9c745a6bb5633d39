import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Campaign from "../src/campaign/Campaign.ts"
import * as CampaignCodeGenerator from "../src/campaign/CampaignCodeGenerator.ts"
import * as CampaignCodeReservation from "../src/campaign/CampaignCodeReservation.ts"
import type * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import * as Arb from "../src/campaign/testing.ts"
import { fold } from "../src/Decider.ts"
import type * as Ids from "../src/values/Ids.ts"

const at = Arb.make.timestamp("2026-11-28T10:00:00.000Z")

const create = (overrides: Partial<Campaign.CreateCampaign> = {}): Campaign.CreateCampaign => ({
  _tag: "CreateCampaign",
  campaignId: Arb.make.campaignId("c1"),
  organizationId: Arb.make.organizationId("org1"),
  code: "ABCDEF234",
  type: "ASSESSMENT",
  name: "Rentrée 2026",
  targetProfileId: Arb.make.targetProfileId("tp1"),
  creatorId: Arb.make.userId("u1"),
  ownerId: Arb.make.userId("u1"),
  occurredAt: at,
  ...overrides,
  context: {
    creatorIsMember: true,
    ownerIsMember: true,
    availableTargetProfileIds: [Arb.make.targetProfileId("tp1")],
    multipleSendingAssessmentEnabled: false,
    ...overrides.context
  }
})

const decideAfter = (history: ReadonlyArray<CampaignEvent.CampaignEvent>, command: Campaign.CampaignCommand) =>
  Campaign.decide(command, fold(Campaign.decider, history))

const created = (overrides: Partial<Campaign.CreateCampaign> = {}): ReadonlyArray<CampaignEvent.CampaignEvent> =>
  Result.getOrThrow(Campaign.decide(create(overrides), null))

const failure = <A>(result: Result.Result<A, { code: string; message: string; meta: object; _tag: string }>) => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}

const admin: Campaign.Actor = { userId: Arb.make.userId("u9"), role: "ADMIN" }
const member: Campaign.Actor = { userId: Arb.make.userId("u2"), role: "MEMBER" }
const owner: Campaign.Actor = { userId: Arb.make.userId("u1"), role: "MEMBER" }

describe("CreateCampaign (§4.2)", () => {
  it("creates an assessment campaign with a CampaignCreated event", () => {
    const events = created({ externalIdLabel: "  ", externalIdType: "STRING" })
    expect(events).toEqual([
      {
        _tag: "CampaignCreated",
        campaignId: Arb.make.campaignId("c1"),
        organizationId: Arb.make.organizationId("org1"),
        code: "ABCDEF234",
        type: "ASSESSMENT",
        name: "Rentrée 2026",
        title: null,
        targetProfileId: Arb.make.targetProfileId("tp1"),
        creatorId: Arb.make.userId("u1"),
        ownerId: Arb.make.userId("u1"),
        externalIdLabel: null,
        externalIdType: null,
        customLandingPageText: null,
        customResultPageText: null,
        customResultPageButtonText: null,
        customResultPageButtonUrl: null,
        multipleSendings: false,
        occurredAt: at
      }
    ])
  })

  it("creates a profiles collection without a target profile", () => {
    const events = created({ type: "PROFILES_COLLECTION", targetProfileId: undefined })
    expect(events[0]).toMatchObject({ type: "PROFILES_COLLECTION", targetProfileId: null })
  })

  const cases: ReadonlyArray<[string, Partial<Campaign.CreateCampaign>, string, string]> = [
    ["a missing creator", { creatorId: null }, "MISSING_CREATOR", "Le créateur n’est pas renseigné."],
    ["a missing owner", { ownerId: null }, "MISSING_OWNER", "Le propriétaire n’est pas renseigné."],
    [
      "a missing organization",
      { organizationId: null },
      "MISSING_ORGANIZATION",
      "L’organisation n’est pas renseignée."
    ],
    ["a missing name", { name: "  " }, "CAMPAIGN_NAME_IS_REQUIRED", "Veuillez donner un nom à votre campagne."],
    [
      "an unknown type",
      { type: "EXAM" },
      "CAMPAIGN_PURPOSE_IS_REQUIRED",
      "Veuillez choisir l’objectif de votre campagne : Évaluation ou Collecte de profils."
    ],
    [
      "an assessment without target profile",
      { targetProfileId: undefined },
      "TARGET_PROFILE_IS_REQUIRED",
      "Veuillez sélectionner un parcours pour votre campagne."
    ],
    [
      "a profiles collection with a target profile",
      { type: "PROFILES_COLLECTION" },
      "TARGET_PROFILE_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
      "Une campagne de collecte de profils ne peut pas être associée à un parcours."
    ],
    [
      "a profiles collection with a title",
      { type: "PROFILES_COLLECTION", targetProfileId: undefined, title: "Parcours" },
      "TITLE_OF_PERSONALISED_TEST_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
      "Une campagne de collecte de profils ne peut pas avoir de titre de parcours."
    ],
    [
      "a profiles collection with a result button text",
      { type: "PROFILES_COLLECTION", targetProfileId: undefined, customResultPageButtonText: "Suite" },
      "CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
      "Une campagne de collecte de profils ne peut pas avoir de texte de bouton de fin de parcours."
    ],
    [
      "a profiles collection with a result button url",
      { type: "PROFILES_COLLECTION", targetProfileId: undefined, customResultPageButtonUrl: "https://pix.fr" },
      "CUSTOM_RESULT_PAGE_BUTTON_URL_IS_NOT_ALLOWED_FOR_PROFILES_COLLECTION_CAMPAIGN",
      "Une campagne de collecte de profils ne peut pas avoir d’URL de bouton de fin de parcours."
    ],
    [
      "a title over 50 characters",
      { title: "x".repeat(51) },
      "CAMPAIGN_TITLE_IS_TOO_LONG",
      "Le titre de la campagne est trop long."
    ],
    [
      "a landing page text over 5000 characters",
      { customLandingPageText: "x".repeat(5001) },
      "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG",
      "Le texte de présentation de la campagne est trop long."
    ],
    [
      "a result page text over 5000 characters",
      { customResultPageText: "x".repeat(5001) },
      "CUSTOM_RESULT_PAGE_TEXT_IS_TOO_LONG",
      "Le texte de la page de fin de parcours est trop long."
    ],
    [
      "a button url without text",
      { customResultPageButtonUrl: "https://pix.fr" },
      "CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_URL_IS_FILLED",
      "Veuillez saisir le texte du bouton de fin de parcours, puisque son URL est renseignée."
    ],
    [
      "a button text without url",
      { customResultPageButtonText: "Suite" },
      "CUSTOM_RESULT_PAGE_BUTTON_URL_IS_REQUIRED_WHEN_CUSTOM_RESULT_PAGE_BUTTON_TEXT_IS_FILLED",
      "Veuillez saisir l’URL du bouton de fin de parcours, puisque son texte est renseigné."
    ],
    [
      "a button url that is not a URL",
      { customResultPageButtonText: "Suite", customResultPageButtonUrl: "pas une url" },
      "CUSTOM_RESULT_PAGE_BUTTON_URL_MUST_BE_A_URL",
      "L’URL du bouton de fin de parcours n’est pas une adresse valide."
    ],
    [
      "an external id label without type",
      { externalIdLabel: "Numéro élève" },
      "MISSING_ID_PIX_TYPE",
      "Veuillez choisir le type de l’identifiant externe."
    ]
  ]
  for (const [what, overrides, code, message] of cases)
    it(`refuses ${what} with ${code}`, () => {
      const error = failure(Campaign.decide(create(overrides), null))
      expect(error._tag).toBe("InvalidInput")
      expect(error.code).toBe(code)
      expect(error.message).toBe(message)
      expect(error.meta).toMatchObject({ attribute: expect.any(String) })
      expect((error.meta as { invalidAttributes: Array<{ code: string }> }).invalidAttributes[0]?.code).toBe(code)
    })

  it("lists every invalid attribute in the meta", () => {
    const error = failure(Campaign.decide(create({ name: "", creatorId: null, type: "?" }), null))
    expect(error.code).toBe("MISSING_CREATOR")
    expect((error.meta as { invalidAttributes: Array<{ code: string }> }).invalidAttributes.map((e) => e.code)).toEqual(
      ["MISSING_CREATOR", "CAMPAIGN_NAME_IS_REQUIRED", "CAMPAIGN_PURPOSE_IS_REQUIRED"]
    )
  })

  it("refuses a creator who is not a member", () => {
    const error = failure(Campaign.decide(create({ context: { creatorIsMember: false } as never }), null))
    expect(error).toMatchObject({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      meta: { attribute: "creatorId", userId: Arb.make.userId("u1"), organizationId: Arb.make.organizationId("org1") }
    })
  })

  it("refuses an owner who is not a member", () => {
    const error = failure(
      Campaign.decide(create({ ownerId: Arb.make.userId("u5"), context: { ownerIsMember: false } as never }), null)
    )
    expect(error).toMatchObject({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      message: "Le propriétaire ne fait pas partie de l'organisation.",
      meta: { attribute: "ownerId", userId: Arb.make.userId("u5") }
    })
  })

  it("refuses a target profile the organization is not offered", () => {
    const error = failure(Campaign.decide(create({ targetProfileId: Arb.make.targetProfileId("tp9") }), null))
    expect(error).toMatchObject({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN",
      meta: { targetProfileId: Arb.make.targetProfileId("tp9") }
    })
  })

  it("allows multiple sendings on an assessment only with the organization's feature", () => {
    const error = failure(Campaign.decide(create({ multipleSendings: true }), null))
    expect(error).toMatchObject({
      _tag: "Forbidden",
      code: "ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT",
      meta: { organizationId: Arb.make.organizationId("org1") }
    })
    const events = created({ multipleSendings: true, context: { multipleSendingAssessmentEnabled: true } as never })
    expect(events[0]).toMatchObject({ multipleSendings: true })
    // Profiles collections may always be re-sent.
    expect(
      created({ type: "PROFILES_COLLECTION", targetProfileId: undefined, multipleSendings: true })[0]
    ).toMatchObject({ multipleSendings: true })
  })

  it("refuses a malformed code and a second creation", () => {
    expect(failure(Campaign.decide(create({ code: "abc" }), null))).toMatchObject({
      _tag: "InvalidInput",
      code: "CAMPAIGN_CODE_FORMAT"
    })
    expect(failure(decideAfter(created(), create()))).toMatchObject({
      _tag: "Conflict",
      code: "CAMPAIGN_ALREADY_EXISTS"
    })
  })
})

describe("campaign codes (§4.3)", () => {
  it("draws 6 safe letters then 3 digits from 2-9, for any random source", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 0, maxLength: 20 }), (draws) => {
        const code = CampaignCodeGenerator.generate(CampaignCodeGenerator.fromDraws(draws))
        expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ]{6}[2-9]{3}$/)
      }),
      { numRuns: 200 }
    )
    fc.assert(
      fc.property(fc.func(fc.oneof(fc.integer(), fc.double())), (random) => {
        expect(CampaignCodeGenerator.generate(random)).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ]{6}[2-9]{3}$/)
      }),
      { numRuns: 200 }
    )
  })

  it("can reach every letter and digit, and no other", () => {
    expect(CampaignCodeGenerator.letters).toHaveLength(23)
    expect(CampaignCodeGenerator.letters).not.toMatch(/[ILO]/)
    expect(CampaignCodeGenerator.generate(() => 0)).toBe("AAAAAA222")
    expect(CampaignCodeGenerator.generate((bound) => bound - 1)).toBe("ZZZZZZ999")
  })

  it("draws again while a code is taken, then gives up with CAMPAIGN_CODE_NOT_UNIQUE", () => {
    const taken = new Set(["AAAAAA222"])
    const next = CampaignCodeGenerator.generateAvailable(
      CampaignCodeGenerator.fromDraws([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
      (code) => taken.has(code)
    )
    expect(Result.getOrThrow(next)).not.toBe("AAAAAA222")
    const none = failure(
      CampaignCodeGenerator.generateAvailable(
        () => 0,
        (code) => taken.has(code),
        3
      )
    )
    expect(none).toMatchObject({
      _tag: "Conflict",
      code: "CAMPAIGN_CODE_NOT_UNIQUE",
      message: "Ce code campagne est déjà utilisé."
    })
  })

  it("reserves a code for one campaign only", () => {
    const reserve = (campaignId: Ids.CampaignId): CampaignCodeReservation.ReserveCampaignCode => ({
      _tag: "ReserveCampaignCode",
      code: "ABCDEF234",
      campaignId,
      occurredAt: at
    })
    const first = Result.getOrThrow(
      CampaignCodeReservation.decide(reserve(Arb.make.campaignId("c1")), CampaignCodeReservation.decider.initialState)
    )
    expect(first).toEqual([
      { _tag: "CampaignCodeReserved", code: "ABCDEF234", campaignId: Arb.make.campaignId("c1"), occurredAt: at }
    ])
    const state = fold(CampaignCodeReservation.decider, first)
    expect(Result.getOrThrow(CampaignCodeReservation.decide(reserve(Arb.make.campaignId("c1")), state))).toEqual([])
    expect(failure(CampaignCodeReservation.decide(reserve(Arb.make.campaignId("c2")), state))).toMatchObject({
      _tag: "Conflict",
      code: "CAMPAIGN_CODE_NOT_UNIQUE",
      meta: { code: "ABCDEF234" }
    })
    expect(
      failure(CampaignCodeReservation.decide({ ...reserve(Arb.make.campaignId("c1")), code: "x" }, state)).code
    ).toBe("CAMPAIGN_CODE_FORMAT")
    expect(CampaignCodeReservation.streamName("ABCDEF234")).toBe("campaign-code-ABCDEF234")
    expect(Campaign.streamName("c1")).toBe("campaign-c1")
  })
})

describe("update, archive, unarchive, delete (§4.4)", () => {
  const update = (
    actor: Campaign.Actor,
    overrides: Partial<Campaign.UpdateCampaign> = {}
  ): Campaign.UpdateCampaign => ({
    _tag: "UpdateCampaign",
    campaignId: Arb.make.campaignId("c1"),
    actor,
    name: "Nouveau nom",
    occurredAt: at,
    context: { ownerIsMember: true, hasParticipations: false },
    ...overrides
  })

  it("lets the owner or an admin update, not another member", () => {
    expect(Result.getOrThrow(decideAfter(created(), update(owner)))[0]).toMatchObject({
      _tag: "CampaignUpdated",
      name: "Nouveau nom",
      ownerId: Arb.make.userId("u1"),
      updatedBy: "u1"
    })
    expect(Result.isSuccess(decideAfter(created(), update(admin)))).toBe(true)
    expect(failure(decideAfter(created(), update(member)))).toMatchObject({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN",
      meta: { campaignId: Arb.make.campaignId("c1"), userId: Arb.make.userId("u2") }
    })
  })

  it("checks the updated fields", () => {
    expect(failure(decideAfter(created(), update(owner, { name: "" }))).code).toBe("CAMPAIGN_NAME_IS_REQUIRED")
    expect(failure(decideAfter(created(), update(owner, { title: "t".repeat(51) })))).toMatchObject({
      code: "CAMPAIGN_TITLE_IS_TOO_LONG",
      message: "Le titre de la campagne est trop long."
    })
    expect(failure(decideAfter(created(), update(owner, { customLandingPageText: "t".repeat(5001) }))).code).toBe(
      "CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG"
    )
    expect(
      failure(
        decideAfter(
          created(),
          update(owner, { ownerId: Arb.make.userId("u7"), context: { ownerIsMember: false, hasParticipations: false } })
        )
      )
    ).toMatchObject({
      _tag: "InvalidInput",
      code: "OWNER_NOT_IN_ORGANIZATION",
      message: "Le propriétaire ne fait pas partie de l'organisation.",
      meta: { ownerId: Arb.make.userId("u7") }
    })
    expect(
      failure(
        decideAfter(
          created(),
          update(admin, { multipleSendings: true, context: { ownerIsMember: true, hasParticipations: true } })
        )
      )
    ).toMatchObject({ _tag: "Conflict", code: "CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS" })
  })

  it("archives once, unarchives once", () => {
    const archive: Campaign.ArchiveCampaign = {
      _tag: "ArchiveCampaign",
      campaignId: Arb.make.campaignId("c1"),
      actor: owner,
      occurredAt: at
    }
    const archived = [...created(), ...Result.getOrThrow(decideAfter(created(), archive))]
    expect(archived[1]).toEqual({
      _tag: "CampaignArchived",
      campaignId: Arb.make.campaignId("c1"),
      archivedBy: "u1",
      occurredAt: at
    })
    expect(fold(Campaign.decider, archived)).toMatchObject({ archivedAt: at, archivedBy: "u1" })
    expect(failure(decideAfter(archived, archive))).toMatchObject({
      _tag: "Conflict",
      code: "CAMPAIGN_ALREADY_ARCHIVED",
      message: "Cette campagne est déjà archivée."
    })
    expect(failure(decideAfter(archived, { ...archive, _tag: "UnarchiveCampaign", actor: member })).code).toBe(
      "USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN"
    )
    const unarchived = Result.getOrThrow(decideAfter(archived, { ...archive, _tag: "UnarchiveCampaign", actor: admin }))
    expect(unarchived).toEqual([
      { _tag: "CampaignUnarchived", campaignId: Arb.make.campaignId("c1"), unarchivedBy: "u9", occurredAt: at }
    ])
    expect(fold(Campaign.decider, [...archived, ...unarchived])).toMatchObject({ archivedAt: null, archivedBy: null })
    expect(failure(decideAfter(created(), { ...archive, _tag: "UnarchiveCampaign" })).code).toBe(
      "CAMPAIGN_NOT_ARCHIVED"
    )
  })

  it("deletes once, for the owner or an admin of the same organization", () => {
    const remove: Campaign.DeleteCampaign = {
      _tag: "DeleteCampaign",
      campaignId: Arb.make.campaignId("c1"),
      organizationId: Arb.make.organizationId("org1"),
      actor: admin,
      occurredAt: at
    }
    const deleted = [...created(), ...Result.getOrThrow(decideAfter(created(), remove))]
    expect(deleted[1]).toEqual({
      _tag: "CampaignDeleted",
      campaignId: Arb.make.campaignId("c1"),
      organizationId: Arb.make.organizationId("org1"),
      deletedBy: "u9",
      occurredAt: at
    })
    expect(failure(decideAfter(deleted, remove))).toMatchObject({
      code: "CAMPAIGN_ALREADY_DELETED",
      message: "Cette campagne est déjà supprimée."
    })
    expect(failure(decideAfter(created(), { ...remove, actor: member })).code).toBe(
      "USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN"
    )
    expect(failure(decideAfter(created(), { ...remove, organizationId: Arb.make.organizationId("org2") })).code).toBe(
      "CAMPAIGN_NOT_IN_ORGANIZATION"
    )
    expect(
      failure(
        decideAfter(deleted, {
          _tag: "ArchiveCampaign",
          campaignId: Arb.make.campaignId("c1"),
          actor: admin,
          occurredAt: at
        })
      )
    ).toMatchObject({ _tag: "NotFound", code: "CAMPAIGN_NOT_FOUND" })
    expect(failure(decideAfter([], remove)).code).toBe("CAMPAIGN_NOT_FOUND")
  })
})

describe("campaign decider properties", () => {
  it("evolve is total over arbitrary histories", () => {
    fc.assert(
      fc.property(fc.array(Arb.event, { maxLength: 30 }), (events) => {
        expect(() => fold(Campaign.decider, events)).not.toThrow()
      }),
      { numRuns: 200 }
    )
  })

  it("decide never throws, and replaying a decided history rebuilds the same state", () => {
    fc.assert(
      fc.property(fc.array(Arb.command, { maxLength: 15 }), (commands) => {
        let state = Campaign.decider.initialState
        const history: Array<CampaignEvent.CampaignEvent> = []
        for (const command of commands) {
          const result = Campaign.decide(command, state)
          if (Result.isSuccess(result)) {
            history.push(...result.success)
            for (const event of result.success) state = Campaign.evolve(state, event)
          }
        }
        expect(fold(Campaign.decider, history)).toEqual(state)
      }),
      { numRuns: 200 }
    )
  })
})
