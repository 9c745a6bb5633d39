import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Participation from "../src/participation/Participation.ts"
import * as ParticipationDecider from "../src/participation/ParticipationDecider.ts"
import * as Event from "../src/participation/ParticipationEvent.ts"
import * as Competences from "../src/referential/Competences.ts"
import * as C from "../src/testing/CampaignBuilders.ts"
import { DeciderSpecification } from "../src/testing/DeciderSpecification.ts"
import * as Arb from "../src/testing/ParticipationArbitraries.ts"
import * as B from "../src/testing/ParticipationBuilders.ts"

const spec = DeciderSpecification.for(ParticipationDecider.decider)
const t0 = B.timestamp("2026-09-01T08:00:00.000Z")
const t1 = B.timestamp("2026-09-02T08:00:00.000Z")
const t5 = B.timestamp("2026-09-06T08:00:00.000Z")
const campaignId = C.campaignId("c1")
const u1 = C.userId("u1")
const u2 = C.userId("u2")
const l1 = B.learnerId("l1")
const p1 = B.participationId("p1")
const p2 = B.participationId("p2")

const campaign = B.aCampaignToJoin
const join = B.aJoin
const outcome = (validatedSkillIds: ReadonlyArray<string>) => B.anOutcome(validatedSkillIds)
const share = B.aShare
const shareProfile = B.aProfileShare
const multi = campaign({ multipleSendings: true, targetProfileResettable: true })
const run = spec.decided

