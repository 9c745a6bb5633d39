/**
 * Two instances of the whole app (child processes running every endpoint, as `main.ts` does, without the demo)
 * on one PostgreSQL database, driven over their real endpoints with bearer tokens: the first admin's invitation
 * e-mail read and accepted on both at once, one learner claimed by two student accounts at once, many campaigns
 * created at once, the same POST retried with its `Idempotency-Key` on both; every invariant holds, each
 * invitation e-mail is sent once, and a write on one instance is read on the other with its `Orga-Position`.
 */
import { randomBytes } from "node:crypto"
import { Accounts, Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Pg from "pg"
import { describe, expect, inject, it } from "vitest"
import * as Password from "../src/auth/Password.ts"
import * as PostgresCredentialStore from "../src/auth/PostgresCredentialStore.ts"
import * as OpsProcess from "./fixtures/OpsProcess.ts"
import * as SmtpSink from "./fixtures/SmtpSink.ts"
import { tempDir } from "./support.ts"

const { start, closers } = OpsProcess.tracked()

/** A fresh database on the test cluster. */
const freshDatabase = async () => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (url === undefined) throw new Error("no PostgreSQL: the global setup provides one")
  const name = `two_${process.pid}_${Date.now()}`
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

/** Starts one instance of the app; resolves with its URL once it listens. */
const instance = async (env: Record<string, string>) => {
  const running = await start({ ...env, DATA_DIR: tempDir("orga-two-") }, "app")
  const deadline = Date.now() + 60_000
  while (!running.output().includes("Orga écoute sur")) {
    if (running.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`instance did not start:\n${running.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return `http://127.0.0.1:${running.port}`
}

interface Answer {
  readonly status: number
  // biome-ignore lint/suspicious/noExplicitAny: a test reads problem and view bodies by field
  readonly body: any
  readonly headers: Headers
}

const call = async (
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; form?: FormData; key?: string; position?: string } = {}
): Promise<Answer> => {
  const headers: Record<string, string> = {}
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  if (options.key !== undefined) headers["idempotency-key"] = options.key
  if (options.position !== undefined) headers["orga-position"] = options.position
  let body: string | FormData | undefined = options.form
  if (options.body !== undefined) {
    headers["content-type"] = "application/json"
    body = JSON.stringify(options.body)
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers }
}

const signUpAndIn = async (base: string, body: Record<string, string>, login: string) => {
  const signedUp = await call(base, "POST", "/auth/sign-up", { body })
  if (signedUp.status !== 200) throw new Error(`sign-up: ${signedUp.status} ${JSON.stringify(signedUp.body)}`)
  const signedIn = await call(base, "POST", "/auth/sign-in", {
    body: { login, password: body.password, kind: "token", application: "app" }
  })
  return signedIn.body.token as string
}

const linkOf = (text: string) => {
  const link = new URL(/suivez ce lien : (\S+)/.exec(text)?.[1] ?? "about:blank")
  return {
    invitationId: decodeURIComponent(link.pathname.split("/")[2] ?? ""),
    code: link.searchParams.get("code") ?? ""
  }
}

describe("two instances of the app on one PostgreSQL, over their endpoints", () => {
  it("keep every invariant under conflicting requests, send each e-mail once, and read their writes", async () => {
    const databaseUrl = await freshDatabase()
    // Every instance over one database shares its master key (ADR 0049); each has a data dir of its own.
    const masterKey = randomBytes(32).toString("base64")
    const sink = await SmtpSink.start()
    closers.push(sink.close)

    // The Pix admin exists before the instances start (PIX_ADMIN_IDS names him), with a password.
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* (yield* Accounts.Accounts).registerUser({
          userId: "pix",
          firstName: "Pix",
          lastName: "Admin",
          email: "admin@pix.fr"
        })
        const credentials = yield* PostgresCredentialStore.make({ connectionString: databaseUrl })
        yield* credentials.set("pix", yield* Password.hash("Pix-Admin-2026"), Date.now())
      }).pipe(
        Effect.scoped,
        Effect.provide(
          Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
            Layer.provide(
              Layer.merge(Postgres.layer(databaseUrl, undefined, { personalData: { masterKey } }), Runtime.live)
            )
          )
        )
      )
    )
    const env = {
      DATABASE_URL: databaseUrl,
      ORGA_MASTER_KEY: masterKey,
      SMTP_URL: sink.url,
      OUTBOX_LEASE_MS: "2000",
      PIX_ADMIN_IDS: "pix"
    }
    const [a, b] = await Promise.all([instance(env), instance(env)])

    // The Pix admin registers the school on A and invites its first admin on B (presenting A's position).
    const pix = (
      await call(a, "POST", "/auth/sign-in", {
        body: { login: "admin@pix.fr", password: "Pix-Admin-2026", kind: "token", application: "app" }
      })
    ).body.token as string
    const registered = await call(a, "POST", "/back-office/organizations", {
      token: pix,
      body: { name: "Collège Jean Moulin", type: "SCO", uai: "0331234X", isManagingStudents: true }
    })
    const organizationId = registered.body.organizationId as string
    const invited = await call(b, "POST", `/back-office/organizations/${organizationId}/first-admin-invitation`, {
      token: pix,
      body: { email: "claire@college.fr" },
      position: registered.headers.get("orga-position") ?? ""
    })
    expect(invited.status).toBe(200)

    // Claire's e-mail arrives; she signs up on A and accepts from the link on both instances at once.
    await sink.waitFor(1, 30_000)
    const claireLink = linkOf(sink.received[0]!.text)
    const claire = await signUpAndIn(
      a,
      { firstName: "Claire", lastName: "Martin", email: "claire@college.fr", password: "Claire-2026" },
      "claire@college.fr"
    )
    const shown = await call(b, "GET", `/organization-invitations/${claireLink.invitationId}?code=${claireLink.code}`)
    expect([shown.status, shown.body.organizationName]).toEqual([200, "Collège Jean Moulin"])
    const accepts = await Promise.all(
      [a, b].map((base) =>
        call(base, "POST", `/invitations/${claireLink.invitationId}/accept`, {
          token: claire,
          body: { organizationId, code: claireLink.code }
        })
      )
    )
    expect(accepts.map((answer) => answer.status).sort()).toEqual([204, 409])
    const terms = await call(a, "POST", "/me/pix-orga-terms", { token: claire })
    expect(terms.status).toBe(204)

    // A roster and a campaign (B reads A's writes through their positions).
    const school = SiecleTesting.generateSchool({ seed: 3, students: 5, uai: "0331234X", schoolYear: "2026" })
    const form = new FormData()
    form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
    const imported = await call(a, "POST", `/organizations/${organizationId}/imports`, {
      token: claire,
      form,
      position: terms.headers.get("orga-position") ?? ""
    })
    expect(imported.status).toBe(200)
    const campaign = await call(b, "POST", `/organizations/${organizationId}/campaigns`, {
      token: claire,
      body: { name: "Collecte", type: "PROFILES_COLLECTION" },
      position: imported.headers.get("orga-position") ?? ""
    })
    expect(campaign.status).toBe(200)

    // One learner claimed by two student accounts at once, one on each instance: one joins, the other is refused.
    const student = school.expected.students[0]!
    const students = await Promise.all(
      ["eleve-a@x.fr", "eleve-b@x.fr"].map((email) =>
        signUpAndIn(
          a,
          { firstName: student.firstName, lastName: student.lastName, email, password: "Eleve-2026" },
          email
        )
      )
    )
    const claims = await Promise.all(
      students.map((token, i) =>
        call(i === 0 ? a : b, "POST", "/participations/reconciliation", {
          token,
          body: { code: campaign.body.code, ...student },
          position: campaign.headers.get("orga-position") ?? ""
        })
      )
    )
    expect(claims.map((answer) => answer.status).sort()).toEqual([200, 409])
    expect(claims.find((answer) => answer.status === 409)?.body.detail).toMatch(/\S/)

    // Members invited; each e-mail arrives once; each accepted on the instance that did not send the invitation.
    const members = ["membre0@college.fr", "membre1@college.fr", "membre2@college.fr"]
    const sent = await call(a, "POST", `/organizations/${organizationId}/invitations`, {
      token: claire,
      body: { emails: members, role: "MEMBER" }
    })
    expect(sent.status).toBe(200)
    await sink.waitFor(1 + members.length, 30_000)

    // Many campaigns at once, half on each instance: each created once, each with its own code.
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(i % 2 === 0 ? a : b, "POST", `/organizations/${organizationId}/campaigns`, {
          token: claire,
          body: { name: `Campagne ${i}`, type: "PROFILES_COLLECTION" },
          key: `create-${i}`
        })
      )
    )
    expect(created.map((answer) => answer.status)).toEqual(Array(10).fill(200))
    expect(new Set(created.map((answer) => answer.body.code)).size).toBe(10)

    // The same POST retried with its key at once on both instances, then later: one campaign, one answer.
    const retried = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 === 0 ? a : b, "POST", `/organizations/${organizationId}/campaigns`, {
          token: claire,
          body: { name: "Campagne rejouée", type: "PROFILES_COLLECTION" },
          key: "retry-me"
        })
      )
    )
    const later = await call(b, "POST", `/organizations/${organizationId}/campaigns`, {
      token: claire,
      body: { name: "Campagne rejouée", type: "PROFILES_COLLECTION" },
      key: "retry-me"
    })
    const answers = [...retried, later]
    expect(new Set(answers.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`)).size).toBe(1)
    expect(answers[0]?.status).toBe(200)

    // Read-your-writes: created on A, listed by B to a client presenting A's position.
    const write = await call(a, "POST", `/organizations/${organizationId}/campaigns`, {
      token: claire,
      body: { name: "Campagne lue ailleurs", type: "PROFILES_COLLECTION" }
    })
    const position = write.headers.get("orga-position") ?? ""
    expect(position).toMatch(/^\d+$/)
    const listed = await call(b, "GET", `/organizations/${organizationId}/campaigns`, { token: claire, position })
    const names = (listed.body as Array<{ name: string }>).map((c) => c.name)
    expect(names).toContain("Campagne lue ailleurs")
    expect(names.filter((name) => name === "Campagne rejouée")).toHaveLength(1)
    expect(names).toHaveLength(1 + 10 + 1 + 1)
    const team = await call(b, "GET", `/organizations/${organizationId}/members`, { token: claire, position })
    expect((team.body as Array<{ email: string }>).map((member) => member.email)).toEqual(["claire@college.fr"])

    // No e-mail was sent twice, by either instance.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(sink.received.map((message) => message.to[0]).sort()).toEqual(["claire@college.fr", ...members].sort())
    expect(new Set(sink.received.map((message) => message.deliveryId)).size).toBe(1 + members.length)
  }, 180_000)
})
