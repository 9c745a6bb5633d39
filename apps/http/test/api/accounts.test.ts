/**
 * Accounts and sessions over real HTTP: sign-up (students, usernames), sign-in by e-mail or username with its
 * refusals and limits, cookies with CSRF, bearer tokens, sign-out, staff password reset; credentials never in
 * the event log; uploads and bodies refused with clear problems.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor } from "./support.ts"

let app: RunningApi
beforeAll(async () => {
  app = await startApi()
})
afterAll(() => app.close())

const signUp = (body: Record<string, string>) => call(app, "POST", "/auth/sign-up", { body })
const signIn = (body: Record<string, string>) => call(app, "POST", "/auth/sign-in", { body })

describe("sign-up", () => {
  it("refuses a weak password, a missing e-mail and birthdate, a taken e-mail: 422/409 in French, nothing created", async () => {
    const weak = await signUp({ firstName: "Léa", lastName: "Dupont", email: "lea@x.fr", password: "court" })
    expect(weak.status).toBe(422)
    expect(weak.body.code).toBe("INVALID_PASSWORD")
    expect((await signIn({ login: "lea@x.fr", password: "court", application: "app" })).status).toBe(401)
    const neither = await signUp({ firstName: "Léa", lastName: "Dupont", password: "Motdepasse1" })
    expect(neither.status).toBe(422)
    expect(neither.body.code).toBe("EMAIL_OR_BIRTHDATE_REQUIRED")
    expect(
      (await signUp({ firstName: "Léa", lastName: "Dupont", email: "lea@x.fr", password: "Motdepasse1" })).status
    ).toBe(200)
    const again = await signUp({ firstName: "Autre", lastName: "Personne", email: "LEA@x.fr", password: "Motdepasse1" })
    expect(again.status).toBe(409)
    expect(again.body.detail).toMatch(/[éè]|e-mail|identifiant/)
  })

  it("gives a student without e-mail the username prenom.nom + JJMM, then another when it is taken", async () => {
    const body = { firstName: "Élodie", lastName: "Le Gall", birthdate: "2012-03-14", password: "Motdepasse1" }
    const first = await signUp(body)
    expect(first.status).toBe(200)
    expect(first.body.username).toBe("elodie.legall1403")
    const second = await signUp(body)
    expect(second.body.username).toMatch(/^elodie\.legall\d{4}$/)
    expect(second.body.username).not.toBe("elodie.legall1403")
    expect((await signIn({ login: "elodie.legall1403", password: "Motdepasse1", application: "app" })).status).toBe(200)
  })

  it("refuses a body with wrong types or missing fields (400 naming the fields) and malformed JSON (400)", async () => {
    const wrong = await call(app, "POST", "/auth/sign-up", { body: { firstName: 3, password: "x" } })
    expect(wrong.status).toBe(400)
    expect(JSON.stringify(wrong.body.meta)).toContain("firstName")
    const malformed = await fetch(`${app.url}/auth/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json"
    })
    expect(malformed.status).toBe(400)
    expect(malformed.headers.get("content-type")).toMatch(/problem\+json/)
  })
})

describe("sign-in", () => {
  it("answers the same 401 for a wrong password and an unknown login", async () => {
    await signUp({ firstName: "Marc", lastName: "Petit", email: "marc@x.fr", password: "Motdepasse1" })
    const wrong = await signIn({ login: "marc@x.fr", password: "Mauvais1", application: "app" })
    const unknown = await signIn({ login: "personne@x.fr", password: "Mauvais1", application: "app" })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.detail).toBe("L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects.")
  })

  it("refuses Pix Orga to a user without an active membership with Pix's text (403), and lets Pix App in", async () => {
    await signUp({ firstName: "Nina", lastName: "Roux", email: "nina@x.fr", password: "Motdepasse1" })
    const orga = await signIn({ login: "nina@x.fr", password: "Motdepasse1" })
    expect(orga.status).toBe(403)
    expect(orga.body.code).toBe("NOT_LINKED_ORGANIZATION")
    expect(orga.body.detail).toMatch(/^L'accès à Pix Orga est limité aux membres invités\./)
    expect((await signIn({ login: "nina@x.fr", password: "Motdepasse1", application: "app" })).status).toBe(200)
  })

  it("opens a cookie session whose changes need the CSRF token, and signs out (the cookie then fails)", async () => {
    await signUp({ firstName: "Cora", lastName: "Kie", email: "cookie@x.fr", password: "Motdepasse1" })
    const response = await fetch(`${app.url}/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "cookie@x.fr", password: "Motdepasse1", application: "app" })
    })
    const setCookie = response.headers.get("set-cookie") ?? ""
    expect(setCookie).toMatch(/HttpOnly/)
    const cookie = setCookie.split(";")[0]!
    const { csrfToken } = (await response.json()) as { csrfToken: string }
    const me = await fetch(`${app.url}/me`, { headers: { cookie } })
    expect(((await me.json()) as { email: string }).email).toBe("cookie@x.fr")
    const without = await fetch(`${app.url}/me/pix-orga-terms`, { method: "POST", headers: { cookie } })
    expect(without.status).toBe(403)
    expect(((await without.json()) as { code: string }).code).toBe("CSRF_TOKEN_INVALID")
    const withToken = await fetch(`${app.url}/me/pix-orga-terms`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken }
    })
    expect(withToken.status).toBe(204)
    const out = await fetch(`${app.url}/auth/sign-out`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken }
    })
    expect(out.status).toBe(204)
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/)
    expect((await fetch(`${app.url}/me`, { headers: { cookie } })).status).toBe(401)
  })

  it("revokes a bearer token at sign-out", async () => {
    const token = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    expect((await call(app, "GET", "/me", { token })).status).toBe(200)
    expect((await call(app, "POST", "/auth/sign-out", { token })).status).toBe(204)
    expect((await call(app, "GET", "/me", { token })).status).toBe(401)
  })
})

describe("credentials outside the log", () => {
  it("keeps no password or hash in the event log; the credentials file holds argon2id hashes only", async () => {
    await signUp({ firstName: "Sec", lastName: "Ret", email: "secret@x.fr", password: "TresSecret42" })
    // The log's file and its write-ahead log (where recent writes are until a checkpoint).
    const log = Buffer.concat(
      ["orga.db", "orga.db-wal"]
        .map((name) => Path.join(app.dataDir, name))
        .filter((file) => Fs.existsSync(file))
        .map((file) => Fs.readFileSync(file))
    )
    // The account is in the log (its registration), its e-mail sealed like all personal data (ADR 0049).
    expect(log.includes("UserRegistered")).toBe(true)
    expect(log.includes("secret@x.fr")).toBe(false)
    expect(log.includes("TresSecret42")).toBe(false)
    expect(log.includes("$argon2id$")).toBe(false)
    const db = new DatabaseSync(Path.join(app.dataDir, "credentials.db"), { readOnly: true })
    const rows = db.prepare("SELECT password_hash FROM http_credentials").all() as Array<{ password_hash: string }>
    db.close()
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })
})

describe("sign-in floods (an app of their own: limits are per instance)", () => {
  let flooded: RunningApi
  beforeAll(async () => {
    flooded = await startApi()
  })
  afterAll(() => flooded.close())
  const signInTo = (target: RunningApi, body: Record<string, string>) => call(target, "POST", "/auth/sign-in", { body })
  const signUpTo = (target: RunningApi, body: Record<string, string>) => call(target, "POST", "/auth/sign-up", { body })

  it("throttles a flood on one account (429 with Retry-After), even with the right password afterwards", async () => {
    await signUpTo(flooded, { firstName: "Flo", lastName: "Od", email: "flood@x.fr", password: "Motdepasse1" })
    const statuses: Array<number> = []
    for (let attempt = 0; attempt < 11; attempt++)
      statuses.push(
        (await signInTo(flooded, { login: "flood@x.fr", password: `Faux${attempt}aA`, application: "app" })).status
      )
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true)
    expect(statuses[10]).toBe(429)
    const right = await call(flooded, "POST", "/auth/sign-in", {
      body: { login: "flood@x.fr", password: "Motdepasse1", application: "app" }
    })
    expect(right.status).toBe(429)
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(right.body.code).toBe("TOO_MANY_REQUESTS")
  })

  it("throttles one client trying many accounts (429 once the address's budget is spent)", async () => {
    const statuses: Array<number> = []
    for (let attempt = 0; attempt < 12; attempt++)
      statuses.push(
        (await signInTo(flooded, { login: `inconnu${attempt}@x.fr`, password: "Faux1aA", application: "app" })).status
      )
    // 12 attempts on the flood above already spent on this address: the 20-per-minute budget runs out here.
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(8).every((status) => status === 429)).toBe(true)
  })
})
