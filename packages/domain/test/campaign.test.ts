import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Campaign from "../src/campaign/Campaign.ts"
import * as CampaignCodeGenerator from "../src/campaign/CampaignCodeGenerator.ts"
import * as CampaignCodeReservation from "../src/campaign/CampaignCodeReservation.ts"
import type * as CampaignCommand from "../src/campaign/CampaignCommand.ts"
import * as CampaignDecider from "../src/campaign/CampaignDecider.ts"
import * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import { fold } from "../src/Decider.ts"
import * as Arb from "../src/testing/CampaignArbitraries.ts"
import * as B from "../src/testing/CampaignBuilders.ts"
import { DeciderSpecification } from "../src/testing/DeciderSpecification.ts"

const spec = DeciderSpecification.for(CampaignDecider.decider)
const at = B.timestamp()
const create = B.aCampaignCreation
const created = (overrides: Partial<CampaignCommand.CreateCampaign> = {}) => spec.decided([create(overrides)])

const admin = B.anActor("u9", "ADMIN")
const member = B.anActor("u2", "MEMBER")
const owner = B.anActor("u1", "MEMBER")

describe("CreateCampaign (§4.2)", () => {
  it("creates an assessment campaign with a CampaignCreated event", () => {
    spec
      .given([])
      .when(create({ externalIdLabel: "  ", externalIdType: "STRING" }))
      .then([
        CampaignEvent.CampaignCreated.make({
          campaignId: B.campaignId("c1"),
          organizationId: B.organizationId("org1"),
          code: B.campaignCode(),
          type: "ASSESSMENT",
          name: "Rentrée 2026",
          title: null,
          targetProfileId: B.targetProfileId("tp1"),
          creatorId: B.userId("u1"),
          ownerId: B.userId("u1"),
          externalIdLabel: null,
          externalIdType: null,
          customLandingPageText: null,
          customResultPageText: null,
          customResultPageButtonText: null,
          customResultPageButtonUrl: null,
          multipleSendings: false,
          occurredAt: at
        })
      ])
  })

  it("creates a profiles collection without a target profile", () => {
    const events = created({ type: "PROFILES_COLLECTION", targetProfileId: undefined })
    expect(events[0]).toMatchObject({ type: "PROFILES_COLLECTION", targetProfileId: null })
  })

  const cases: ReadonlyArray<[string, Partial<CampaignCommand.CreateCampaign>, string, string]> = [
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
      const error = spec.given([]).when(create(overrides)).thenFails(code, { tag: "InvalidInput", message })
      expect(error.meta).toMatchObject({ attribute: expect.any(String) })
      expect((error.meta as { invalidAttributes: Array<{ code: string }> }).invalidAttributes[0]?.code).toBe(code)
    })

  it("lists every invalid attribute in the meta", () => {
    const error = spec
      .given([])
      .when(create({ name: "", creatorId: null, type: "?" }))
      .thenFails("MISSING_CREATOR")
    expect((error.meta as { invalidAttributes: Array<{ code: string }> }).invalidAttributes.map((e) => e.code)).toEqual(
      ["MISSING_CREATOR", "CAMPAIGN_NAME_IS_REQUIRED", "CAMPAIGN_PURPOSE_IS_REQUIRED"]
    )
  })

  const notAuthorized =
    "Vous ne pouvez pas créer cette campagne : le créateur et le propriétaire doivent être membres de l’organisation, et le parcours lui être proposé."

  it("refuses a creator who is not a member", () => {
    spec
      .given([])
      .when(create({ creatorIsMember: false }))
      .thenFails("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN", {
        tag: "Forbidden",
        meta: { attribute: "creatorId", userId: B.userId("u1"), organizationId: B.organizationId("org1") }
      })
  })

  it("refuses an owner who is not a member", () => {
    const error = spec
      .given([])
      .when(create({ ownerId: B.userId("u5"), ownerIsMember: false }))
      .thenFails("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN", { tag: "Forbidden", message: notAuthorized })
    expect(error.meta).toMatchObject({ attribute: "ownerId", userId: B.userId("u5") })
  })

  it("refuses a target profile the organization is not offered", () => {
    const error = spec
      .given([])
      .when(create({ targetProfileId: B.targetProfileId("tp9") }))
      .thenFails("USER_NOT_AUTHORIZED_TO_CREATE_CAMPAIGN", { tag: "Forbidden" })
    expect(error.meta).toMatchObject({ targetProfileId: B.targetProfileId("tp9") })
  })

  it("allows multiple sendings on an assessment only with the organization's feature", () => {
    spec
      .given([])
      .when(create({ multipleSendings: true }))
      .thenFails("ORGANIZATION_NOT_AUTHORIZED_MULTIPLE_SENDING_ASSESSMENT", {
        tag: "Forbidden",
        meta: { organizationId: B.organizationId("org1") }
      })
    const events = created({ multipleSendings: true, multipleSendingAssessmentEnabled: true })
    expect(events[0]).toMatchObject({ multipleSendings: true })
    // Profiles collections may always be re-sent.
    expect(
      created({ type: "PROFILES_COLLECTION", targetProfileId: undefined, multipleSendings: true })[0]
    ).toMatchObject({ multipleSendings: true })
  })

  it("refuses a malformed code and a second creation", () => {
    spec
      .given([])
      .when(create({ code: "abc" }))
      .thenFails("CAMPAIGN_CODE_FORMAT", { tag: "InvalidInput" })
    spec.given(created()).when(create()).thenFails("CAMPAIGN_ALREADY_EXISTS", { tag: "Conflict" })
  })

  it("refuses a command that bypassed its schema with INVALID_COMMAND, and changes nothing", () => {
    const cast = { ...create(), campaignId: "no spaces allowed" } as unknown as CampaignCommand.CampaignCommand
    spec
      .given([])
      .when(cast)
      .thenFails("INVALID_COMMAND", { tag: "InvalidInput", meta: { tag: "CreateCampaign" } })
    spec
      .given(created())
      .when({ _tag: "ArchiveCampaign" } as unknown as CampaignCommand.CampaignCommand)
      .thenFails("INVALID_COMMAND")
  })
})

