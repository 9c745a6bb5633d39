/**
 * Every endpoint of the OpenAPI document, generically: anonymous callers get a 401 problem (public endpoints
 * excepted); a JSON body that is malformed, empty or of the wrong types gets a French 400 naming what is wrong;
 * an id nobody knows gets a 404 problem for a signed-in admin. The document also lists every group and its
 * problems, and the reference page shows every operation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor } from "./support.ts"

let app: RunningApi
interface Operation {
  readonly operationId: string
  readonly summary?: string
  readonly requestBody?: { readonly content: Record<string, unknown> }
  readonly responses: Record<string, unknown>
}
let operations: Array<{ method: string; path: string; operation: Operation }> = []
const publicOperations = new Set([
  "system.health",
  "system.ready",
  "accounts.signUp",
  "accounts.signIn",
  "team.showInvitation",
  "team.sendScoInvitation"
])
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "inconnu")

beforeAll(async () => {
  app = await startApi()
  const document = (await (await fetch(`${app.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Operation>>
  }
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation }))
  )
})
afterAll(() => app.close())

describe("every endpoint", () => {
  it("is in the document, grouped as the library's services, with its problems declared", () => {
    const groups = new Set(operations.map(({ operation }) => operation.operationId.split(".")[0]))
    expect([...groups].sort()).toEqual(
      [
        "accounts",
        "backOffice",
        "campaigns",
        "participations",
        "reports",
        "rosters",
        "system",
        "team",
        "analysis",
        "privacy"
      ].sort()
    )
    expect(operations.length).toBe(73)
    for (const { operation } of operations.filter((o) => !o.operation.operationId.startsWith("system.")))
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(["400", "401", "403", "404", "409", "422"])
      )
    const upload = operations.find((o) => o.operation.operationId === "rosters.importSiecle")!
    expect(Object.keys(upload.operation.requestBody!.content)).toEqual(["multipart/form-data"])
  })

  it("answers anonymous callers with a 401 problem, public endpoints excepted", async () => {
    const refused: Array<string> = []
    for (const { method, path, operation } of operations) {
      if (publicOperations.has(operation.operationId)) continue
      const answer = await call(app, method, concrete(path), {
        ...(operation.requestBody?.content["application/json"] === undefined ? {} : { body: {} })
      })
      // A JSON body is decoded before the handler runs: `{}` then fails with 400 before the 401.
      if (answer.status !== 401 && answer.status !== 400) refused.push(`${method} ${path}: ${answer.status}`)
      if (!/application\/problem\+json/.test(answer.headers.get("content-type") ?? ""))
        refused.push(`${method} ${path}: ${answer.headers.get("content-type")} ${JSON.stringify(answer.body)}`)
    }
    expect(refused).toEqual([])
  })

  it("refuses a malformed, an empty and a wrongly typed JSON body with a French 400", async () => {
    const json = operations.filter(({ operation }) => operation.requestBody?.content["application/json"] !== undefined)
    expect(json.length).toBeGreaterThanOrEqual(15)
    for (const { method, path } of json) {
      const malformed = await fetch(`${app.url}${concrete(path)}`, {
        method,
        headers: { "content-type": "application/json" },
        body: '{"a":'
      })
      expect(malformed.status, `${method} ${path}`).toBe(400)
      const empty = await call(app, method, concrete(path), { body: {} })
      expect(empty.status, `${method} ${path}`).toBe(400)
      expect(empty.body.code).toBe("INVALID_REQUEST")
      expect(empty.body.detail).toMatch(/[àéè]|requête/)
      expect(empty.body.meta.errors.length).toBeGreaterThan(0)
      const wrong = await call(app, method, concrete(path), { body: [1, 2, 3] })
      expect(wrong.status, `${method} ${path}`).toBe(400)
    }
  })

  it("answers a signed-in admin's unknown ids with a 404 problem (or the rule that refuses them)", async () => {
    const token = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    const gated = await call(app, "GET", "/organizations/inconnu", { token })
    expect(gated.body.code).toBe("PIX_ORGA_TERMS_NOT_ACCEPTED")
    expect((await call(app, "POST", "/me/pix-orga-terms", { token })).status).toBe(204)
    const statuses = new Map<string, number>()
    for (const { method, path, operation } of operations) {
      if (!path.includes("{") || operation.requestBody !== undefined) continue
      // The public read of an invitation needs its code (its unknown ids: test/api/invitations.test.ts).
      if (publicOperations.has(operation.operationId)) continue
      const answer = await call(app, method, concrete(path), { token })
      statuses.set(`${method} ${path}`, answer.status)
      expect(answer.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect([403, 404]).toContain(answer.status)
    }
    expect(statuses.size).toBeGreaterThanOrEqual(15)
    expect(statuses.get("GET /campaigns/{campaignId}/results")).toBe(404)
    expect(statuses.get("GET /organizations/{organizationId}")).toBe(404)
  })

  it("shows every operation on the reference page", async () => {
    const page = await (await fetch(`${app.url}/docs`)).text()
    for (const { operation } of operations)
      if (operation.summary !== undefined)
        expect(page).toContain(operation.summary.replace(/'/g, "&#39;").replace(/’/g, "’"))
  })
})
