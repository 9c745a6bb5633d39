/**
 * Sessions, tokens, CSRF and sign-in rate limits over real HTTP, through the probe sign-in (the shape of the
 * sign-in to come: a cookie for browsers, a bearer token for API clients).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as SessionCookie from "../src/auth/SessionCookie.ts"
import { rightPassword } from "./fixtures/ProbeApi.ts"
import { type Running, start } from "./support.ts"

let app: Running
beforeAll(async () => {
  app = await start()
})
afterAll(() => app.close())

const json = { "content-type": "application/json" }

const signIn = async (target: Running, login: string, kind: "cookie" | "token", password = rightPassword) =>
  fetch(`${target.url}/auth/sign-in`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ login, password, kind })
  })

const cookieSession = async (login: string) => {
  const response = await signIn(app, login, "cookie")
  expect(response.status).toBe(200)
  const setCookie = response.headers.get("set-cookie") ?? ""
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return { setCookie, cookie: setCookie.split(";")[0] ?? "", csrfToken }
}

const change = (headers: Record<string, string>) =>
  fetch(`${app.url}/probe/change`, {
    method: "POST",
    headers: { ...json, ...headers },
    body: JSON.stringify({ value: "nouvelle valeur" })
  })

describe("cookie sessions", () => {
  it("sets an httpOnly, SameSite=Lax, Path=/ cookie (not Secure on plain HTTP) holding a random id", async () => {
    const a = await cookieSession("anne")
    const b = await cookieSession("anne")
    expect(a.setCookie).toMatch(/^orga_session=[A-Za-z0-9_-]{43};/)
    expect(a.setCookie).toContain("HttpOnly")
    expect(a.setCookie).toContain("SameSite=Lax")
    expect(a.setCookie).toContain("Path=/")
    expect(a.setCookie).toMatch(/Max-Age=43200/)
    expect(a.setCookie).not.toContain("Secure")
    expect(a.cookie).not.toBe(b.cookie)
    const me = await fetch(`${app.url}/probe/me`, { headers: { cookie: a.cookie } })
    expect(await me.json()).toEqual({ accountId: "account-anne", kind: "cookie" })
  })

  it("names the cookie __Host- and makes it Secure behind TLS", () => {
    const value = SessionCookie.serialize("s3cret", true, 60)
    expect(value).toMatch(/^__Host-orga_session=s3cret;/)
    expect(value).toContain("Secure")
    expect(value).toContain("HttpOnly")
    expect(SessionCookie.clear(true)).toMatch(/^__Host-orga_session=;.*Max-Age=0/)
  })

  it("answers 401 in French without a session, with a junk or a forged cookie", async () => {
    for (const cookie of [undefined, "orga_session=junk", `orga_session=${"A".repeat(43)}`]) {
      const response = await fetch(`${app.url}/probe/me`, cookie ? { headers: { cookie } } : {})
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({
        code: "UNAUTHENTICATED",
        detail: "Vous devez être connecté pour accéder à cette page."
      })
    }
  })

  it("refuses a wrong password in Pix's words, and sets no cookie", async () => {
    const response = await signIn(app, "bruno", "cookie", "mauvais")
    expect(response.status).toBe(401)
    expect(response.headers.get("set-cookie")).toBeNull()
    expect(await response.json()).toMatchObject({ code: "INVALID_CREDENTIALS" })
  })

  it("revokes the session at sign-out: the old cookie no longer works, the cookie is cleared", async () => {
    const session = await cookieSession("chloe")
    const out = await fetch(`${app.url}/auth/sign-out`, {
      method: "POST",
      headers: { cookie: session.cookie, "x-csrf-token": session.csrfToken }
    })
    expect(out.status).toBe(204)
    expect(out.headers.get("set-cookie")).toMatch(/^orga_session=;.*Max-Age=0/)
    expect((await fetch(`${app.url}/probe/me`, { headers: { cookie: session.cookie } })).status).toBe(401)
  })
})

describe("bearer tokens", () => {
  it("authenticates an API client by its token, revokes it at sign-out", async () => {
    const response = await signIn(app, "api-client", "token")
    expect(response.headers.get("set-cookie")).toBeNull()
    const { token } = (await response.json()) as { token: string }
    expect(token).toMatch(/^orga_[A-Za-z0-9_-]{43}$/)
    const authorization = `Bearer ${token}`
    expect(await (await fetch(`${app.url}/probe/me`, { headers: { authorization } })).json()).toEqual({
      accountId: "account-api-client",
      kind: "token"
    })
    // A token sent as a cookie is not a session.
    expect((await fetch(`${app.url}/probe/me`, { headers: { cookie: `orga_session=${token}` } })).status).toBe(401)
    expect((await fetch(`${app.url}/auth/sign-out`, { method: "POST", headers: { authorization } })).status).toBe(204)
    expect((await fetch(`${app.url}/probe/me`, { headers: { authorization } })).status).toBe(401)
  })
})

describe("CSRF", () => {
  it("refuses a change with a session cookie and no token, or a wrong one, and changes nothing", async () => {
    const session = await cookieSession("denis")
    for (const headers of [
      { cookie: session.cookie },
      { cookie: session.cookie, "x-csrf-token": "wrong" },
      { cookie: session.cookie, "x-csrf-token": (await cookieSession("denis")).csrfToken }
    ]) {
      const response = await change(headers)
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({
        code: "CSRF_TOKEN_INVALID",
        detail: "La demande n'a pas pu être vérifiée. Rechargez la page puis réessayez."
      })
    }
  })

  it("accepts the session's token from fetch (header)", async () => {
    const session = await cookieSession("emma")
    const response = await change({ cookie: session.cookie, "x-csrf-token": session.csrfToken })
    expect(await response.json()).toEqual({ changed: "nouvelle valeur" })
  })

  it("accepts the token from a plain HTML form field, and the handler still reads the form", async () => {
    const session = await cookieSession("farid")
    const post = (body: string) =>
      fetch(`${app.url}/probe/form`, {
        method: "POST",
        headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
        body
      })
    const ok = await post(new URLSearchParams({ _csrf: session.csrfToken, value: "élève" }).toString())
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe("reçu : élève")
    expect((await post(new URLSearchParams({ value: "élève" }).toString())).status).toBe(403)
  })

  it("refuses a change whose Origin is another site, even with the token", async () => {
    const session = await cookieSession("gina")
    const response = await change({
      cookie: session.cookie,
      "x-csrf-token": session.csrfToken,
      origin: "https://evil.example"
    })
    expect(response.status).toBe(403)
  })

  it("exempts bearer tokens and leaves safe methods alone", async () => {
    const { token } = (await (await signIn(app, "script", "token")).json()) as { token: string }
    expect((await change({ authorization: `Bearer ${token}` })).status).toBe(200)
    const session = await cookieSession("hugo")
    expect((await fetch(`${app.url}/probe/me`, { headers: { cookie: session.cookie } })).status).toBe(200)
  })
})

describe("rate limits", () => {
  it("answers a flood of sign-in attempts on one account with a French 429 and Retry-After", async () => {
    const statuses: Array<number> = []
    let last: Response | undefined
    for (let attempt = 0; attempt < 8; attempt++) {
      last = await signIn(app, "cible", "cookie", `essai ${attempt}`)
      statuses.push(last.status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
    expect(Number(last?.headers.get("retry-after"))).toBeLessThanOrEqual(12)
    const problem = (await last?.json()) as { code: string; detail: string; title: string }
    expect(problem).toMatchObject({ code: "TOO_MANY_REQUESTS", title: "Trop de tentatives" })
    expect(problem.detail).toMatch(/^Trop de tentatives\. Réessayez dans \d+ secondes?\.$/)
    // Even the right password is refused while limited: nothing is signed in.
    const right = await signIn(app, "cible", "cookie")
    expect(right.status).toBe(429)
    expect(right.headers.get("set-cookie")).toBeNull()
  })

  it("limits one client address across accounts, before the body is read", async () => {
    const own = await start()
    try {
      const statuses: Array<number> = []
      let last: Response | undefined
      for (let attempt = 0; attempt < 24; attempt++) {
        last = await signIn(own, `compte-${attempt}`, "cookie", "mauvais")
        statuses.push(last.status)
      }
      expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true)
      expect(statuses.slice(20)).toEqual([429, 429, 429, 429])
      expect(Number(last?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
      expect(last?.headers.get("content-type")).toMatch(/^application\/problem\+json/)
      // The log says which route was limited, not who.
      expect(JSON.stringify(own.logs)).not.toContain("compte-")
    } finally {
      await own.close()
    }
  })
})
