/**
 * The staff side's files and refusals over real HTTP: SIECLE uploads (over 20 MB refused before the body is read,
 * no file, a hostile file: each a clear problem and nothing changed), a student's password reset by a teacher.
 */
import * as Http from "node:http"
import * as SiecleTesting from "@orga/siecle/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let organizationId: string
let admin: string
const school = SiecleTesting.generateSchool({ seed: 11, students: 8, uai: "0331234X", schoolYear: "2026" })
const file = (bytes: Uint8Array, name = "eleves.xml") => {
  const form = new FormData()
  form.append("file", new Blob([bytes]), name)
  return form
}

beforeAll(async () => {
  app = await startApi()
  const pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  organizationId = (
    await call(app, "POST", "/back-office/organizations", {
      token: pix,
      body: { name: "Collège", type: "SCO", uai: "0331234X", isManagingStudents: true }
    })
  ).body.organizationId
  const invitation = (
    await call(app, "POST", `/back-office/organizations/${organizationId}/first-admin-invitation`, {
      token: pix,
      body: { email: "admin@college.fr" }
    })
  ).body
  await call(app, "POST", "/auth/sign-up", {
    body: { firstName: "Ad", lastName: "Min", email: "admin@college.fr", password: "Motdepasse1" }
  })
  admin = await tokenFor(app, "admin@college.fr", "Motdepasse1", "app")
  await call(app, "POST", `/invitations/${invitation.invitationId}/accept`, {
    token: admin,
    body: { organizationId, code: invitation.code }
  })
  await call(app, "POST", "/me/pix-orga-terms", { token: admin })
})
afterAll(() => app.close())

const learnersCount = async () =>
  (await call(app, "GET", `/organizations/${organizationId}/learners`, { token: admin })).body.length as number