describe("campaign codes (§4.3)", () => {
  const reservation = DeciderSpecification.for(CampaignCodeReservation.decider)

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
    const none = CampaignCodeGenerator.generateAvailable(
      () => 0,
      (code) => taken.has(code),
      3
    )
    expect(Result.isFailure(none) && none.failure).toMatchObject({
      _tag: "Conflict",
      code: "CAMPAIGN_CODE_NOT_UNIQUE",
      message: "Ce code campagne est déjà utilisé."
    })
  })

  it("reserves a code for one campaign only", () => {
    const first = reservation.given([]).when(B.aCodeReservation()).result()
    expect(Result.getOrThrow(first)).toEqual([
      { _tag: "CampaignCodeReserved", code: "ABCDEF234", campaignId: B.campaignId("c1"), occurredAt: at }
    ])
    const reserved = reservation.decided([B.aCodeReservation()])
    reservation.given(reserved).when(B.aCodeReservation()).thenNothing()
    reservation
      .given(reserved)
      .when(B.aCodeReservation({ campaignId: B.campaignId("c2") }))
      .thenFails("CAMPAIGN_CODE_NOT_UNIQUE", { tag: "Conflict", meta: { code: "ABCDEF234" } })
    reservation
      .given(reserved)
      .when(B.aCodeReservation({ code: "x" }))
      .thenFails("CAMPAIGN_CODE_FORMAT")
    expect(CampaignCodeReservation.streamName("ABCDEF234")).toBe("campaign-code-ABCDEF234")
    expect(Campaign.streamName("c1")).toBe("campaign-c1")
  })
})