describe("joining a campaign (§5.2)", () => {
  it("starts an assessment STARTED and links it to the learner", () => {
    spec
      .given([])
      .when(join())
      .then([
        Event.ParticipationStarted.make({
          participationId: p1,
          campaignId,
          organizationId: C.organizationId("org1"),
          campaignType: "ASSESSMENT",
          userId: u1,
          participantExternalId: null,
          status: "STARTED",
          isRetry: false,
          isReset: false,
          occurredAt: t0
        }),
        Event.ParticipationLinked.make({ participationId: p1, campaignId, learnerId: l1, userId: u1, occurredAt: t0 })
      ])
  })

  it("starts a profiles collection TO_SHARE (DECISIONS 5)", () => {
    expect(run([join({ campaign: campaign({ type: "PROFILES_COLLECTION" }) })])[0]).toMatchObject({
      status: "TO_SHARE"
    })
  })

  it("starts without a learner in an open campaign, with no link", () => {
    const events = run([join({ learner: null, campaign: campaign({ isRestricted: false }) })])
    expect(events.map((e) => e._tag)).toEqual(["ParticipationStarted"])
    expect(Participation.streamNameFor(join({ learner: null }))).toBe("participation-c1-user-u1")
    expect(Participation.streamNameFor(join())).toBe("participation-c1-l1")
  })

  const forbidden = "Vous n'êtes pas autorisé à rejoindre la campagne"
  it("1. refuses a disabled learner", () => {
    spec
      .given([])
      .when(join({ learner: { learnerId: l1, isDisabled: true } }))
      .thenFails("ORGANIZATION_LEARNER_DISABLED", { tag: "Forbidden", message: forbidden, meta: { learnerId: "l1" } })
  })

  it("2. refuses an archived or deleted campaign", () => {
    spec
      .given([])
      .when(join({ campaign: campaign({ isArchived: true }) }))
      .thenFails("CAMPAIGN_ARCHIVED", { tag: "Forbidden", message: forbidden, meta: { campaignId: "c1" } })
    spec
      .given([])
      .when(join({ campaign: campaign({ isDeleted: true }) }))
      .thenFails("CAMPAIGN_DELETED")
  })

  it("checks a disabled learner before an archived campaign", () => {
    spec
      .given([])
      .when(join({ learner: { learnerId: l1, isDisabled: true }, campaign: campaign({ isArchived: true }) }))
      .thenFails("ORGANIZATION_LEARNER_DISABLED")
  })

  it("3. refuses a restricted campaign to a user without learner", () => {
    spec
      .given([])
      .when(join({ learner: null }))
      .thenFails("CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS", {
        tag: "Forbidden",
        message: forbidden,
        meta: { campaignId: "c1", userId: "u1" }
      })
  })

  it("4. refuses a second participation without multiple sendings", () => {
    spec
      .given(run([join()]))
      .when(join({ participationId: p2 }))
      .thenFails("ALREADY_EXISTING_CAMPAIGN_PARTICIPATION", {
        tag: "Conflict",
        message: "Une participation à cette campagne existe déjà.",
        meta: { campaignId: "c1", userId: "u1" }
      })
  })

  const retake = "Vous ne pouvez pas repasser la campagne"
  it("5. refuses a retake after the participation was deleted", () => {
    const history = run([join({ campaign: multi }), B.aDeletion(C.anActor("u2", "ADMIN"))])
    spec
      .given(history)
      .when(join({ participationId: p2, campaign: multi }))
      .thenFails("CANNOT_RETAKE_CAMPAIGN", {
        tag: "Forbidden",
        message: retake,
        meta: { reason: "PREVIOUS_PARTICIPATION_DELETED" }
      })
  })

  it("6. refuses a retake while the participation is not shared", () => {
    spec
      .given(run([join({ campaign: multi })]))
      .when(join({ participationId: p2, campaign: multi }))
      .thenFails("CANNOT_RETAKE_CAMPAIGN", { message: retake, meta: { reason: "PREVIOUS_PARTICIPATION_NOT_SHARED" } })
  })

  it("7. refuses a retake with nothing left to improve", () => {
    const history = run([join({ campaign: multi }), outcome(["s1", "s2", "s3", "s4"]), share()])
    spec
      .given(history)
      .when(join({ participationId: p2, campaign: multi, now: t5 }))
      .thenFails("CANNOT_RETAKE_CAMPAIGN", { meta: { reason: "NOTHING_TO_IMPROVE" } })
  })

  it("8. refuses a reset before 4 days, allows it after", () => {
    const history = run([join({ campaign: multi }), outcome(["s1", "s2", "s3", "s4"]), share()])
    spec
      .given(history)
      .when(join({ participationId: p2, campaign: multi, isReset: true, now: t1 }))
      .thenFails("NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET", {
        tag: "Conflict",
        message: "Il n'est pas possible de remettre à zéro votre parcours pour le moment.",
        meta: { daysBeforeRetrying: 4 }
      })
    const resetEvents = Result.getOrThrow(
      spec
        .given(history)
        .when(join({ participationId: p2, campaign: multi, isReset: true, now: t5 }))
        .result()
    )
    expect(resetEvents.map((e) => e._tag)).toEqual([
      "ParticipationImproved",
      "ParticipationStarted",
      "ParticipationLinked"
    ])
    expect(resetEvents[1]).toMatchObject({ isRetry: true, isReset: true, status: "STARTED" })
    // A target profile that does not allow resets never does.
    const noReset = campaign({ multipleSendings: true })
    spec
      .given(history)
      .when(join({ participationId: p2, campaign: noReset, isReset: true, now: t5 }))
      .thenFails("NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET")
  })

  it("lets a shared participation with skills left be retaken, keeping the external id", () => {
    const withLabel = campaign({ multipleSendings: true, externalIdLabel: "Numéro" })
    const history = run([join({ campaign: withLabel, participantExternalId: "E-42" }), outcome(["s1"]), share()])
    const events = Result.getOrThrow(
      spec
        .given(history)
        .when(join({ participationId: p2, campaign: withLabel }))
        .result()
    )
    expect(events[0]).toEqual({
      _tag: "ParticipationImproved",
      participationId: p1,
      campaignId,
      improvedBy: p2,
      occurredAt: t0
    })
    expect(events[1]).toMatchObject({
      participationId: p2,
      participantExternalId: "E-42",
      isRetry: true,
      isReset: false
    })
    const state = spec.given([...history, ...events]).state()
    expect(state.participations.map((p) => [p.participationId, p.isImproved, p.status])).toEqual([
      ["p1", true, "SHARED"],
      ["p2", false, "STARTED"]
    ])
  })

  it("9. asks for the external id when the campaign has a label", () => {
    const withLabel = campaign({ externalIdLabel: "Numéro" })
    spec
      .given([])
      .when(join({ campaign: withLabel }))
      .thenFails("PARTICIPANT_EXTERNAL_ID_REQUIRED", {
        tag: "InvalidInput",
        message: "Un identifiant externe est requis pour accèder à la campagne.",
        meta: { attribute: "participantExternalId" }
      })
    spec
      .given([])
      .when(join({ campaign: withLabel, participantExternalId: "   " }))
      .thenFails("PARTICIPANT_EXTERNAL_ID_REQUIRED")
    spec
      .given([])
      .when(join({ campaign: withLabel, participantExternalId: "x".repeat(256) }))
      .thenFails("PARTICIPANT_EXTERNAL_ID_TOO_LONG")
    expect(run([join({ campaign: withLabel, participantExternalId: " E-42 " })])[0]).toMatchObject({
      participantExternalId: "E-42"
    })
  })

  it("10. refuses a learner who already participated under another account", () => {
    spec
      .given(run([join()]))
      .when(join({ participationId: p2, userId: u2 }))
      .thenFails("ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED", { tag: "Conflict", meta: { learnerId: "l1" } })
  })

  it("refuses when the organization has no place left", () => {
    spec
      .given([])
      .when(join({ placesLimitReached: true }))
      .thenFails("MAXIMUM_PLACES_REACHED", { tag: "Forbidden", meta: { organizationId: "org1" } })
  })

  it("refuses a participation id used twice", () => {
    spec
      .given(run([join({ campaign: multi })]))
      .when(join({ campaign: multi, userId: u2 }))
      .thenFails("PARTICIPATION_ALREADY_EXISTS")
  })

  it("refuses a command that bypassed its schema with INVALID_COMMAND, and changes nothing", () => {
    const cast = { ...join(), campaign: { campaignId } } as unknown as ReturnType<typeof join>
    spec
      .given([])
      .when(cast)
      .thenFails("INVALID_COMMAND", { tag: "InvalidInput", meta: { tag: "JoinCampaign" } })
  })
})

