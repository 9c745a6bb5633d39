/**
 * The read side's projections: each in-place read model folds every event as the decider's own pure fold
 * does (one transition per event, two ways of applying it), keeps its indexes true to its states, and ignores
 * events about things it does not hold.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import { project } from "../src/Decider.ts"
import * as Participation from "../src/participation/Participation.ts"
import * as ParticipationDecider from "../src/participation/ParticipationDecider.ts"
import type * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import * as Directory from "../src/projection/Directory.ts"
import * as ImportHistory from "../src/projection/ImportHistory.ts"
import * as Participations from "../src/projection/Participations.ts"
import * as Rosters from "../src/projection/Rosters.ts"
import * as Roster from "../src/roster/Roster.ts"
import * as RosterDecider from "../src/roster/RosterDecider.ts"
import type * as RosterEvent from "../src/roster/RosterEvent.ts"
import * as StudentRecord from "../src/roster/StudentRecord.ts"
import * as Arbitraries from "../src/testing/Arbitraries.ts"
import * as ParticipationArb from "../src/testing/ParticipationArbitraries.ts"

// A roster as plain sorted data, whatever its maps.
const plain = (roster: Roster.Roster) => ({
  learners: [...roster.learners.values()]
    .map((learner) => ({ ...learner, record: StudentRecord.pick(learner.record) }))
    .sort((a, b) => a.learnerId.localeCompare(b.learnerId)),
  byIne: [...roster.byIne.entries()].sort(),
  byUser: [...roster.byUser.entries()].sort(),
  lastImport: roster.lastImport
})

// Every organization's roster, folded by the decider (persistent maps).
const byDecider = (events: ReadonlyArray<RosterEvent.RosterEvent>) => {
  const rosters = new Map<string, Roster.Roster>()
  for (const event of events)
    rosters.set(event.organizationId, RosterDecider.evolve(rosters.get(event.organizationId) ?? Roster.initial, event))
  return rosters
}

// The links the rosters hold, computed from scratch (what the indexes must say).
const linksOf = (rosters: ReadonlyMap<string, Roster.Roster>) => {
  const links: Array<string> = []
  for (const [organizationId, roster] of rosters)
    for (const learner of roster.learners.values())
      if (learner.userId !== null) links.push(`${learner.userId} ${organizationId}/${learner.learnerId}`)
  return links.sort()
}

describe("Rosters (in place)", () => {
  it("folds every history as RosterDecider.evolve does", () => {
    fc.assert(
      fc.property(fc.array(Arbitraries.rosterEventInPools, { maxLength: 40 }), (events) => {
        const model = Rosters.make()
        for (const event of events) Rosters.apply(model, event)
        const expected = byDecider(events)
        expect([...model.rosters.keys()].sort()).toEqual([...expected.keys()].sort())
        for (const [organizationId, roster] of expected)
          expect(plain(Rosters.rosterOf(model, organizationId))).toEqual(plain(roster))
      })
    )
  })

  it("keeps the accounts' links true to the rosters, and each INE's link on a linked learner", () => {
    fc.assert(
      fc.property(fc.array(Arbitraries.rosterEventInPools, { maxLength: 40 }), (events) => {
        const model = Rosters.make()
        for (const event of events) Rosters.apply(model, event)
        const indexed = [...model.linksByUser].flatMap(([userId, links]) =>
          [...links.keys()].map((key) => `${userId} ${key}`)
        )
        expect(indexed.sort()).toEqual(linksOf(model.rosters))
        for (const [ine, linked] of model.linkedByIne) {
          const learner = Rosters.rosterOf(model, linked.organizationId).learners.get(linked.learnerId as never)
          expect(learner?.userId).toBe(linked.userId)
          expect(learner?.record.nationalStudentId).toBe(ine)
        }
      })
    )
  })

  it("moves a linked learner's INE link when a re-import changes the INE", () => {
    const imported = (nationalStudentId: string, occurredAt: string) =>
      ({
        _tag: "StudentImported",
        organizationId: "org-1",
        learnerId: "learner-1",
        nationalStudentId,
        firstName: "Léa",
        middleName: null,
        thirdName: null,
        lastName: "Martin",
        preferredLastName: null,
        sex: "F",
        birthdate: "2012-05-14",
        birthCountryCode: "100",
        birthProvinceCode: null,
        birthCityCode: null,
        birthCity: null,
        MEFCode: null,
        status: "ST",
        division: "3A",
        schoolYear: "2026",
        actorId: "admin-1",
        occurredAt
      }) as unknown as RosterEvent.RosterEvent
    const linked = {
      _tag: "StudentAccountLinked",
      organizationId: "org-1",
      learnerId: "learner-1",
      userId: "user-1",
      actorId: null,
      occurredAt: "2026-10-02T08:00:00.000Z"
    } as unknown as RosterEvent.RosterEvent
    const model = Rosters.make()
    for (const event of [
      imported("123456789AA", "2026-09-01T08:00:00.000Z"),
      linked,
      imported("123456789BB", "2026-11-30T08:00:00.000Z")
    ])
      Rosters.apply(model, event)
    expect(model.linkedByIne.has("123456789AA")).toBe(false)
    expect(model.linkedByIne.get("123456789BB")?.learnerId).toBe("learner-1")
  })

  it("answers an empty roster for an organization without events", () => {
    expect(Rosters.rosterOf(Rosters.make(), "org-unknown").learners.size).toBe(0)
  })
})

describe("Participations (in place)", () => {
  const streams = fc.constantFrom("stream-a", "stream-b")

  it("keeps each stream's state as ParticipationDecider.evolve leaves it", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(streams, ParticipationArb.event), { maxLength: 40 }), (history) => {
        const model = Participations.make()
        for (const [streamId, event] of history) Participations.apply(model, streamId, event)
        for (const streamId of ["stream-a", "stream-b"]) {
          const events = history.filter(([stream]) => stream === streamId).map(([, event]) => event)
          const expected = project(ParticipationDecider.decider, events)
          const actual = model.streams.get(streamId) ?? Participation.initial
          expect({ ...actual, participations: [...actual.participations] }).toEqual(expected)
        }
      })
    )
  })

  it("lists a campaign's participations once each, in start order, and views them with their stream's state", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(streams, ParticipationArb.event), { maxLength: 40 }), (history) => {
        const model = Participations.make()
        for (const [streamId, event] of history) Participations.apply(model, streamId, event)
        for (const ids of model.byCampaign.values()) {
          expect(new Set(ids).size).toBe(ids.length)
          for (const id of ids) {
            const view = Participations.view(model, id)
            const state = model.streams.get(model.info.get(id)!.streamId)!
            expect(view?.status).toBe(state.participations.find((p) => p.participationId === id)?.status)
          }
        }
      })
    )
  })

  it("views a deleted participation anonymised (§4.4: no user, no external id), a live one as its stream holds it", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(streams, ParticipationArb.event), { maxLength: 40 }), (history) => {
        const model = Participations.make()
        for (const [streamId, event] of history) Participations.apply(model, streamId, event)
        for (const [id, info] of model.info) {
          const view = Participations.view(model, id)!
          const held = model.streams.get(info.streamId)!.participations.find((p) => p.participationId === id)!
          if (held.deletedAt === null)
            expect([view.userId, view.participantExternalId]).toEqual([held.userId, held.participantExternalId])
          else expect([view.userId, view.participantExternalId]).toEqual([null, null])
        }
      })
    )
  })

  it("changes nothing for an event about a participation it does not hold", () => {
    const model = Participations.make()
    const deleted = {
      _tag: "ParticipationDeleted",
      participationId: "p-unknown",
      campaignId: "c-1",
      deletedBy: "u-1",
      reason: "CAMPAIGN_DELETED",
      occurredAt: "2026-09-01T08:00:00.000Z"
    } as unknown as ParticipationEvent.ParticipationEvent
    Participations.apply(model, "stream-a", deleted)
    expect(model.streams.get("stream-a")?.participations).toEqual([])
    expect(model.info.size).toBe(0)
    expect(Participations.view(model, "p-unknown")).toBeUndefined()
  })
})

describe("ImportHistory", () => {
  it("lists imports and refusals, oldest first, with their counts or errors", () => {
    const completed = {
      _tag: "SiecleImportCompleted",
      organizationId: "org-1",
      schoolYear: "2026",
      fileName: "eleves.xml",
      importedCount: 3,
      disabledCount: 1,
      reenabledCount: 0,
      linkedCount: 0,
      actorId: "admin",
      occurredAt: "2026-09-01T08:00:00.000Z"
    } as unknown as ImportHistory.Event
    const rejected: ImportHistory.Event = {
      _tag: "SiecleImportRejected",
      organizationId: "org-1",
      fileName: "faux.xml",
      schoolYear: null,
      errors: [{ code: "INVALID_FILE", message: "Fichier invalide", meta: null }],
      errorCounts: { INVALID_FILE: 1 },
      errorTotal: 1,
      actorId: "admin",
      occurredAt: "2026-09-02T08:00:00.000Z"
    }
    const history = project(ImportHistory.projection, [completed, rejected])
    expect(history.map((entry) => [entry.fileName, entry.status, entry.counts.imported, entry.errors.length])).toEqual([
      ["eleves.xml", "IMPORTED", 3, 0],
      ["faux.xml", "VALIDATION_ERROR", 0, 1]
    ])
  })
})

describe("ImportHistory: one entry per import, Pix's statuses", () => {
  const base = {
    organizationId: "org-1",
    fileName: "eleves.xml",
    actorId: "admin",
    occurredAt: "2026-09-03T08:00:00.000Z"
  }
  const completed = {
    ...base,
    _tag: "SiecleImportCompleted",
    schoolYear: "2026",
    importedCount: 3,
    disabledCount: 0,
    reenabledCount: 0,
    linkedCount: 0
  } as unknown as ImportHistory.Event
  const recorded: ImportHistory.Event = {
    ...base,
    _tag: "SiecleImportRecorded",
    schoolYear: "2026",
    studentsInFile: 3,
    added: 2,
    updated: 1,
    disabled: 0,
    reenabled: 0,
    unchanged: 0,
    skipped: { left: 1, notArrived: 0, noDivision: 0 },
    skippedStudents: [
      { reason: "LEFT", nationalStudentId: "1", lastName: "A", firstName: "B", division: "3A", leftOn: "2026-09-01" }
    ]
  }

  it("an import that wrote both the roster's completion and its record is one entry, in either order", () => {
    for (const events of [
      [completed, recorded],
      [recorded, completed]
    ]) {
      const history = project(ImportHistory.projection, events)
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({ status: "IMPORTED", skipped: { left: 1 }, counts: { imported: 3 } })
    }
  })

  it("two imports of the same file at different times are two entries (an identical re-import has its own)", () => {
    const later = { ...recorded, occurredAt: "2026-09-04T08:00:00.000Z" }
    expect(project(ImportHistory.projection, [completed, recorded, later])).toHaveLength(2)
  })

  it("a file over the upload limit is an UPLOAD_ERROR, another refusal a VALIDATION_ERROR", () => {
    const refused = (code: string): ImportHistory.Event => ({
      ...base,
      _tag: "SiecleImportRejected",
      schoolYear: null,
      errors: [{ code, message: code, meta: {} }],
      errorCounts: { [code]: 1 },
      errorTotal: 1
    })
    expect(
      project(ImportHistory.projection, [refused("PAYLOAD_TOO_LARGE"), refused("INE_UNIQUE")]).map((e) => e.status)
    ).toEqual(["UPLOAD_ERROR", "VALIDATION_ERROR"])
  })
})

describe("Directory", () => {
  it("lists an organization's campaigns once, in creation order", () => {
    const created = (campaignId: string) => ({ _tag: "CampaignCreated", campaignId }) as CampaignEvent.CampaignCreated
    const campaigns = project(Directory.campaignsOfOrganization, [created("c-1"), created("c-2"), created("c-1")])
    expect(campaigns).toEqual(["c-1", "c-2"])
  })

  it("keeps the last value of a code, a login and a deadline", () => {
    const code = (campaignId: string) =>
      ({ _tag: "CampaignCodeReserved", code: "ABCDEF234", campaignId }) as CampaignEvent.CampaignCodeReserved
    expect(project(Directory.campaignOfCode, [])).toBeNull()
    expect(project(Directory.campaignOfCode, [code("c-1"), code("c-2")])).toBe("c-2")
    expect(
      project(Directory.userOfLogin, [{ _tag: "UserLoginReserved", login: "camille.martin", userId: "u-1" }])
    ).toBe("u-1")
    const deadline = (date: string) => ({ _tag: "CollectionDeadlineSet" as const, deadline: date })
    expect(project(Directory.collectionDeadline(), [deadline("2027-05-01"), deadline("2027-06-01")])?.deadline).toBe(
      "2027-06-01"
    )
  })
})
