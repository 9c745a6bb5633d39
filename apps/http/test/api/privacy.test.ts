/**
 * Personal data over HTTP (Pix Admin's back office, ADR 0049): a school imports its students, one joins a
 * campaign; Pix Admin exports his data as JSON (a right-of-access request), erases him (the results and the CSV
 * then count him as « Élève effacé »), erases a user with an idempotency key (a retry answers the same), runs the
 * retention rule with a dry run; refusals are French problem+json (twice: 409, unknown: 404, bad limit: 422, not
 * Pix Admin: 403).
 */
import * as SiecleTesting from "@orga/siecle/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let admin = ""
let staff = ""
let student = ""
let organizationId = ""
let campaignId = ""
let learnerId = ""
let studentId = ""

const school = SiecleTesting.generateSchool({ seed: 16, students: 8, uai: "0331234X", schoolYear: "2026" })
const pupil = school.expected.students[0]!
const classmate = school.expected.students[1]!

const ok = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const answer = await call(app, method, path, { token, body })
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

beforeAll(async () => {
  app = await startApi()
  admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  organizationId = (
    await ok("POST", "/back-office/organizations", admin, {
      name: "Collège",
      type: "SCO",
      uai: "0331234X",
      isManagingStudents: true
    })
  ).organizationId
  await ok("POST", "/auth/sign-up", undefined, {
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@college.fr",
    password: "Motdepasse1"
  })
  staff = await tokenFor(app, "claire@college.fr", "Motdepasse1")
  await ok("POST", "/me/pix-orga-terms", staff)
  const invitation = await ok("POST", `/back-office/organizations/${organizationId}/first-admin-invitation`, admin, {
    email: "claire@college.fr"
  })
  await ok("POST", `/invitations/${invitation.invitationId}/accept`, staff, { organizationId, code: invitation.code })
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  expect((await call(app, "POST", `/organizations/${organizationId}/imports`, { token: staff, form })).status).toBe(200)
  const campaign = await ok("POST", `/organizations/${organizationId}/campaigns`, staff, {
    name: "Collecte",
    type: "PROFILES_COLLECTION"
  })
  campaignId = campaign.campaignId
  await ok("POST", "/auth/sign-up", undefined, {
    firstName: pupil.firstName,
    lastName: pupil.lastName,
    email: "sam@eleve.fr",
    password: "Motdepasse1"
  })
  student = await tokenFor(app, "sam@eleve.fr", "Motdepasse1")
  const joined = await ok("POST", "/participations/reconciliation", student, { code: campaign.code, ...pupil })
  learnerId = joined.learnerId
  studentId = (await ok("GET", "/me", student)).userId
}, 60_000)
afterAll(() => app.close())

