/**
 * The campaign analysis over real HTTP through the typed client: three students of a school take an assessment
 * (two share); the school's admin reads the mastery by competence and area (whole campaign and one class), one
 * student's detail, the activity, and the results page by page; a bad page number or size is a 422 problem in
 * French.
 */
import { TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let token = ""
let campaignId = ""
const participations: Array<string> = []

const school = SiecleTesting.generateSchool({ seed: 12, students: 20, uai: "0331234X", schoolYear: "2026" })
const students = school.expected.students.slice(0, 3)
const skills = TargetProfiles.sample.skills.map((skill) => skill.id)

const ok = async (method: string, path: string, bearer: string | undefined, body?: unknown, form?: FormData) => {
  const answer = await call(app, method, path, { token: bearer, body, ...(form === undefined ? {} : { form }) })
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

beforeAll(async () => {
  app = await startApi()
  const admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  const { organizationId } = await ok("POST", "/back-office/organizations", admin, {
    name: "Collège Jean Moulin",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
  const invitation = await ok("POST", `/back-office/organizations/${organizationId}/first-admin-invitation`, admin, {
    email: "claire@college.fr"
  })
  await ok("POST", "/auth/sign-up", undefined, {
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@college.fr",
    password: "Claire-2026"
  })
  token = await tokenFor(app, "claire@college.fr", "Claire-2026")
  await ok("POST", `/invitations/${invitation.invitationId}/accept`, token, { organizationId, code: invitation.code })
  await ok("POST", "/me/pix-orga-terms", token)
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  await ok("POST", `/organizations/${organizationId}/imports`, token, undefined, form)
  const campaign = await ok("POST", `/organizations/${organizationId}/campaigns`, token, {
    name: "Évaluation",
    type: "ASSESSMENT",
    targetProfileId: TargetProfiles.sample.id
  })
  campaignId = campaign.campaignId
  // The first validates the 3 skills of 1.1, the second 1 of them; the third completes without sharing.
  for (const [index, student] of students.entries()) {
    const email = `eleve${index}@college.fr`
    await ok("POST", "/auth/sign-up", undefined, {
      firstName: student.firstName,
      lastName: student.lastName,
      email,
      password: "Eleve-2026"
    })
    const studentToken = await tokenFor(app, email, "Eleve-2026")
    const joined = await ok("POST", "/participations/reconciliation", studentToken, { code: campaign.code, ...student })
    participations.push(joined.participationId)
    const validated = index === 0 ? skills.slice(0, 3) : index === 1 ? skills.slice(0, 1) : []
    await ok("POST", `/participations/${joined.participationId}/assessment-outcome`, studentToken, {
      validatedSkillIds: validated,
      testedSkillIds: skills
    })
    if (index < 2) await ok("POST", `/participations/${joined.participationId}/share-results`, studentToken)
  }
}, 60_000)
afterAll(() => app.close())

describe("the campaign analysis over HTTP", () => {
  it("mastery by competence and area, for the campaign and for one class", async () => {
    const { whole, ofClass } = await withClient(app, token, (client) =>
      Effect.gen(function* () {
        return {
          whole: yield* client.analysis.campaignAnalysis({ params: { campaignId }, query: {} }),
          ofClass: yield* client.analysis.campaignAnalysis({
            params: { campaignId },
            query: { division: students[0]!.division }
          })
        }
      })
    )
    expect(whole).toMatchObject({ participantsCount: 3, sharedCount: 2, division: null })
    expect(whole.competences[0]).toMatchObject({ id: "1.1", targetSkillsCount: 3, averageValidatedSkills: 2 })
    expect(whole.competences[0]!.masteryRate).toBeCloseTo(2 / 3, 9)
    expect(whole.areas.map((area) => area.id)).toEqual(["1", "2", "3"])
    expect(ofClass.division).toBe(students[0]!.division)
    expect(ofClass.participantsCount).toBe(students.filter((s) => s.division === students[0]!.division).length)
  })

  it("one student's detail, the activity, and the results page by page", async () => {
    const { detail, activity, whole, pages } = await withClient(app, token, (client) =>
      Effect.gen(function* () {
        const whole = yield* client.analysis.resultsPage({ params: { campaignId }, query: { size: "50" } })
        const pages = []
        for (const page of ["1", "2"])
          pages.push(yield* client.analysis.resultsPage({ params: { campaignId }, query: { page, size: "2" } }))
        return {
          detail: yield* client.analysis.participantDetail({
            params: { campaignId, participationId: participations[0]! }
          }),
          activity: yield* client.analysis.campaignActivity({ params: { campaignId } }),
          whole,
          pages
        }
      })
    )
    expect(detail.participant.lastName).toBe(students[0]!.lastName)
    expect(detail.competences[0]).toMatchObject({ id: "1.1", validatedSkillsCount: 3, targetSkillsCount: 3 })
    expect(activity).toMatchObject({ started: 0, completed: 1, shared: 2 })
    expect(activity.days.at(-1)).toMatchObject({ startedTotal: 3, sharedTotal: 2 })
    expect(whole.total).toBe(3)
    expect(pages.map((page) => [page.page, page.pageCount, page.participants.length])).toEqual([
      [1, 2, 2],
      [2, 2, 1]
    ])
    expect(pages.flatMap((page) => page.participants)).toEqual(whole.participants)
    const shared = await call(app, "GET", `/campaigns/${campaignId}/participants?status=SHARED&status=TO_SHARE`, {
      token
    })
    expect(shared.body.total).toBe(3)
    const onlyShared = await call(app, "GET", `/campaigns/${campaignId}/participants?status=SHARED`, { token })
    expect(onlyShared.body.participants.map((p: { status: string }) => p.status)).toEqual(["SHARED", "SHARED"])
  })

  it("a bad page number or size, or an unknown status, is a 422 problem in French", async () => {
    for (const query of ["page=0", "page=abc", "page=1.5", "size=0", "size=500", "size=", "status=DONE"]) {
      const answer = await call(app, "GET", `/campaigns/${campaignId}/participants?${query}`, { token })
      expect(answer.status, query).toBe(422)
      expect(answer.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect(answer.body.code).toBe("INVALID_INPUT")
      expect(answer.body.detail).toMatch(/page|statut/)
    }
    const unknown = await call(app, "GET", `/campaigns/${campaignId}/participants/nope`, { token })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe("CAMPAIGN_PARTICIPATION_NOT_FOUND")
  })
})