describe("linking a participation to its learner later", () => {
  const open = join({ learner: null, campaign: campaign({ isRestricted: false }) })
  const link = B.aLink()

  it("records ParticipationLinked once; the same link again decides nothing; another learner is refused", () => {
    spec
      .given(run([open]))
      .when(link)
      .then([
        Event.ParticipationLinked.make({ participationId: p1, campaignId, learnerId: l1, userId: u1, occurredAt: t1 })
      ])
    const history = run([open, link])
    expect(spec.given(history).state().participations[0]?.learnerId).toBe("l1")
    spec.given(history).when(link).thenNothing()
    spec
      .given(history)
      .when(B.aLink({ learnerId: B.learnerId("l2") }))
      .thenFails("PARTICIPATION_ALREADY_LINKED", {
        tag: "Conflict",
        message: "Cette participation est déjà rattachée à un autre élève.",
        meta: { participationId: "p1", learnerId: "l1" }
      })
    spec.given([]).when(link).thenFails("CAMPAIGN_PARTICIPATION_NOT_FOUND")
  })
})

describe("assessment outcome and sharing", () => {
  it("records the outcome within the target profile, then TO_SHARE", () => {
    spec
      .given(run([join()]))
      .when(outcome(["s1", "s3", "s1", "unknown"]))
      .then([
        Event.AssessmentCompleted.make({
          participationId: p1,
          campaignId,
          validatedSkillIds: ["s1", "s3"],
          testedSkillIds: ["s1", "s2", "s3", "s4"],
          occurredAt: t0
        })
      ])
    const history = run([join(), outcome(["s1", "s3", "s1", "unknown"])])
    expect(spec.given(history).state().participations[0]?.status).toBe("TO_SHARE")
    spec.given(history).when(outcome([])).thenFails("ASSESSMENT_ALREADY_COMPLETED")
    spec.given([]).when(outcome([])).thenFails("CAMPAIGN_PARTICIPATION_NOT_FOUND", { tag: "NotFound" })
  })

  it("shares with the mastery rate per competence and per area", () => {
    spec
      .given(run([join(), outcome(["s1", "s3"])]))
      .when(share())
      .then([
        Event.ParticipationShared.make({
          participationId: p1,
          campaignId,
          validatedSkillsCount: 2,
          targetSkillsCount: 4,
          masteryRate: 0.5,
          competences: [
            { id: "1.1", validatedSkillsCount: 1, targetSkillsCount: 2 },
            { id: "1.2", validatedSkillsCount: 1, targetSkillsCount: 1 },
            { id: "2.1", validatedSkillsCount: 0, targetSkillsCount: 1 }
          ],
          areas: [
            { id: "1", validatedSkillsCount: 2, targetSkillsCount: 3 },
            { id: "2", validatedSkillsCount: 0, targetSkillsCount: 1 }
          ],
          occurredAt: t1
        })
      ])
    expect(spec.given(run([join(), outcome(["s1", "s3"]), share()])).state().participations[0]).toMatchObject({
      status: "SHARED",
      sharedAt: t1,
      masteryRate: 0.5
    })
  })

  it("refuses to share in Pix's order", () => {
    const started = run([join()])
    const completed = run([join(), outcome(["s1"])])
    const shared = run([join(), outcome(["s1"]), share()])
    spec
      .given(shared)
      .when(share({ campaign: { isArchived: true, isDeleted: false } }))
      .thenFails("ALREADY_SHARED_CAMPAIGN_PARTICIPATION", {
        message: "Ces résultats de campagne ont déjà été partagés."
      })
    // Pix's ArchivedCampaignError and DeletedCampaignError: the campaign's own errors.
    spec
      .given(completed)
      .when(share({ campaign: { isArchived: true, isDeleted: false } }))
      .thenFails("CAMPAIGN_ALREADY_ARCHIVED", {
        tag: "Conflict",
        message: "Cette campagne est déjà archivée.",
        meta: { campaignId: "c1" }
      })
    spec
      .given(completed)
      .when(share({ campaign: { isArchived: false, isDeleted: true } }))
      .thenFails("CAMPAIGN_ALREADY_DELETED", { message: "Cette campagne est déjà supprimée." })
    spec.given(started).when(share()).thenFails("ASSESSMENT_NOT_COMPLETED", { tag: "Conflict" })
    spec
      .given(completed)
      .when(share({ userId: u2 }))
      .thenFails("USER_NOT_AUTHORIZED_TO_SHARE_PARTICIPATION", {
        tag: "Forbidden"
      })
    spec.given(completed).when(shareProfile([])).thenFails("WRONG_CAMPAIGN_TYPE")
    const deleted = run([join(), outcome(["s1"]), B.aDeletion(C.anActor("u2", "ADMIN"))])
    spec.given(deleted).when(share()).thenFails("CAMPAIGN_PARTICIPATION_DELETED")
  })
})