describe("SIECLE uploads", () => {
  it("refuses a declared 25 MB upload with 413 PAYLOAD_TOO_LARGE before reading its body", async () => {
    const url = new URL(`${app.url}/organizations/${organizationId}/imports`)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = Http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            authorization: `Bearer ${admin}`,
            "content-type": "multipart/form-data; boundary=x",
            "content-length": String(25 * 1024 * 1024)
          }
        },
        (response) => {
          let body = ""
          response.on("data", (chunk: Buffer) => {
            body += chunk.toString()
          })
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }))
        }
      )
      request.on("error", reject)
      // Only a first chunk is sent: the answer comes without the rest.
      request.write("--x\r\n")
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).code).toBe("PAYLOAD_TOO_LARGE")
    expect(JSON.parse(answer.body).detail).toContain("20 Mo")
    expect(await learnersCount()).toBe(0)
  })

  it("refuses a form without the file part (422) and a hostile file (422 listing problems), changing nothing", async () => {
    const form = new FormData()
    form.append("other", "valeur")
    const none = await call(app, "POST", `/organizations/${organizationId}/imports`, { token: admin, form })
    expect(none.status).toBe(422)
    expect(none.body.code).toBe("SIECLE_FILE_REQUIRED")
    const json = await call(app, "POST", `/organizations/${organizationId}/imports`, {
      token: admin,
      body: { file: "x" }
    })
    expect(json.status).toBe(400)
    expect(json.body.code).toBe("MULTIPART_REQUIRED")
    const hostile = new TextEncoder().encode(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><BEE_ELEVES>&b;</BEE_ELEVES>`
    )
    const refused = await call(app, "POST", `/organizations/${organizationId}/imports`, {
      token: admin,
      form: file(hostile)
    })
    expect(refused.status).toBe(422)
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/)
    expect(refused.body.meta.errors.length).toBeGreaterThan(0)
    expect(await learnersCount()).toBe(0)
    const history = await call(app, "GET", `/organizations/${organizationId}/imports`, { token: admin })
    expect(history.body.every((entry: { status: string }) => entry.status === "VALIDATION_ERROR")).toBe(true)
  })

  it("previews without writing, then imports", async () => {
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const preview = await call(app, "POST", `/organizations/${organizationId}/imports/preview`, {
      token: admin,
      form: file(bytes)
    })
    expect(preview.status).toBe(200)
    expect(await learnersCount()).toBe(0)
    const imported = await call(app, "POST", `/organizations/${organizationId}/imports`, {
      token: admin,
      form: file(bytes)
    })
    expect(imported.body.added).toBe(preview.body.added.length)
    expect(await learnersCount()).toBe(preview.body.added.length)
  })

  it("confirms a preview without the file, once; an unknown preview is a French 404 and the file is sent again", async () => {
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const history = async () =>
      (await call(app, "GET", `/organizations/${organizationId}/imports`, { token: admin })).body.length as number
    const before = await history()
    const preview = await call(app, "POST", `/organizations/${organizationId}/imports/preview`, {
      token: admin,
      form: file(bytes, "confirme.xml")
    })
    expect(preview.body.previewId).toMatch(/^[A-Za-z0-9._:-]+$/)
    expect(Date.parse(preview.body.expiresAt)).toBeGreaterThan(Date.now())
    const confirm = (previewId: string) =>
      call(app, "POST", `/organizations/${organizationId}/imports/previews/${previewId}/confirm`, { token: admin })
    const confirmed = await confirm(preview.body.previewId)
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toMatchObject({
      status: "IMPORTED",
      fileName: "confirme.xml",
      unchanged: preview.body.unchanged
    })
    const again = await confirm(preview.body.previewId)
    expect(again.status).toBe(409)
    expect(again.headers.get("content-type")).toMatch(/application\/problem\+json/)
    expect(again.body).toMatchObject({
      code: "SIECLE_PREVIEW_ALREADY_CONFIRMED",
      detail: "Cet import a déjà été confirmé : consultez l’historique des imports."
    })
    const unknown = await confirm("inconnu")
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({
      code: "SIECLE_PREVIEW_NOT_FOUND",
      detail: "Cet aperçu d’import est inconnu ou a expiré : envoyez à nouveau le fichier SIECLE pour l’importer."
    })
    expect(await history()).toBe(before + 1)
    // The upload names its preview: imported from the preview's plan (or from the file, for an unknown id).
    const next = await call(app, "POST", `/organizations/${organizationId}/imports/preview`, {
      token: admin,
      form: file(bytes)
    })
    for (const previewId of [next.body.previewId, "inconnu"]) {
      const form = file(bytes)
      form.append("previewId", previewId)
      const imported = await call(app, "POST", `/organizations/${organizationId}/imports`, { token: admin, form })
      expect(imported.status).toBe(200)
      expect(imported.body).toMatchObject({ status: "IMPORTED", unchanged: next.body.unchanged })
    }
    expect(await history()).toBe(before + 3)
  })
})

describe("a teacher resets a student's password", () => {
  it("gives a temporary password that works, the old one and the old sessions no longer do", async () => {
    const student = school.expected.students[0]!
    const signedUp = await call(app, "POST", "/auth/sign-up", {
      body: {
        firstName: student.firstName,
        lastName: student.lastName,
        birthdate: student.birthdate,
        password: "Oublie123"
      }
    })
    const old = await tokenFor(app, signedUp.body.username, "Oublie123")
    const campaign = await call(app, "POST", `/organizations/${organizationId}/campaigns`, {
      token: admin,
      body: { name: "Collecte", type: "PROFILES_COLLECTION" }
    })
    const joined = await call(app, "POST", "/participations/reconciliation", {
      token: old,
      body: { code: campaign.body.code, ...student }
    })
    expect(joined.status).toBe(200)
    const notLinked = await call(app, "POST", `/organizations/${organizationId}/learners/inconnu/password-reset`, {
      token: admin
    })
    expect(notLinked.status).toBe(404)
    const reset = await call(
      app,
      "POST",
      `/organizations/${organizationId}/learners/${joined.body.learnerId}/password-reset`,
      {
        token: admin
      }
    )
    expect(reset.status).toBe(200)
    expect(reset.headers.get("cache-control")).toBe("no-store")
    expect(reset.body.login).toBe(signedUp.body.username)
    expect(reset.body.temporaryPassword).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d).{10}$/)
    expect((await call(app, "GET", "/me", { token: old })).status).toBe(401)
    expect(
      (
        await call(app, "POST", "/auth/sign-in", {
          body: { login: signedUp.body.username, password: "Oublie123", application: "app" }
        })
      ).status
    ).toBe(401)
    await tokenFor(app, signedUp.body.username, reset.body.temporaryPassword)
    // The temporary password is kept nowhere: a reset sent again with its Idempotency-Key is a new reset.
    const path = `${app.url}/organizations/${organizationId}/learners/${joined.body.learnerId}/password-reset`
    const again = async () =>
      fetch(path, { method: "POST", headers: { authorization: `Bearer ${admin}`, "idempotency-key": "reset-1" } })
    const [one, two] = [await again(), await again()]
    expect([one.status, two.status, two.headers.get("idempotency-replayed")]).toEqual([200, 200, null])
    const passwords = [await one.json(), await two.json()].map(
      (body) => (body as { temporaryPassword: string }).temporaryPassword
    )
    expect(passwords[0]).not.toBe(passwords[1])
  })
})

describe("a teacher generates a student's username (§5.4.3)", () => {
  it("proposes prenom.nom + JJMM without accents or spaces, another once it is taken, and refuses bad input", async () => {
    const propose = (body: unknown) =>
      call(app, "POST", `/organizations/${organizationId}/username-proposal`, { token: admin, body })
    const identity = { firstName: "Anaïs", lastName: "De La Tour", birthdate: "2011-09-05" }
    const first = await propose(identity)
    expect([first.status, first.body.username]).toEqual([200, "anais.delatour0509"])
    await call(app, "POST", "/auth/sign-up", { body: { ...identity, password: "Motdepasse1" } })
    const next = await propose(identity)
    expect(next.body.username).toMatch(/^anais\.delatour\d{4}$/)
    expect(next.body.username).not.toBe("anais.delatour0509")
    const bad = await propose({ ...identity, birthdate: "05/09/2011" })
    expect([bad.status, bad.body.code]).toEqual([422, "INVALID_BIRTHDATE_FORMAT"])
    expect(bad.headers.get("content-type")).toMatch(/application\/problem\+json/)
    // Sign-up without e-mail makes the same username: an impossible date is refused the same way.
    const signUp = await call(app, "POST", "/auth/sign-up", {
      body: { ...identity, birthdate: "2011-13-45", password: "Motdepasse1" }
    })
    expect([signUp.status, signUp.body.code]).toEqual([422, "INVALID_BIRTHDATE_FORMAT"])
  })
})

describe("a teacher adds a username to a student's account (§5.4.3)", () => {
  it("adds prenom.nom + JJMM to the e-mail account of a linked learner, who then signs in with it", async () => {
    const student = school.expected.students[3]!
    await call(app, "POST", "/auth/sign-up", {
      body: {
        firstName: student.firstName,
        lastName: student.lastName,
        email: "eleve4@college.fr",
        password: "Eleve1234"
      }
    })
    const own = await tokenFor(app, "eleve4@college.fr", "Eleve1234")
    const campaign = await call(app, "POST", `/organizations/${organizationId}/campaigns`, {
      token: admin,
      body: { name: "Identifiants", type: "PROFILES_COLLECTION" }
    })
    const joined = await call(app, "POST", "/participations/reconciliation", {
      token: own,
      body: { code: campaign.body.code, ...student }
    })
    expect(joined.status).toBe(200)
    const add = (learnerId: string) =>
      call(app, "POST", `/organizations/${organizationId}/learners/${learnerId}/username`, { token: admin })
    // Through the typed client, as another service would.
    const body = await withClient(app, admin, (client) =>
      client.accounts.addUsername({ params: { organizationId, learnerId: joined.body.learnerId } })
    )
    const added = { body }
    expect(body.userId).toMatch(/./)
    const [, month, day] = student.birthdate.split("-")
    expect(added.body.username).toMatch(new RegExp(`^[a-z0-9]+\\.[a-z0-9]+${day}${month}$`))
    // The student signs in with it and his own password; his e-mail still works.
    const byUsername = await tokenFor(app, added.body.username, "Eleve1234")
    expect((await call(app, "GET", "/me", { token: byUsername })).body).toMatchObject({
      email: "eleve4@college.fr",
      username: added.body.username
    })
    await tokenFor(app, "eleve4@college.fr", "Eleve1234")
    const again = await add(joined.body.learnerId)
    expect(again.status).toBe(409)
    expect(again.headers.get("content-type")).toMatch(/application\/problem\+json/)
    expect(again.body).toMatchObject({
      code: "USERNAME_ALREADY_SET",
      detail: `Ce compte utilisateur dispose déjà d’un identifiant : ${added.body.username}.`
    })
    const learners = (await call(app, "GET", `/organizations/${organizationId}/learners`, { token: admin }))
      .body as Array<{
      learnerId: string
      isLinkedToAccount: boolean
    }>
    const unlinked = learners.find((learner) => !learner.isLinkedToAccount)!
    const without = await add(unlinked.learnerId)
    expect(without.status).toBe(409)
    expect(without.body.code).toBe("LEARNER_WITHOUT_ACCOUNT")
    expect((await add("inconnu")).status).toBe(404)
  })
})
