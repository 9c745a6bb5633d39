/**
 * The campaign analysis read model: the figures kept event by event equal the aggregate of the live
 * participations computed from scratch; an area's mastery is the aggregate of its competences; the campaign's
 * averages are the mean of its participants' own figures; days are Paris days.
 */
import { fc, it as prop } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import type * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import type * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import * as CampaignAnalysis from "../src/projection/CampaignAnalysis.ts"
import * as Competences from "../src/referential/Competences.ts"
import type * as Ids from "../src/values/Ids.ts"
import type * as Timestamp from "../src/values/Timestamp.ts"

const campaignId = "c1" as Ids.CampaignId
const pid = (n: number) => `p${n}` as Ids.ParticipationId
const at = (millis: number) => new Date(millis).toISOString() as Timestamp.Timestamp
const t0 = Date.UTC(2026, 8, 14, 8)

const started = (
  n: number,
  type: CampaignEvent.CampaignType,
  millis: number
): ParticipationEvent.ParticipationStarted => ({
  _tag: "ParticipationStarted",
  participationId: pid(n),
  campaignId,
  organizationId: "o1" as Ids.OrganizationId,
  campaignType: type,
  userId: `u${n}` as Ids.UserId,
  participantExternalId: null,
  status: type === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
  isRetry: false,
  isReset: false,
  occurredAt: at(millis)
})

const competenceIds = ["1.1", "1.2", "2.1", "3.4"] as const
const targets: Record<string, number> = { "1.1": 3, "1.2": 2, "2.1": 3, "3.4": 4 }
const profile = {
  skills: competenceIds.flatMap((competenceId) =>
    Array.from({ length: targets[competenceId]! }, (_, index) => ({
      id: `${competenceId}-${index}`,
      name: `@s${index + 1}`,
      tube: "@s",
      difficulty: index + 1,
      competenceId
    }))
  )
}

const assessmentShared = (
  n: number,
  validated: ReadonlyArray<number>,
  millis: number
): ParticipationEvent.ParticipationShared => ({
  _tag: "ParticipationShared",
  participationId: pid(n),
  campaignId,
  validatedSkillsCount: validated.reduce((a, b) => a + b, 0),
  targetSkillsCount: 12,
  masteryRate: validated.reduce((a, b) => a + b, 0) / 12,
  competences: competenceIds.map((id, index) => ({
    id,
    validatedSkillsCount: validated[index]!,
    targetSkillsCount: targets[id]!
  })),
  areas: [],
  occurredAt: at(millis)
})

const profileShared = (n: number, pix: ReadonlyArray<number>, millis: number): ParticipationEvent.ProfileShared => ({
  _tag: "ProfileShared",
  participationId: pid(n),
  campaignId,
  competences: Competences.competences.map((competence, index) => ({
    competenceId: competence.id,
    pixScore: pix[index]!,
    level: Competences.levelFromPix(pix[index]!)
  })),
  pixScore: pix.reduce((a, b) => a + b, 0),
  masteryRate: 0,
  isCertifiable: false,
  certifiableCompetencesCount: 0,
  occurredAt: at(millis)
})

// Any sequence of participation events on one campaign: starts, completions, shares, retakes, deletions, in any
// order (events about a participation not started yet change nothing, as in a log).
const step = (type: CampaignEvent.CampaignType) =>
  fc
    .record({
      n: fc.integer({ min: 0, max: 5 }),
      kind: fc.constantFrom("start", "complete", "share", "improve", "delete", "link"),
      hours: fc.integer({ min: 0, max: 24 * 60 }),
      validated: fc.tuple(fc.nat(3), fc.nat(2), fc.nat(3), fc.nat(4)),
      pix: fc.array(fc.nat(40), { minLength: 16, maxLength: 16 })
    })
    .map(({ n, kind, hours, validated, pix }): CampaignAnalysis.Event => {
      const millis = t0 + hours * 3_600_000
      switch (kind) {
        case "start":
          return started(n, type, millis)
        case "complete":
          return {
            _tag: "AssessmentCompleted",
            participationId: pid(n),
            campaignId,
            validatedSkillIds: [],
            testedSkillIds: [],
            occurredAt: at(millis)
          }
        case "share":
          return type === "ASSESSMENT" ? assessmentShared(n, validated, millis) : profileShared(n, pix, millis)
        case "improve":
          return {
            _tag: "ParticipationImproved",
            participationId: pid(n),
            campaignId,
            improvedBy: pid(n + 10),
            occurredAt: at(millis)
          }
        case "delete":
          return {
            _tag: "ParticipationDeleted",
            participationId: pid(n),
            campaignId,
            deletedBy: "u0" as Ids.UserId,
            reason: "PARTICIPATION_DELETED",
            occurredAt: at(millis)
          } as ParticipationEvent.ParticipationEvent
        default:
          return {
            _tag: "ParticipationLinked",
            participationId: pid(n),
            campaignId,
            learnerId: `l${n}` as Ids.LearnerId,
            occurredAt: at(millis)
          } as ParticipationEvent.ParticipationEvent
      }
    })