describe("personal data over HTTP (Pix Admin)", () => {
  it("exports a learner's data as JSON, decrypted; staff and the student are refused", async () => {
    const path = `/back-office/organizations/${organizationId}/learners/${learnerId}/personal-data`
    const data = await withClient(app, admin, (client) =>
      client.privacy.learnerData({ params: { organizationId, learnerId } })
    )
    expect(data.subject).toBe(`learner:${learnerId}`)
    expect(JSON.stringify(data)).toContain(pupil.nationalStudentId)
    expect(data.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["StudentImported", "StudentAccountLinked", "ParticipationStarted"])
    )
    expect(JSON.stringify(data)).not.toContain(classmate.nationalStudentId)
    for (const token of [staff, student]) {
      const refused = await call(app, "GET", path, { token })
      expect(refused.status).toBe(403)
      expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect(refused.body.code).toBe("PIX_ADMIN_REQUIRED")
    }
    expect((await call(app, "GET", path)).status).toBe(401)
  })

  it("erases a learner: counted, not named, in the learners, the results and the CSV; twice is a 409", async () => {
    const path = `/back-office/organizations/${organizationId}/learners/${learnerId}/erasure`
    const erased = await ok("POST", path, admin)
    expect(erased).toMatchObject({ subject: `learner:${learnerId}`, erasedAt: expect.any(String) })
    const learners = await ok("GET", `/organizations/${organizationId}/learners`, staff)
    expect(learners).toHaveLength(school.expected.students.length)
    expect(learners.find((learner: { learnerId: string }) => learner.learnerId === learnerId)).toMatchObject({
      firstName: "Élève",
      lastName: "effacé"
    })
    const results = await ok("GET", `/campaigns/${campaignId}/results`, staff)
    expect(JSON.stringify(results)).not.toContain(JSON.stringify(pupil.lastName))
    const csv = await call(app, "GET", `/campaigns/${campaignId}/export.csv`, { token: staff })
    expect(String(csv.body)).toContain("effacé")
    expect(String(csv.body)).not.toContain(pupil.lastName)
    const twice = await call(app, "POST", path, { token: admin })
    expect(twice.status).toBe(409)
    expect(twice.body).toMatchObject({
      code: "ALREADY_ERASED",
      detail: "Les données de cette personne ont déjà été effacées."
    })
    const exported = await call(
      app,
      "GET",
      `/back-office/organizations/${organizationId}/learners/${learnerId}/personal-data`,
      { token: admin }
    )
    expect([exported.status, exported.body.code]).toEqual([409, "ALREADY_ERASED"])
    const unknown = await call(app, "POST", `/back-office/organizations/${organizationId}/learners/inconnu/erasure`, {
      token: admin
    })
    expect([unknown.status, unknown.body.code]).toEqual([404, "LEARNER_NOT_FOUND"])
  })

  it("erases a user once per idempotency key: a retry answers the first erasure, a new key is a 409", async () => {
    const data = await ok("GET", `/back-office/users/${studentId}/personal-data`, admin)
    expect(JSON.stringify(data)).toContain("sam@eleve.fr")
    const erase = (key: string) =>
      fetch(`${app.url}/back-office/users/${studentId}/erasure`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "idempotency-key": key }
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { readonly subject?: string; readonly code?: string }
      }))
    const first = await erase("effacement-sam-1")
    expect(first.status).toBe(200)
    expect(first.body.subject).toBe(`user:${studentId}`)
    expect(await erase("effacement-sam-1")).toEqual(first)
    const again = await erase("effacement-sam-2")
    expect([again.status, again.body.code]).toEqual([409, "ALREADY_ERASED"])
    expect(await ok("GET", `/organizations/${organizationId}/campaigns`, staff)).toHaveLength(1)
    const unknown = await call(app, "POST", "/back-office/users/personne/erasure", { token: admin })
    expect([unknown.status, unknown.body.code]).toEqual([404, "USER_NOT_FOUND"])
  })

  it("runs the retention rule: a dry run names no one on a young store; a bad limit is a French 422", async () => {
    const dry = await withClient(app, admin, (client) =>
      client.privacy.applyRetention({ query: { dryRun: "true", disabledSchoolYears: "2", inactiveDays: "1095" } })
    )
    expect(dry).toEqual({
      limits: { disabledSchoolYears: 2, inactiveDays: 1095 },
      learners: [],
      users: [],
      dryRun: true
    })
    const run = await ok("POST", "/back-office/retention", admin)
    expect(run).toMatchObject({ learners: [], users: [], dryRun: false })
    for (const query of ["disabledSchoolYears=1.5", "inactiveDays=cinq", "inactiveDays=5"]) {
      const refused = await call(app, "POST", `/back-office/retention?${query}`, { token: admin })
      expect(refused.status, query).toBe(422)
      expect(refused.body.code).toBe("INVALID_INPUT")
      expect(refused.body.detail).toMatch(/^Le champ « \w+ »/)
    }
    expect((await call(app, "POST", "/back-office/retention?dryRun=true", { token: staff })).status).toBe(403)
  })
})
