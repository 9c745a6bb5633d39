/**
 * The campaign analysis, as a scenario run on every store: a class of 3e and one of 4e take an assessment and
 * a profiles collection; the teacher reads mastery by competence and area for the campaign and for each class,
 * one student's detail, the activity by status and by day, and the results page by page (sorted by class then
 * name, searched without accents, filtered by status and class); a bad page is refused in French; the figures
 * survive a restart (rebuilt from the log).
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import type * as Layer from "effect/Layer"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as CampaignExport from "../../src/export/CampaignExport.ts"
import * as Orga from "../../src/Orga.ts"
import { type Harness, harness, pixAdmin } from "./harness.ts"

const uai = "0331234X"
const organizationId = "college-jean-moulin"
const principal = Orga.user("principal")
const teacher = Orga.user("teacher")
const { eleve, inDivision, validStudent } = SiecleTesting

// Eight students: four in 3A, three in 4B, one in 3B; names chosen so that sorting by class then name shows.
const students = [
  { id: "1", ine: "1000000001A", last: "MARTIN", first: "Léa", division: "3A" },
  { id: "2", ine: "1000000002B", last: "ÉLOI", first: "Jules", division: "3A" },
  { id: "3", ine: "1000000003C", last: "BERNARD", first: "Zoé", division: "3A" },
  { id: "4", ine: "1000000004D", last: "BERNARD", first: "Adam", division: "3A" },
  { id: "5", ine: "1000000005E", last: "ROUX", first: "Inès", division: "4B" },
  { id: "6", ine: "1000000006F", last: "DURAND", first: "Noé", division: "4B" },
  { id: "7", ine: "1000000007G", last: "PETIT", first: "Lina", division: "4B" },
  { id: "8", ine: "1000000008H", last: "FAURE", first: "Tom", division: "3B" }
] as const
const document: SiecleTesting.SiecleDocument = {
  uai,
  schoolYear: "2026",
  eleves: students.map((s) => eleve(s.id, validStudent(s.ine, { NOM_DE_FAMILLE: s.last, PRENOM: s.first }))),
  structures: students.map((s) => inDivision(s.id, s.division))
}
const bytes = SiecleTesting.encode(SiecleTesting.render(document), "ISO-8859-15")
const identity = (s: (typeof students)[number]) => ({ firstName: s.first, lastName: s.last, birthdate: "2012-03-14" })

// Validated skills of the sample profile "tp-socle" (1.1: sk-1..3, 1.2: sk-4..5, 2.1: sk-6..8, 3.4: sk-9..12).
const validated: Record<string, ReadonlyArray<string>> = {
  "1": ["sk-1", "sk-2", "sk-4"], // 3A: 1.1 2/3, 1.2 1/2
  "2": ["sk-1", "sk-6", "sk-9", "sk-10"], // 3A: 1.1 1/3, 2.1 1/3, 3.4 2/4
  "5": ["sk-1", "sk-2", "sk-3", "sk-4", "sk-5"] // 4B: 1.1 3/3, 1.2 2/2
}

export const analysisScenario = (
  name: string,
  store: () => {
    layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
    cleanup: () => Promise<void>
  }
) =>
  describe(name, () => {
    let given: ReturnType<typeof store>
    let h: Harness
    let orga: Orga.OrgaShape
    let assessmentId = ""
    let collectionId = ""
    let assessmentCode = ""
    const participations: Record<string, string> = {}

    beforeAll(async () => {
      given = store()
      h = harness(given.layer)
      orga = await h.orga()
      for (const [userId, email] of [
        [pixAdmin, "admin@pix.fr"],
        ["principal", "principal@college.fr"],
        ["teacher", "prof@college.fr"],
        ...students.map((s) => [`student-${s.id}`, `eleve${s.id}@college.fr`] as const)
      ] as const)
        await h.run(orga.registerUser({ userId, firstName: "Prénom", lastName: userId, email }))
      await h.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId,
          name: "Collège Jean Moulin",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const first = await h.run(
        orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "principal@college.fr" })
      )
      await h.run(orga.acceptInvitation(principal, { organizationId, ...first }))
      const [invited] = await h.run(
        orga.inviteMembers(principal, { organizationId, emails: ["prof@college.fr"], role: "MEMBER" })
      )
      await h.run(orga.acceptInvitation(teacher, { organizationId, ...invited! }))
      await h.run(orga.importSiecleFile(principal, { organizationId, fileName: "eleves.xml", bytes }))
      const assessment = await h.run(
        orga.createCampaign(teacher, {
          organizationId,
          name: "Évaluation rentrée",
          type: "ASSESSMENT",
          targetProfileId: "tp-socle"
        })
      )
      assessmentId = assessment.campaignId
      assessmentCode = assessment.code
      const collection = await h.run(
        orga.createCampaign(teacher, { organizationId, name: "Collecte 3e", type: "PROFILES_COLLECTION" })
      )
      collectionId = collection.campaignId
      // Day 1 (Monday 14 September): 1, 2, 5 and 6 start; 1 and 2 share the same day.
      for (const s of students.filter((s) => ["1", "2", "5", "6"].includes(s.id))) {
        const joined = await h.run(
          orga.joinCampaign(Orga.user(`student-${s.id}`), { code: assessment.code, ...identity(s) })
        )
        participations[s.id] = joined.participationId
      }
      for (const id of ["1", "2"]) {
        await h.run(
          orga.recordAssessmentOutcome(Orga.user(`student-${id}`), {
            participationId: participations[id]!,
            validatedSkillIds: validated[id]!,
            testedSkillIds: validated[id]!
          })
        )
        await h.run(orga.shareResults(Orga.user(`student-${id}`), { participationId: participations[id]! }))
      }
      // Day 2: 5 completes and shares; 6 completes without sharing; 3 and 8 start.
      h.clock.advance(86_400_000)
      await h.run(
        orga.recordAssessmentOutcome(Orga.user("student-5"), {
          participationId: participations["5"]!,
          validatedSkillIds: validated["5"]!,
          testedSkillIds: validated["5"]!
        })
      )
      await h.run(orga.shareResults(Orga.user("student-5"), { participationId: participations["5"]! }))
      await h.run(
        orga.recordAssessmentOutcome(Orga.user("student-6"), {
          participationId: participations["6"]!,
          validatedSkillIds: [],
          testedSkillIds: ["sk-1"]
        })
      )
      for (const s of students.filter((s) => ["3", "8"].includes(s.id))) {
        const joined = await h.run(
          orga.joinCampaign(Orga.user(`student-${s.id}`), { code: assessment.code, ...identity(s) })
        )
        participations[s.id] = joined.participationId
      }
      // The profiles collection: 4 (3A) and 7 (4B) share their profiles.
      for (const [id, pix] of [
        ["4", { "1.1": 16, "1.2": 8, "2.1": 40 }],
        ["7", { "1.1": 8, "3.4": 24 }]
      ] as const) {
        const s = students.find((student) => student.id === id)!
        const joined = await h.run(
          orga.joinCampaign(Orga.user(`student-${id}`), { code: collection.code, ...identity(s) })
        )
        await h.run(
          orga.shareProfile(Orga.user(`student-${id}`), {
            participationId: joined.participationId,
            pixByCompetence: pix
          })
        )
      }
    })

    afterAll(async () => {
      await h.dispose()
      await given.cleanup()
    })

    const rates = (masteries: ReadonlyArray<{ id: string; masteryRate: number | null }>) =>
      Object.fromEntries(
        masteries.map((m) => [m.id, m.masteryRate === null ? null : Math.round(m.masteryRate * 1000) / 1000])
      )

    it("the campaign's mastery by competence and by area: average validated skills over the target skills", async () => {
      const analysis = await h.run(orga.campaignAnalysis(teacher, assessmentId))
      expect(analysis).toMatchObject({ type: "ASSESSMENT", division: null, participantsCount: 6, sharedCount: 3 })
      // 1.1: (2 + 1 + 3) / 3 = 2 of 3; 1.2: (1 + 0 + 2) / 3 = 1 of 2; 2.1: 1/3 of 3; 3.4: 2/3 of 4.
      expect(analysis.competences.map((c) => [c.id, c.targetSkillsCount, c.averageValidatedSkills])).toEqual([
        ["1.1", 3, 2],
        ["1.2", 2, 1],
        ["2.1", 3, 1 / 3],
        ["3.4", 4, 2 / 3]
      ])
      expect(rates(analysis.competences)).toEqual({ "1.1": 0.667, "1.2": 0.5, "2.1": 0.111, "3.4": 0.167 })
      // Area 1 is 1.1 and 1.2 together: (2 + 1) / 5.
      expect(rates(analysis.areas)).toEqual({ "1": 0.6, "2": 0.111, "3": 0.167 })
      expect(analysis.masteryRate).toBeCloseTo(12 / 36, 9)
    })

    it("one class's analysis counts only its students", async () => {
      const third = await h.run(orga.campaignAnalysis(teacher, assessmentId, { division: "3A" }))
      expect(third).toMatchObject({ division: "3A", participantsCount: 3, sharedCount: 2 })
      expect(rates(third.competences)).toEqual({ "1.1": 0.5, "1.2": 0.25, "2.1": 0.167, "3.4": 0.25 })
      const fourth = await h.run(orga.campaignAnalysis(teacher, assessmentId, { division: "4B" }))
      expect(fourth).toMatchObject({ participantsCount: 2, sharedCount: 1 })
      expect(rates(fourth.areas)).toEqual({ "1": 1, "2": 0, "3": 0 })
      const none = await h.run(orga.campaignAnalysis(teacher, assessmentId, { division: "6Z" }))
      expect(none).toMatchObject({ participantsCount: 0, sharedCount: 0, masteryRate: null })
    })

    it("a profiles collection: average pix and level by competence, areas summing their competences", async () => {
      const analysis = await h.run(orga.campaignAnalysis(teacher, collectionId))
      expect(analysis.sharedCount).toBe(2)
      expect(analysis.competences).toHaveLength(16)
      const byId = Object.fromEntries(analysis.competences.map((c) => [c.id, c]))
      expect(byId["1.1"]).toMatchObject({ averagePixScore: 12, averageLevel: 1.5, maxPixScore: 40, masteryRate: 0.3 })
      expect(byId["2.1"]).toMatchObject({ averagePixScore: 20, averageLevel: 2.5 })
      expect(analysis.areas[0]).toMatchObject({ id: "1", averagePixScore: 16, maxPixScore: 120 })
      const fourth = await h.run(orga.campaignAnalysis(teacher, collectionId, { division: "4B" }))
      expect(fourth.competences.find((c) => c.id === "3.4")).toMatchObject({ averagePixScore: 24, averageLevel: 3 })
    })

    it("one student's detail, competence by competence; before sharing, only his row", async () => {
      const detail = await h.run(orga.participantDetail(teacher, assessmentId, participations["1"]!))
      expect(detail.participant).toMatchObject({
        lastName: "MARTIN",
        firstName: "Léa",
        division: "3A",
        status: "SHARED"
      })
      expect(detail.competences.map((c) => [c.id, c.validatedSkillsCount, c.targetSkillsCount])).toEqual([
        ["1.1", 2, 3],
        ["1.2", 1, 2],
        ["2.1", 0, 3],
        ["3.4", 0, 4]
      ])
      expect(rates(detail.areas)).toEqual({ "1": 0.6, "2": 0, "3": 0 })
      const waiting = await h.run(orga.participantDetail(teacher, assessmentId, participations["6"]!))
      expect(waiting).toMatchObject({
        participant: { status: "TO_SHARE", statusLabel: "En attente d'envoi" },
        competences: []
      })
      const notHere = await h.fail(orga.participantDetail(teacher, collectionId, participations["1"]!))
      expect(notHere).toMatchObject({ _tag: "NotFound", code: "CAMPAIGN_PARTICIPATION_NOT_FOUND" })
    })

    it("the activity: participations by status, and started and shared day by day (Paris days)", async () => {
      const activity = await h.run(orga.campaignActivity(teacher, assessmentId))
      expect(activity).toEqual({
        campaignId: assessmentId,
        type: "ASSESSMENT",
        started: 2,
        completed: 1,
        shared: 3,
        days: [
          { day: "2026-09-14", started: 4, shared: 2, startedTotal: 4, sharedTotal: 2 },
          { day: "2026-09-15", started: 2, shared: 1, startedTotal: 6, sharedTotal: 3 }
        ]
      })
    })

    it("the results page by page, sorted by class then name; the pages put together are the whole list", async () => {
      const whole = await h.run(orga.resultsPage(teacher, assessmentId, { size: 200 }))
      expect(whole.participants.map((p) => `${p.division} ${p.lastName} ${p.firstName}`)).toEqual([
        "3A BERNARD Zoé",
        "3A ÉLOI Jules",
        "3A MARTIN Léa",
        "3B FAURE Tom",
        "4B DURAND Noé",
        "4B ROUX Inès"
      ])
      const pages = []
      for (let page = 1; page <= 3; page++)
        pages.push(await h.run(orga.resultsPage(teacher, assessmentId, { page, size: 4 })))
      expect(pages.map((p) => [p.total, p.pageCount, p.participants.length])).toEqual([
        [6, 2, 4],
        [6, 2, 2],
        [6, 2, 0]
      ])
      expect(pages.flatMap((p) => p.participants)).toEqual(whole.participants)
    })

    it("property: under any filters and page size, the pages put together are the filtered list, sorted", async () => {
      const compare = CampaignExport.compareRows(true)
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 7 }),
          fc.subarray(["STARTED", "TO_SHARE", "SHARED"] as const),
          fc.subarray(["3A", "3B", "4B", "6Z"]),
          fc.constantFrom("", "e", "ber", "NOÉ"),
          async (size, statuses, divisions, search) => {
            const query = { statuses, divisions, search }
            const whole = await h.run(orga.resultsPage(teacher, assessmentId, { ...query, size: 200 }))
            const parts = []
            for (let page = 1; page <= Math.ceil(whole.total / size); page++)
              parts.push(
                ...(await h.run(orga.resultsPage(teacher, assessmentId, { ...query, page, size }))).participants
              )
            expect(parts).toEqual(whole.participants)
            const sorted = [...whole.participants].sort(compare)
            expect(whole.participants).toEqual(sorted)
            for (const p of whole.participants) {
              if (statuses.length > 0) expect(statuses).toContain(p.status)
              if (divisions.length > 0) expect(divisions).toContain(p.division)
            }
          }
        ),
        { numRuns: 40 }
      )
    })

    it("search without case or accents, filters by status and class", async () => {
      const names = async (query: Parameters<Orga.OrgaShape["resultsPage"]>[2]) =>
        (await h.run(orga.resultsPage(teacher, assessmentId, query))).participants.map((p) => p.lastName)
      expect(await names({ search: "eloi" })).toEqual(["ÉLOI"])
      expect(await names({ search: "ZOÉ bern" })).toEqual(["BERNARD"])
      expect(await names({ statuses: ["SHARED"] })).toEqual(["ÉLOI", "MARTIN", "ROUX"])
      expect(await names({ statuses: ["STARTED", "TO_SHARE"], divisions: ["4B", "3B"] })).toEqual(["FAURE", "DURAND"])
      expect(await names({ divisions: ["3A"], search: "a" })).toEqual(["BERNARD", "MARTIN"])
    })

    it("a bad page is refused in French, and changes nothing", async () => {
      for (const query of [{ page: 0 }, { size: 0 }, { size: 201 }, { page: 1.5 }]) {
        const error = await h.fail(orga.resultsPage(teacher, assessmentId, query))
        expect(error).toMatchObject({ _tag: "InvalidInput", code: "INVALID_INPUT" })
        expect((error as { message: string }).message).toMatch(/page/)
      }
    })

    it("a student shares: the analysis, the activity and the pages follow at once", async () => {
      const before = await h.run(orga.resultsPage(teacher, assessmentId, { statuses: ["SHARED"] }))
      await h.run(
        orga.recordAssessmentOutcome(Orga.user("student-3"), {
          participationId: participations["3"]!,
          validatedSkillIds: ["sk-1", "sk-2", "sk-3"],
          testedSkillIds: ["sk-1", "sk-2", "sk-3"]
        })
      )
      await h.run(orga.shareResults(Orga.user("student-3"), { participationId: participations["3"]! }))
      const after = await h.run(orga.resultsPage(teacher, assessmentId, { statuses: ["SHARED"] }))
      expect(after.total).toBe(before.total + 1)
      const analysis = await h.run(orga.campaignAnalysis(teacher, assessmentId))
      expect(analysis.sharedCount).toBe(4)
      expect(analysis.competences[0]!.averageValidatedSkills).toBe(9 / 4)
      expect((await h.run(orga.campaignActivity(teacher, assessmentId))).shared).toBe(4)
      // A newcomer takes his place in the sorted list (the rows are updated, not sorted again).
      const petit = students.find((s) => s.id === "7")!
      await h.run(orga.joinCampaign(Orga.user("student-7"), { code: assessmentCode, ...identity(petit) }))
      const whole = await h.run(orga.resultsPage(teacher, assessmentId))
      expect(whole.participants.map((p) => `${p.division} ${p.lastName} ${p.status}`)).toEqual([
        "3A BERNARD SHARED",
        "3A ÉLOI SHARED",
        "3A MARTIN SHARED",
        "3B FAURE STARTED",
        "4B DURAND TO_SHARE",
        "4B PETIT STARTED",
        "4B ROUX SHARED"
      ])
    })

    it("after a restart, the figures rebuilt from the log are the same", async () => {
      const analysis = await h.run(orga.campaignAnalysis(teacher, assessmentId))
      const activity = await h.run(orga.campaignActivity(teacher, assessmentId))
      const page = await h.run(orga.resultsPage(teacher, assessmentId))
      await h.dispose()
      h = harness(given.layer, { start: "2026-09-20T08:00:00.000Z", idPrefix: "again" })
      orga = await h.orga()
      expect(await h.run(orga.campaignAnalysis(teacher, assessmentId))).toEqual(analysis)
      expect(await h.run(orga.campaignActivity(teacher, assessmentId))).toEqual(activity)
      expect(await h.run(orga.resultsPage(teacher, assessmentId))).toEqual(page)
    })
  })