describe("update, archive, unarchive, delete (§4.4)", () => {
  const update = B.aCampaignUpdate

  it("lets the owner or an admin update, not another member", () => {
    expect(spec.given(created()).when(update(owner)).result()).toMatchObject({
      success: [{ _tag: "CampaignUpdated", name: "Nouveau nom", ownerId: B.userId("u1"), updatedBy: "u1" }]
    })
    expect(Result.isSuccess(spec.given(created()).when(update(admin)).result())).toBe(true)
    spec
      .given(created())
      .when(update(member))
      .thenFails("USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN", {
        tag: "Forbidden",
        meta: { campaignId: B.campaignId("c1"), userId: B.userId("u2") }
      })
  })

  it("checks the updated fields", () => {
    spec
      .given(created())
      .when(update(owner, { name: "" }))
      .thenFails("CAMPAIGN_NAME_IS_REQUIRED")
    spec
      .given(created())
      .when(update(owner, { title: "t".repeat(51) }))
      .thenFails("CAMPAIGN_TITLE_IS_TOO_LONG", { message: "Le titre de la campagne est trop long." })
    spec
      .given(created())
      .when(update(owner, { customLandingPageText: "t".repeat(5001) }))
      .thenFails("CUSTOM_LANDING_PAGE_TEXT_IS_TOO_LONG")
    const error = spec
      .given(created())
      .when(update(owner, { ownerId: B.userId("u7"), ownerIsMember: false }))
      .thenFails("OWNER_NOT_IN_ORGANIZATION", {
        tag: "InvalidInput",
        message: "Le propriétaire ne fait pas partie de l'organisation."
      })
    expect(error.meta).toMatchObject({ ownerId: B.userId("u7") })
    spec
      .given(created())
      .when(update(admin, { multipleSendings: true, hasParticipations: true }))
      .thenFails("CANT_UPDATE_ATTRIBUTE_WHEN_CAMPAIGN_HAS_PARTICIPATIONS", { tag: "Conflict" })
  })

  it("archives once, unarchives once", () => {
    const archive = B.anArchiving(owner)
    spec
      .given(created())
      .when(archive)
      .then([
        CampaignEvent.CampaignArchived.make({
          campaignId: B.campaignId("c1"),
          archivedBy: B.userId("u1"),
          occurredAt: at
        })
      ])
    const archived = spec.decided([create(), archive])
    expect(fold(CampaignDecider.decider, archived)).toMatchObject({ archivedAt: at, archivedBy: "u1" })
    spec
      .given(archived)
      .when(archive)
      .thenFails("CAMPAIGN_ALREADY_ARCHIVED", { tag: "Conflict", message: "Cette campagne est déjà archivée." })
    spec.given(archived).when(B.anUnarchiving(member)).thenFails("USER_NOT_AUTHORIZED_TO_UPDATE_CAMPAIGN")
    spec
      .given(archived)
      .when(B.anUnarchiving(admin))
      .then([
        CampaignEvent.CampaignUnarchived.make({
          campaignId: B.campaignId("c1"),
          unarchivedBy: B.userId("u9"),
          occurredAt: at
        })
      ])
    const unarchived = spec.decided([create(), archive, B.anUnarchiving(admin)])
    expect(fold(CampaignDecider.decider, unarchived)).toMatchObject({ archivedAt: null, archivedBy: null })
    spec.given(created()).when(B.anUnarchiving(owner)).thenFails("CAMPAIGN_NOT_ARCHIVED")
  })

  it("deletes once, for the owner or an admin of the same organization", () => {
    const remove = B.aCampaignDeletion(admin)
    spec
      .given(created())
      .when(remove)
      .then([
        CampaignEvent.CampaignDeleted.make({
          campaignId: B.campaignId("c1"),
          organizationId: B.organizationId("org1"),
          deletedBy: B.userId("u9"),
          occurredAt: at
        })
      ])
    const deleted = spec.decided([create(), remove])
    spec
      .given(deleted)
      .when(remove)
      .thenFails("CAMPAIGN_ALREADY_DELETED", { message: "Cette campagne est déjà supprimée." })
    spec.given(created()).when(B.aCampaignDeletion(member)).thenFails("USER_NOT_AUTHORIZED_TO_DELETE_CAMPAIGN")
    spec
      .given(created())
      .when(B.aCampaignDeletion(admin, { organizationId: B.organizationId("org2") }))
      .thenFails("CAMPAIGN_NOT_IN_ORGANIZATION")
    spec.given(deleted).when(B.anArchiving(admin)).thenFails("CAMPAIGN_NOT_FOUND", { tag: "NotFound" })
    spec.given([]).when(remove).thenFails("CAMPAIGN_NOT_FOUND")
  })
})

describe("campaign decider properties", () => {
  it("evolve is total over arbitrary histories", () => {
    fc.assert(
      fc.property(fc.array(Arb.event, { maxLength: 30 }), (events) => {
        expect(() => fold(CampaignDecider.decider, events)).not.toThrow()
      }),
      { numRuns: 200 }
    )
  })

  it("decide never throws, and replaying a decided history rebuilds the same state", () => {
    fc.assert(
      fc.property(fc.array(Arb.command, { maxLength: 15 }), (commands) => {
        let state = CampaignDecider.decider.initialState
        const history: Array<CampaignEvent.CampaignEvent> = []
        for (const command of commands) {
          const result = CampaignDecider.decide(command, state)
          if (Result.isSuccess(result)) {
            history.push(...result.success)
            for (const event of result.success) state = CampaignDecider.evolve(state, event)
          }
        }
        expect(fold(CampaignDecider.decider, history)).toEqual(state)
      }),
      { numRuns: 200 }
    )
  })
})
