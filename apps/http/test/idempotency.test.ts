/**
 * `Idempotency-Key` and `Orga-Position` over HTTP on the probe app: a retried POST is answered the same and
 * marked replayed; a key reused for another body, or malformed, is refused; credentials routes are left out;
 * a presented position is checked and waited for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { commandIdOf, validKey } from "../src/idempotency/Idempotency.ts"
import { presented } from "../src/position/Position.ts"
import { type Running, start } from "./support.ts"

let app: Running
beforeAll(async () => {
  app = await start()
})
afterAll(() => app.close())

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body)
  })

describe("Idempotency-Key", () => {
  it("answers a retried POST with the first response, marked replayed", async () => {
    const first = await post("/probe/echo", { name: "Zoé", age: 12 }, { "idempotency-key": "k-1" })
    const again = await post("/probe/echo", { name: "Zoé", age: 12 }, { "idempotency-key": "k-1" })
    expect([first.status, await first.text(), first.headers.get("idempotency-replayed")]).toEqual([
      200,
      '{"name":"Zoé","age":12}',
      null
    ])
    expect([again.status, await again.text(), again.headers.get("idempotency-replayed")]).toEqual([
      200,
      '{"name":"Zoé","age":12}',
      "true"
    ])
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"))
  })

  it("stores a client error too: a retried invalid request gets the same problem", async () => {
    const first = await post("/probe/echo", { name: "Zoé" }, { "idempotency-key": "k-bad" })
    const again = await post("/probe/echo", { name: "Zoé" }, { "idempotency-key": "k-bad" })
    expect(first.status).toBe(400)
    expect([again.status, again.headers.get("idempotency-replayed")]).toEqual([400, "true"])
    expect(await again.text()).toBe(await first.text())
  })

  it("refuses a key reused for another request, and a malformed key, in French", async () => {
    await post("/probe/echo", { name: "A", age: 1 }, { "idempotency-key": "k-2" })
    const reused = await post("/probe/echo", { name: "B", age: 2 }, { "idempotency-key": "k-2" })
    expect(reused.status).toBe(422)
    expect(await reused.json()).toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      detail: "Cette clé d'idempotence a déjà servi pour une autre requête."
    })
    const malformed = await post("/probe/echo", { name: "A", age: 1 }, { "idempotency-key": "é".repeat(3) })
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { code: string }).code).toBe("INVALID_IDEMPOTENCY_KEY")
  })

  it("leaves the credentials routes out: a sign-in is never replayed from storage", async () => {
    const body = { login: "jeanne", password: "bon mot de passe", kind: "token" }
    const first = await post("/auth/sign-in", body, { "idempotency-key": "k-signin" })
    const again = await post("/auth/sign-in", body, { "idempotency-key": "k-signin" })
    const tokens = [
      ((await first.json()) as { token: string }).token,
      ((await again.json()) as { token: string }).token
    ]
    expect(again.headers.get("idempotency-replayed")).toBeNull()
    expect(tokens[0]).not.toBe(tokens[1])
  })

  it("derives a stable command id per account and key, and checks keys", () => {
    expect(commandIdOf("account:a", "k")).toBe(commandIdOf("account:a", "k"))
    expect(commandIdOf("account:a", "k")).not.toBe(commandIdOf("account:b", "k"))
    expect(commandIdOf("anonymous", "x".repeat(255)).length).toBeLessThanOrEqual(128)
    expect([validKey("abc-123_ÉTÉ"), validKey(""), validKey("a b"), validKey("x".repeat(255))]).toEqual([
      false,
      false,
      false,
      true
    ])
  })
})

describe("Orga-Position", () => {
  it("is answered after a successful POST, and a request presenting a reached position is served", async () => {
    const written = await post("/probe/echo", { name: "A", age: 1 })
    const position = written.headers.get("orga-position")
    expect(position).toMatch(/^\d+$/)
    const read = await fetch(`${app.url}/health`, { headers: { "orga-position": position ?? "" } })
    expect(read.status).toBe(200)
    const fromCookie = await fetch(`${app.url}/health`, { headers: { cookie: `orga_position=${position}` } })
    expect(fromCookie.status).toBe(200)
  })

  it("refuses a malformed position and answers 503 for one not reached", async () => {
    const malformed = await fetch(`${app.url}/health`, { headers: { "orga-position": "-1" } })
    expect([malformed.status, ((await malformed.json()) as { code: string }).code]).toEqual([400, "INVALID_POSITION"])
    const ahead = await fetch(`${app.url}/health`, { headers: { "orga-position": "999999" } })
    expect([ahead.status, ahead.headers.get("retry-after")]).toEqual([503, "1"])
    expect(((await ahead.json()) as { code: string }).code).toBe("POSITION_NOT_REACHED")
  }, 15_000)

  it("reads a position from the header first, then the cookie", () => {
    expect(presented("12", "3")).toBe(12n)
    expect(presented(undefined, "3")).toBe(3n)
    expect(presented(undefined, undefined)).toBeUndefined()
    expect(presented("1e3", undefined)).toBe("invalid")
    expect(presented("9".repeat(20), undefined)).toBe("invalid")
  })
})