const type = fc.constantFrom<CampaignEvent.CampaignType>("ASSESSMENT", "PROFILES_COLLECTION")
const history = type.chain((t) =>
  fc.tuple(fc.constant(t), fc.array(step(t), { maxLength: 60 })).map(([t, events]) => ({
    type: t,
    // The campaign begins with a start, as every campaign's participations do.
    events: [started(0, t, t0) as CampaignAnalysis.Event, ...events]
  }))
)

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b)
  expect(a).toBeCloseTo(b, 9)
}

describe("CampaignAnalysis", () => {
  prop.prop([history])(
    "the figures kept event by event equal the aggregate of the live participations",
    ({ type: t, events }) => {
      const state = CampaignAnalysis.make()
      CampaignAnalysis.track(state, campaignId, t, [])
      for (const event of events) CampaignAnalysis.apply(state, event)
      const campaign = state.campaigns.get(campaignId)!
      expect(CampaignAnalysis.revisionOf(state, campaignId)).toBe(events.length)
      const fromScratch = CampaignAnalysis.sumsOf(t, campaign.entries.values())
      expect(campaign.shared).toBe(fromScratch.shared)
      expect(new Map(campaign.figures)).toEqual(new Map(fromScratch.figures))
      expect(new Map(campaign.levels)).toEqual(new Map(fromScratch.levels))
      const live = [...campaign.entries.values()].filter((entry) => entry.live)
      const activity = CampaignAnalysis.activityOf(campaign)
      expect([activity.started, activity.completed, activity.shared]).toEqual([
        live.filter((entry) => entry.status === "STARTED").length,
        live.filter((entry) => entry.status === "TO_SHARE").length,
        live.filter((entry) => entry.status === "SHARED").length
      ])
      // The cumulative curves end at the live participations started and shared.
      expect(activity.days.at(-1)?.startedTotal ?? 0).toBe(live.length)
      expect(activity.days.at(-1)?.sharedTotal ?? 0).toBe(live.filter((entry) => entry.sharedDay !== null).length)
      expect(activity.days.map((day) => day.day)).toEqual([...activity.days.map((day) => day.day)].sort())
    }
  )

  prop.prop([history, fc.nat()])(
    "tracked midway from the participations as they are, a campaign's figures equal those folded from the start",
    ({ type: t, events }, cut) => {
      const split = cut % (events.length + 1)
      const reference = CampaignAnalysis.make()
      CampaignAnalysis.track(reference, campaignId, t, [])
      const late = CampaignAnalysis.make()
      events.forEach((event, index) => {
        if (index === split)
          CampaignAnalysis.track(late, campaignId, t, [...reference.campaigns.get(campaignId)!.entries])
        CampaignAnalysis.apply(reference, event)
        CampaignAnalysis.apply(late, event)
      })
      if (split === events.length)
        CampaignAnalysis.track(late, campaignId, t, [...reference.campaigns.get(campaignId)!.entries])
      const a = reference.campaigns.get(campaignId)!
      const b = late.campaigns.get(campaignId)!
      expect(CampaignAnalysis.activityOf(b)).toEqual(CampaignAnalysis.activityOf(a))
      expect(CampaignAnalysis.analysisOf(t, b, profile)).toEqual(CampaignAnalysis.analysisOf(t, a, profile))
      expect(CampaignAnalysis.revisionOf(late, campaignId)).toBe(events.length)
    }
  )

  it("an entry from a participation's state is the entry its events fold to", () => {
    const state = CampaignAnalysis.make()
    CampaignAnalysis.track(state, campaignId, "ASSESSMENT", [])
    for (const event of [started(1, "ASSESSMENT", t0), assessmentShared(1, [3, 2, 0, 1], t0 + 23 * 3_600_000)])
      CampaignAnalysis.apply(state, event)
    const folded = state.campaigns.get(campaignId)!.entries.get(pid(1))!
    const fromView = CampaignAnalysis.entryOf(
      {
        status: "SHARED",
        createdAt: at(t0),
        sharedAt: at(t0 + 23 * 3_600_000),
        isImproved: false,
        deletedAt: null
      },
      { "1.1": 3, "1.2": 2, "2.1": 0, "3.4": 1 }
    )
    expect(fromView).toEqual(folded)
    expect(fromView.sharedDay).toBe("2026-09-15")
  })

  prop.prop([type, fc.array(fc.array(fc.nat(40), { minLength: 16, maxLength: 16 }), { maxLength: 30 })])(
    "an area's mastery is the aggregate of its competences; the campaign's averages are the mean of its participants'",
    (t, participants) => {
      const records = participants.map((pix) =>
        t === "ASSESSMENT"
          ? Object.fromEntries(competenceIds.map((id, index) => [id, Math.min(pix[index]! % 5, targets[id]!)]))
          : Object.fromEntries(Competences.competenceIds.map((id, index) => [id, pix[index]!]))
      )
      const analysis = CampaignAnalysis.analysisOf(t, CampaignAnalysis.sumsOfRecords(t, records), profile)
      for (const area of analysis.areas) {
        const own = analysis.competences.filter((competence) => competence.areaId === area.id)
        expect(own.length).toBeGreaterThan(0)
        if (t === "ASSESSMENT") {
          const validated = own.reduce((sum, c) => sum + (c.averageValidatedSkills ?? 0), 0)
          const target = own.reduce((sum, c) => sum + (c.targetSkillsCount ?? 0), 0)
          expect(area.targetSkillsCount).toBe(target)
          close(area.masteryRate, records.length === 0 ? null : validated / target)
        } else {
          const pix = own.reduce((sum, c) => sum + (c.averagePixScore ?? 0), 0)
          expect(area.maxPixScore).toBe(own.length * 40)
          close(area.masteryRate, records.length === 0 ? null : pix / (own.length * 40))
          close(
            area.averageLevel,
            records.length === 0 ? null : own.reduce((sum, c) => sum + (c.averageLevel ?? 0), 0) / own.length
          )
        }
      }
      // Linear: the campaign's average of a competence is the mean of each participant's own analysis.
      const each = records.map((record) =>
        CampaignAnalysis.analysisOf(t, CampaignAnalysis.sumsOfRecords(t, [record]), profile)
      )
      analysis.competences.forEach((competence, index) => {
        const mine = each.map((one) => one.competences[index]!)
        const mean = (field: (m: CampaignAnalysis.Mastery) => number | null) =>
          mine.length === 0 ? null : mine.reduce((sum, m) => sum + (field(m) ?? 0), 0) / mine.length
        close(
          competence.masteryRate,
          mean((m) => m.masteryRate)
        )
        close(competence.averageLevel, t === "ASSESSMENT" ? null : mean((m) => m.averageLevel))
      })
    }
  )

  it("an assessment's competences are its target profile's; nobody shared yet: no average, no rate", () => {
    const empty = CampaignAnalysis.analysisOf("ASSESSMENT", CampaignAnalysis.sumsOf("ASSESSMENT", []), profile)
    expect(empty.competences.map((c) => [c.id, c.targetSkillsCount, c.masteryRate])).toEqual([
      ["1.1", 3, null],
      ["1.2", 2, null],
      ["2.1", 3, null],
      ["3.4", 4, null]
    ])
    expect(empty.areas.map((a) => [a.id, a.targetSkillsCount])).toEqual([
      ["1", 5],
      ["2", 3],
      ["3", 4]
    ])
    expect(empty.masteryRate).toBeNull()
  })

  it("two students: 1.1 validated 3 and 1 of 3 → average 2, rate 2/3; area 1 is (2 + 1) / 5", () => {
    const state = CampaignAnalysis.make()
    CampaignAnalysis.track(state, campaignId, "ASSESSMENT", [])
    for (const event of [
      started(1, "ASSESSMENT", t0),
      started(2, "ASSESSMENT", t0),
      assessmentShared(1, [3, 2, 0, 0], t0 + 3_600_000),
      assessmentShared(2, [1, 0, 0, 0], t0 + 3_600_000)
    ])
      CampaignAnalysis.apply(state, event)
    const analysis = CampaignAnalysis.analysisOf("ASSESSMENT", state.campaigns.get(campaignId)!, profile)
    expect(analysis.sharedCount).toBe(2)
    expect(analysis.competences[0]).toMatchObject({ id: "1.1", averageValidatedSkills: 2 })
    close(analysis.competences[0]!.masteryRate, 2 / 3)
    close(analysis.areas[0]!.masteryRate, 3 / 5)
    close(analysis.masteryRate, 3 / 12)
  })

  it("a retake counts only the latest participation; a deleted one no longer counts", () => {
    const state = CampaignAnalysis.make()
    CampaignAnalysis.track(state, campaignId, "PROFILES_COLLECTION", [])
    for (const event of [
      started(1, "PROFILES_COLLECTION", t0),
      profileShared(1, Array(16).fill(8), t0),
      {
        _tag: "ParticipationImproved",
        participationId: pid(1),
        campaignId,
        improvedBy: pid(2),
        occurredAt: at(t0)
      } as const,
      started(2, "PROFILES_COLLECTION", t0 + 86_400_000),
      profileShared(2, Array(16).fill(16), t0 + 86_400_000)
    ])
      CampaignAnalysis.apply(state, event)
    const campaign = state.campaigns.get(campaignId)!
    const analysis = CampaignAnalysis.analysisOf("PROFILES_COLLECTION", campaign, undefined)
    expect(analysis.competences[0]).toMatchObject({ averagePixScore: 16, averageLevel: 2, maxPixScore: 40 })
    expect(CampaignAnalysis.activityOf(campaign)).toEqual({
      started: 0,
      completed: 0,
      shared: 1,
      days: [{ day: "2026-09-15", started: 1, shared: 1, startedTotal: 1, sharedTotal: 1 }]
    })
    CampaignAnalysis.apply(state, {
      _tag: "ParticipationDeleted",
      participationId: pid(2),
      campaignId,
      deletedBy: "u0" as Ids.UserId,
      reason: "PARTICIPATION_DELETED",
      occurredAt: at(t0 + 2 * 86_400_000)
    } as ParticipationEvent.ParticipationEvent)
    expect(CampaignAnalysis.analysisOf("PROFILES_COLLECTION", campaign, undefined).sharedCount).toBe(0)
    expect(CampaignAnalysis.activityOf(campaign)).toEqual({ started: 0, completed: 0, shared: 0, days: [] })
  })

  const paris = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit"
  })
  prop.prop([fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) })])(
    "parisDay is the day in Paris, summer time included",
    (millis) => {
      expect(CampaignAnalysis.parisDay(new Date(millis).toISOString())).toBe(paris.format(millis))
    }
  )

  it("parisDay around the changes of time and midnight", () => {
    expect(CampaignAnalysis.parisDay("2026-03-28T23:30:00.000Z")).toBe("2026-03-29")
    expect(CampaignAnalysis.parisDay("2026-03-29T22:30:00.000Z")).toBe("2026-03-30")
    expect(CampaignAnalysis.parisDay("2026-10-24T22:30:00.000Z")).toBe("2026-10-25")
    expect(CampaignAnalysis.parisDay("2026-10-25T22:30:00.000Z")).toBe("2026-10-25")
    expect(CampaignAnalysis.parisDay("2026-10-25T23:30:00.000Z")).toBe("2026-10-26")
  })
})
