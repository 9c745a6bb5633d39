import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type * as Campaign from "../src/campaign/Campaign.ts"
import { make } from "../src/campaign/testing.ts"
import { fold } from "../src/Decider.ts"
import * as Participation from "../src/participation/Participation.ts"
import type * as Event from "../src/participation/ParticipationEvent.ts"
import * as Arb from "../src/participation/testing.ts"
import * as Competences from "../src/referential/Competences.ts"

const t0 = make.timestamp("2026-09-01T08:00:00.000Z")
const t1 = make.timestamp("2026-09-02T08:00:00.000Z")
const t5 = make.timestamp("2026-09-06T08:00:00.000Z")
const campaignId = make.campaignId("c1")
const u1 = make.userId("u1")
const u2 = make.userId("u2")
const l1 = make.learnerId("l1")
const p1 = make.participationId("p1")
const p2 = make.participationId("p2")

const campaign = (overrides: Partial<Participation.CampaignToJoin> = {}): Participation.CampaignToJoin => ({
  campaignId,
  organizationId: make.organizationId("org1"),
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

const join = (overrides: Partial<Participation.JoinCampaign> = {}): Participation.JoinCampaign => ({
  _tag: "JoinCampaign",
  participationId: p1,
  userId: u1,
  campaign: campaign(),
  learner: { learnerId: l1, isDisabled: false },
  occurredAt: t0,
  ...overrides
})

const run = (commands: ReadonlyArray<Participation.ParticipationCommand>): ReadonlyArray<Event.ParticipationEvent> => {
  const history: Array<Event.ParticipationEvent> = []
  for (const command of commands)
    history.push(...Result.getOrThrow(Participation.decide(command, fold(Participation.decider, history))))
  return history
}

const failure = (history: ReadonlyArray<Event.ParticipationEvent>, command: Participation.ParticipationCommand) => {
  const result = Participation.decide(command, fold(Participation.decider, history))
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}

const outcome = (validatedSkillIds: ReadonlyArray<string>, at = t0): Participation.RecordAssessmentOutcome => ({
  _tag: "RecordAssessmentOutcome",
  participationId: p1,
  targetProfile: Arb.targetProfile,
  validatedSkillIds,
  testedSkillIds: ["s1", "s2", "s3", "s4"],
  occurredAt: at
})

const share = (overrides: Partial<Participation.ShareParticipation> = {}): Participation.ShareParticipation => ({
  _tag: "ShareParticipation",
  participationId: p1,
  userId: u1,
  campaign: { isArchived: false, isDeleted: false },
  targetProfile: Arb.targetProfile,
  occurredAt: t1,
  ...overrides
})

const shareProfile = (
  profile: Participation.ShareProfile["profile"],
  overrides: Partial<Participation.ShareProfile> = {}
): Participation.ShareProfile => ({
  _tag: "ShareProfile",
  participationId: p1,
  userId: u1,
  campaign: { isArchived: false, isDeleted: false },
  profile,
  occurredAt: t1,
  ...overrides
})

const multi = campaign({ multipleSendings: true, targetProfileResettable: true })

describe("joining a campaign (§5.2)", () => {
  it("starts an assessment STARTED and links it to the learner", () => {
    expect(run([join()])).toEqual([
      {
        _tag: "ParticipationStarted",
        participationId: p1,
        campaignId,
        organizationId: "org1",
        campaignType: "ASSESSMENT",
        userId: u1,
        participantExternalId: null,
        status: "STARTED",
        isRetry: false,
        isReset: false,
        occurredAt: t0
      },
      { _tag: "ParticipationLinked", participationId: p1, campaignId, learnerId: l1, userId: u1, occurredAt: t0 }
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
    expect(failure([], join({ learner: { learnerId: l1, isDisabled: true } }))).toMatchObject({
      _tag: "Forbidden",
      code: "ORGANIZATION_LEARNER_DISABLED",
      message: forbidden,
      meta: { learnerId: "l1" }
    })
  })

  it("2. refuses an archived or deleted campaign", () => {
    expect(failure([], join({ campaign: campaign({ isArchived: true }) }))).toMatchObject({
      _tag: "Forbidden",
      code: "CAMPAIGN_ARCHIVED",
      message: forbidden,
      meta: { campaignId: "c1" }
    })
    expect(failure([], join({ campaign: campaign({ isDeleted: true }) })).code).toBe("CAMPAIGN_DELETED")
  })

  it("checks a disabled learner before an archived campaign", () => {
    expect(
      failure([], join({ learner: { learnerId: l1, isDisabled: true }, campaign: campaign({ isArchived: true }) })).code
    ).toBe("ORGANIZATION_LEARNER_DISABLED")
  })

  it("3. refuses a restricted campaign to a user without learner", () => {
    expect(failure([], join({ learner: null }))).toMatchObject({
      _tag: "Forbidden",
      code: "CAMPAIGN_RESTRICTED_TO_ORGANIZATION_LEARNERS",
      message: forbidden,
      meta: { campaignId: "c1", userId: "u1" }
    })
  })

  it("4. refuses a second participation without multiple sendings", () => {
    expect(failure(run([join()]), join({ participationId: p2 }))).toMatchObject({
      _tag: "Conflict",
      code: "ALREADY_EXISTING_CAMPAIGN_PARTICIPATION",
      message: "Une participation à cette campagne existe déjà.",
      meta: { campaignId: "c1", userId: "u1" }
    })
  })

  const retake = "Vous ne pouvez pas repasser la campagne"
  it("5. refuses a retake after the participation was deleted", () => {
    const history = run([
      join({ campaign: multi }),
      {
        _tag: "DeleteParticipations",
        actor: { userId: u2, role: "ADMIN" },
        campaignOwnerId: u2,
        reason: "PARTICIPATION_DELETED",
        occurredAt: t1
      }
    ])
    expect(failure(history, join({ participationId: p2, campaign: multi }))).toMatchObject({
      _tag: "Forbidden",
      code: "CANNOT_RETAKE_CAMPAIGN",
      message: retake,
      meta: { reason: "PREVIOUS_PARTICIPATION_DELETED" }
    })
  })

  it("6. refuses a retake while the participation is not shared", () => {
    expect(failure(run([join({ campaign: multi })]), join({ participationId: p2, campaign: multi }))).toMatchObject({
      code: "CANNOT_RETAKE_CAMPAIGN",
      message: retake,
      meta: { reason: "PREVIOUS_PARTICIPATION_NOT_SHARED" }
    })
  })

  it("7. refuses a retake with nothing left to improve", () => {
    const history = run([join({ campaign: multi }), outcome(["s1", "s2", "s3", "s4"]), share()])
    expect(failure(history, join({ participationId: p2, campaign: multi, occurredAt: t5 }))).toMatchObject({
      code: "CANNOT_RETAKE_CAMPAIGN",
      meta: { reason: "NOTHING_TO_IMPROVE" }
    })
  })

  it("8. refuses a reset before 4 days, allows it after", () => {
    const history = run([join({ campaign: multi }), outcome(["s1", "s2", "s3", "s4"]), share()])
    expect(
      failure(history, join({ participationId: p2, campaign: multi, isReset: true, occurredAt: t1 }))
    ).toMatchObject({
      _tag: "Conflict",
      code: "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET",
      message: "Il n'est pas possible de remettre à zéro votre parcours pour le moment.",
      meta: { daysBeforeRetrying: 4 }
    })
    const resetEvents = Result.getOrThrow(
      Participation.decide(
        join({ participationId: p2, campaign: multi, isReset: true, occurredAt: t5 }),
        fold(Participation.decider, history)
      )
    )
    expect(resetEvents.map((e) => e._tag)).toEqual([
      "ParticipationImproved",
      "ParticipationStarted",
      "ParticipationLinked"
    ])
    expect(resetEvents[1]).toMatchObject({ isRetry: true, isReset: true, status: "STARTED" })
    // A target profile that does not allow resets never does.
    const noReset = campaign({ multipleSendings: true })
    expect(failure(history, join({ participationId: p2, campaign: noReset, isReset: true, occurredAt: t5 })).code).toBe(
      "NOT_ENOUGH_DAYS_PASSED_BEFORE_RESET"
    )
  })

  it("lets a shared participation with skills left be retaken, keeping the external id", () => {
    const withLabel = campaign({ multipleSendings: true, externalIdLabel: "Numéro" })
    const history = run([join({ campaign: withLabel, participantExternalId: "E-42" }), outcome(["s1"]), share()])
    const events = Result.getOrThrow(
      Participation.decide(join({ participationId: p2, campaign: withLabel }), fold(Participation.decider, history))
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
    const state = fold(Participation.decider, [...history, ...events])
    expect(state.participations.map((p) => [p.participationId, p.isImproved, p.status])).toEqual([
      ["p1", true, "SHARED"],
      ["p2", false, "STARTED"]
    ])
  })

  it("9. asks for the external id when the campaign has a label", () => {
    const withLabel = campaign({ externalIdLabel: "Numéro" })
    expect(failure([], join({ campaign: withLabel }))).toMatchObject({
      _tag: "InvalidInput",
      code: "PARTICIPANT_EXTERNAL_ID_REQUIRED",
      message: "Un identifiant externe est requis pour accèder à la campagne.",
      meta: { attribute: "participantExternalId" }
    })
    expect(failure([], join({ campaign: withLabel, participantExternalId: "   " })).code).toBe(
      "PARTICIPANT_EXTERNAL_ID_REQUIRED"
    )
    expect(failure([], join({ campaign: withLabel, participantExternalId: "x".repeat(256) })).code).toBe(
      "PARTICIPANT_EXTERNAL_ID_TOO_LONG"
    )
    expect(run([join({ campaign: withLabel, participantExternalId: " E-42 " })])[0]).toMatchObject({
      participantExternalId: "E-42"
    })
  })

  it("10. refuses a learner who already participated under another account", () => {
    expect(failure(run([join()]), join({ participationId: p2, userId: u2 }))).toMatchObject({
      _tag: "Conflict",
      code: "ORGANIZATION_LEARNER_HAS_ALREADY_PARTICIPATED",
      meta: { learnerId: "l1" }
    })
  })

  it("refuses when the organization has no place left", () => {
    expect(failure([], join({ placesLimitReached: true }))).toMatchObject({
      _tag: "Forbidden",
      code: "MAXIMUM_PLACES_REACHED",
      meta: { organizationId: "org1" }
    })
  })

  it("refuses a participation id used twice", () => {
    expect(failure(run([join({ campaign: multi })]), join({ campaign: multi, userId: u2 })).code).toBe(
      "PARTICIPATION_ALREADY_EXISTS"
    )
  })
})

describe("linking a participation to its learner later", () => {
  const open = join({ learner: null, campaign: campaign({ isRestricted: false }) })
  const link: Participation.LinkParticipation = {
    _tag: "LinkParticipation",
    participationId: p1,
    learnerId: l1,
    occurredAt: t1
  }

  it("records ParticipationLinked once; the same link again decides nothing; another learner is refused", () => {
    const history = run([open, link])
    expect(history[1]).toEqual({
      _tag: "ParticipationLinked",
      participationId: p1,
      campaignId,
      learnerId: l1,
      userId: u1,
      occurredAt: t1
    })
    expect(fold(Participation.decider, history).participations[0]?.learnerId).toBe("l1")
    expect(Result.getOrThrow(Participation.decide(link, fold(Participation.decider, history)))).toEqual([])
    expect(failure(history, { ...link, learnerId: make.learnerId("l2") })).toEqual(
      expect.objectContaining({
        _tag: "Conflict",
        code: "PARTICIPATION_ALREADY_LINKED",
        message: "Cette participation est déjà rattachée à un autre élève.",
        meta: { participationId: "p1", learnerId: "l1" }
      })
    )
    expect(failure([], link).code).toBe("CAMPAIGN_PARTICIPATION_NOT_FOUND")
  })
})

describe("assessment outcome and sharing", () => {
  it("records the outcome within the target profile, then TO_SHARE", () => {
    const history = run([join(), outcome(["s1", "s3", "s1", "unknown"])])
    expect(history[2]).toEqual({
      _tag: "AssessmentCompleted",
      participationId: p1,
      campaignId,
      validatedSkillIds: ["s1", "s3"],
      testedSkillIds: ["s1", "s2", "s3", "s4"],
      occurredAt: t0
    })
    expect(fold(Participation.decider, history).participations[0]?.status).toBe("TO_SHARE")
    expect(failure(history, outcome([])).code).toBe("ASSESSMENT_ALREADY_COMPLETED")
    expect(failure([], outcome([]))).toMatchObject({ _tag: "NotFound", code: "CAMPAIGN_PARTICIPATION_NOT_FOUND" })
  })

  it("shares with the mastery rate per competence and per area", () => {
    const history = run([join(), outcome(["s1", "s3"]), share()])
    expect(history[3]).toEqual({
      _tag: "ParticipationShared",
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
    expect(fold(Participation.decider, history).participations[0]).toMatchObject({
      status: "SHARED",
      sharedAt: t1,
      masteryRate: 0.5
    })
  })

  it("refuses to share in Pix's order", () => {
    const started = run([join()])
    const completed = run([join(), outcome(["s1"])])
    const shared = run([join(), outcome(["s1"]), share()])
    expect(failure(shared, share({ campaign: { isArchived: true, isDeleted: false } }))).toMatchObject({
      code: "ALREADY_SHARED_CAMPAIGN_PARTICIPATION",
      message: "Ces résultats de campagne ont déjà été partagés."
    })
    expect(failure(completed, share({ campaign: { isArchived: true, isDeleted: false } }))).toMatchObject({
      code: "CAMPAIGN_ARCHIVED",
      message: "Cette campagne est déjà archivée."
    })
    expect(failure(completed, share({ campaign: { isArchived: false, isDeleted: true } })).code).toBe(
      "CAMPAIGN_DELETED"
    )
    expect(failure(started, share())).toMatchObject({ _tag: "Conflict", code: "ASSESSMENT_NOT_COMPLETED" })
    expect(failure(completed, share({ userId: u2 }))).toMatchObject({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_SHARE_PARTICIPATION"
    })
    expect(failure(completed, shareProfile([])).code).toBe("WRONG_CAMPAIGN_TYPE")
    const deleted = [
      ...completed,
      ...Result.getOrThrow(
        Participation.decide(
          {
            _tag: "DeleteParticipations",
            actor: { userId: u2, role: "ADMIN" },
            campaignOwnerId: u2,
            reason: "PARTICIPATION_DELETED",
            occurredAt: t1
          },
          fold(Participation.decider, completed)
        )
      )
    ]
    expect(failure(deleted, share())).toMatchObject({ code: "CAMPAIGN_PARTICIPATION_DELETED" })
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
    const history = run([profiles])
    const [event] = Result.getOrThrow(Participation.decide(shareProfile(profile), fold(Participation.decider, history)))
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
      Participation.decide(shareProfile(profile), fold(Participation.decider, run([profiles])))
    )
    expect(event).toMatchObject({ isCertifiable: false, certifiableCompetencesCount: 4, pixScore: 48 })
  })

  it("refuses an unknown competence", () => {
    expect(failure(run([profiles]), shareProfile([{ competenceId: "6.1", pixScore: 3 }]))).toMatchObject({
      _tag: "InvalidInput",
      code: "INVALID_PROFILE",
      meta: { competenceId: "6.1" }
    })
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
  const remove = (actor: Campaign.Actor): Participation.DeleteParticipations => ({
    _tag: "DeleteParticipations",
    actor,
    campaignOwnerId: u2,
    reason: "CAMPAIGN_DELETED",
    occurredAt: t1
  })

  it("deletes every live participation for the owner or an admin", () => {
    const history = run([
      join({ campaign: multi }),
      outcome(["s1"]),
      share(),
      join({ participationId: p2, campaign: multi })
    ])
    const events = Result.getOrThrow(
      Participation.decide(remove({ userId: u2, role: "MEMBER" }), fold(Participation.decider, history))
    )
    expect(events).toEqual([
      {
        _tag: "ParticipationDeleted",
        participationId: p1,
        campaignId,
        deletedBy: u2,
        reason: "CAMPAIGN_DELETED",
        occurredAt: t1
      },
      {
        _tag: "ParticipationDeleted",
        participationId: p2,
        campaignId,
        deletedBy: u2,
        reason: "CAMPAIGN_DELETED",
        occurredAt: t1
      }
    ])
    expect(failure([...history, ...events], remove({ userId: u2, role: "ADMIN" })).code).toBe(
      "CAMPAIGN_PARTICIPATION_NOT_FOUND"
    )
    expect(failure(history, remove({ userId: u1, role: "MEMBER" }))).toMatchObject({
      _tag: "Forbidden",
      code: "USER_NOT_AUTHORIZED_TO_DELETE_PARTICIPATION"
    })
  })
})

describe("participation decider properties", () => {
  it("evolve is total over arbitrary histories", () => {
    fc.assert(
      fc.property(fc.array(Arb.event, { maxLength: 30 }), (events) => {
        expect(() => fold(Participation.decider, events)).not.toThrow()
      }),
      { numRuns: 200 }
    )
  })

  it("decide never throws; replaying the decided history rebuilds the same state; one live participation per user", () => {
    fc.assert(
      fc.property(fc.array(Arb.command, { maxLength: 20 }), (commands) => {
        let state = Participation.decider.initialState
        const history: Array<Event.ParticipationEvent> = []
        for (const command of commands) {
          const result = Participation.decide(command, state)
          if (Result.isSuccess(result)) {
            history.push(...result.success)
            for (const event of result.success) state = Participation.evolve(state, event)
          }
        }
        expect(fold(Participation.decider, history)).toEqual(state)
        const live = state.participations.filter((p) => p.deletedAt === null && !p.isImproved)
        expect(new Set(live.map((p) => p.userId)).size).toBe(live.length)
      }),
      { numRuns: 200 }
    )
  })
})
