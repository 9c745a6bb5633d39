/**
 * Bad input on the real app, from a signed-in administrator who could otherwise change things: every JSON
 * endpoint answers a malformed body, a body missing its fields, a body of the wrong types and an oversized body
 * with a French problem (400, 400, 400, 413); a cookie session's change without its CSRF token, or with a wrong
 * one, is refused (403); every refused file of the hostile SIECLE corpus is answered 422 with the reader's
 * problems counted as the corpus expects. None of them appends anything to the log or adds a learner.
 */
import { EventStore } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor } from "./support.ts"

let app: RunningApi
let admin: string
let organizationId: string
let campaignId: string

const head = () =>
  app.run(Effect.flatMap(EventStore.EventStore, (store) => store.head) as unknown as Effect.Effect<bigint>)

interface Operation {
  readonly operationId: string
  readonly requestBody?: { readonly content: Record<string, unknown> }
}

beforeAll(async () => {
  app = await startApi()
  const pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  organizationId = (
    await call(app, "POST", "/back-office/organizations", {
      token: pix,
      body: { name: "Collège", type: "SCO", uai: SiecleTesting.Hostile.uai, isManagingStudents: true }
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
  admin = await tokenFor(app, "admin@college.fr", "Motdepasse1")
  await call(app, "POST", `/invitations/${invitation.invitationId}/accept`, {
    token: admin,
    body: { organizationId, code: invitation.code }
  })
  await call(app, "POST", "/me/pix-orga-terms", { token: admin })
  campaignId = (
    await call(app, "POST", `/organizations/${organizationId}/campaigns`, {
      token: admin,
      body: { name: "Collecte", type: "PROFILES_COLLECTION" }
    })
  ).body.campaignId
}, 30_000)
afterAll(() => app.close())

describe("bad input changes nothing", () => {
  it("answers malformed, incomplete, wrongly typed and oversized JSON bodies with French problems", async () => {
    const document = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>
    }
    const json = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.requestBody?.content["application/json"] !== undefined)
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          name: operation.operationId,
          path: path
            .replace("{organizationId}", organizationId)
            .replace("{campaignId}", campaignId)
            .replace(/\{[^}]+\}/g, "inconnu")
        }))
    )
    expect(json.length).toBeGreaterThanOrEqual(15)
    const before = await head()
    const send = (method: string, path: string, body: string) =>
      call(app, method, path, { token: admin, rawJson: body })
    const wrong: Array<string> = []
    for (const { method, name, path } of json) {
      const answers = [
        [400, await send(method, path, '{"name": "Évaluation",')],
        [400, await send(method, path, "{}")],
        [400, await send(method, path, '{"name": 12, "type": ["ASSESSMENT"], "emails": "a@b.fr", "role": 1}')],
        [413, await send(method, path, JSON.stringify({ name: "x".repeat(70_000) }))]
      ] as const
      for (const [expected, answer] of answers) {
        if (answer.status !== expected) wrong.push(`${name}: ${answer.status} instead of ${expected}`)
        if (!/application\/problem\+json/.test(answer.headers.get("content-type") ?? ""))
          wrong.push(`${name}: ${answer.headers.get("content-type")}`)
        if (!/[a-zà-ü]/.test(String(answer.body?.detail ?? ""))) wrong.push(`${name}: no French detail`)
      }
      expect(answers[3][1].body.code).toBe("PAYLOAD_TOO_LARGE")
    }
    expect(wrong).toEqual([])
    expect(await head()).toBe(before)
  }, 60_000)

  it("refuses a cookie session's change without its CSRF token or with a wrong one", async () => {
    const signIn = await fetch(`${app.url}/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "admin@college.fr", password: "Motdepasse1" })
    })
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!
    const before = await head()
    for (const headers of [{ cookie }, { cookie, "x-csrf-token": "faux" }]) {
      const refused = await fetch(`${app.url}/organizations/${organizationId}/campaigns`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ name: "Sans jeton", type: "PROFILES_COLLECTION" })
      })
      expect(refused.status).toBe(403)
      expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect(((await refused.json()) as { code: string }).code).toBe("CSRF_TOKEN_INVALID")
    }
    expect(await head()).toBe(before)
  })

  it("refuses every refused file of the hostile SIECLE corpus with the reader's problems, adding no learner", async () => {
    const refusedFiles = SiecleTesting.Hostile.hostileFiles().filter((file) => file.expected.outcome === "refused")
    expect(refusedFiles.length).toBeGreaterThan(0)
    for (const file of refusedFiles) {
      const form = new FormData()
      form.append("file", new Blob([file.make()]), file.zipped ? "eleves.zip" : "eleves.xml")
      const answer = await call(app, "POST", `/organizations/${organizationId}/imports`, { token: admin, form })
      expect(answer.status, file.name).toBe(422)
      expect(answer.headers.get("content-type")).toMatch(/application\/problem\+json/)
      const counts: Record<string, number> = {}
      for (const error of answer.body.meta.errors as ReadonlyArray<{ code: string }>)
        counts[error.code] = (counts[error.code] ?? 0) + 1
      const expected = file.expected.outcome === "refused" ? file.expected.counts : {}
      // The report lists the first problems (capped); each code it names is one the corpus expects.
      for (const code of Object.keys(counts)) expect(Object.keys(expected), file.name).toContain(code)
    }
    const learners = await call(app, "GET", `/organizations/${organizationId}/learners`, { token: admin })
    expect(learners.body).toEqual([])
  }, 120_000)
})