describe("profiles collection (§7)", () => {
  const profiles = join({ campaign: campaign({ type: "PROFILES_COLLECTION", targetSkillsCount: 0 }) })

  it("shares the 16 competences with capped pix and levels, certifiable with 5 competences at level 1", () => {
    const profile = [
      { competenceId: "1.1", pixScore: 8 },
      { competenceId: "1.2", pixScore: 15 },
      { competenceId: "2.1", pixScore: 50 },
      { competenceId: "3.1", pixScore: 16 },
      { competenceId: "4.1", pixScore: 8 },
      { competenceId: "5.2", pixScore: 7 }
    ]
    const [event] = Result.getOrThrow(
      spec
        .given(run([profiles]))
        .when(shareProfile(profile))
        .result()
    )
    expect(event).toMatchObject({
      _tag: "ProfileShared",
      participationId: p1,
      pixScore: 8 + 15 + 40 + 16 + 8 + 7,
      masteryRate: 94 / 640,
      isCertifiable: true,
      certifiableCompetencesCount: 5
    })
    const competences = (event as Event.ProfileShared).competences
    expect(competences.map((c) => c.competenceId)).toEqual(Competences.competenceIds)
    expect(competences.find((c) => c.competenceId === "2.1")).toEqual({ competenceId: "2.1", pixScore: 40, level: 5 })
    expect(competences.find((c) => c.competenceId === "5.2")).toEqual({ competenceId: "5.2", pixScore: 7, level: 0 })
  })

  it("is not certifiable with 4 competences at level 1", () => {
    const profile = ["1.1", "1.2", "1.3", "2.1"].map((competenceId) => ({ competenceId, pixScore: 12 }))
    const [event] = Result.getOrThrow(
      spec
        .given(run([profiles]))
        .when(shareProfile(profile))
        .result()
    )
    expect(event).toMatchObject({ isCertifiable: false, certifiableCompetencesCount: 4, pixScore: 48 })
  })

  it("refuses an unknown competence", () => {
    spec
      .given(run([profiles]))
      .when(shareProfile([{ competenceId: "6.1", pixScore: 3 }]))
      .thenFails("INVALID_PROFILE", { tag: "InvalidInput", meta: { competenceId: "6.1" } })
  })

  it("keeps pix within 0..40 and levels within 0..5 for any input", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ competenceId: fc.constantFrom(...Competences.competenceIds), pixScore: fc.double() })),
        (profile) => {
          const result = Result.getOrThrow(Participation.profileOf(profile))
          for (const c of result.competences) {
            expect(c.pixScore).toBeGreaterThanOrEqual(0)
            expect(c.pixScore).toBeLessThanOrEqual(40)
            expect(c.level).toBe(Math.floor(c.pixScore / 8))
          }
          expect(result.pixScore).toBeLessThanOrEqual(640)
          expect(result.isCertifiable).toBe(result.certifiableCompetencesCount >= 5)
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("deleting participations", () => {
  const remove = (user: string, role: "ADMIN" | "MEMBER") =>
    B.aDeletion(C.anActor(user, role), { reason: "CAMPAIGN_DELETED" })

  it("deletes every live participation for the owner or an admin", () => {
    const history = run([
      join({ campaign: multi }),
      outcome(["s1"]),
      share(),
      join({ participationId: p2, campaign: multi })
    ])
    spec
      .given(history)
      .when(remove("u2", "MEMBER"))
      .then([
        Event.ParticipationDeleted.make({
          participationId: p1,
          campaignId,
          deletedBy: u2,
          reason: "CAMPAIGN_DELETED",
          occurredAt: t1
        }),
        Event.ParticipationDeleted.make({
          participationId: p2,
          campaignId,
          deletedBy: u2,
          reason: "CAMPAIGN_DELETED",
          occurredAt: t1
        })
      ])
    const deleted = run([
      join({ campaign: multi }),
      outcome(["s1"]),
      share(),
      join({ participationId: p2, campaign: multi }),
      remove("u2", "MEMBER")
    ])
    spec.given(deleted).when(remove("u2", "ADMIN")).thenFails("CAMPAIGN_PARTICIPATION_NOT_FOUND")
    spec
      .given(history)
      .when(remove("u1", "MEMBER"))
      .thenFails("USER_NOT_AUTHORIZED_TO_DELETE_PARTICIPATION", { tag: "Forbidden" })
  })
})

describe("participation decider properties", () => {
  it("evolve is total over arbitrary histories", () => {
    fc.assert(
      fc.property(fc.array(Arb.event, { maxLength: 30 }), (events) => {
        expect(() => fold(ParticipationDecider.decider, events)).not.toThrow()
      }),
      { numRuns: 200 }
    )
  })

  it("decide never throws; replaying the decided history rebuilds the same state; one live participation per user", () => {
    fc.assert(
      fc.property(fc.array(Arb.command, { maxLength: 20 }), (commands) => {
        let state = ParticipationDecider.decider.initialState
        const history: Array<Event.ParticipationEvent> = []
        for (const command of commands) {
          const result = ParticipationDecider.decide(command, state)
          if (Result.isSuccess(result)) {
            history.push(...result.success)
            for (const event of result.success) state = ParticipationDecider.evolve(state, event)
          }
        }
        expect(fold(ParticipationDecider.decider, history)).toEqual(state)
        const live = state.participations.filter((p) => p.deletedAt === null && !p.isImproved)
        expect(new Set(live.map((p) => p.userId)).size).toBe(live.length)
      }),
      { numRuns: 200 }
    )
  })
})
