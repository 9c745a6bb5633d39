/**
 * Two instances of the app (child processes: the real settings, stores, outbox and middleware, with the test
 * API of `fixtures/OpsApi.ts` over the library) on one PostgreSQL database, hammered with conflicting requests:
 * the same invitation accepted on both at once, many campaigns created at once, the same POST retried with its
 * `Idempotency-Key` on both; every invariant holds, every invitation e-mail is sent once, and a write on one
 * instance is read on the other by a client presenting its `Orga-Position`.
 */
import { randomBytes } from "node:crypto"
import { Accounts, BackOffice, Campaigns, Orga, Rosters, Runtime, TargetProfiles, Team } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Pg from "pg"
import { describe, expect, inject, it } from "vitest"
import * as OpsProcess from "./fixtures/OpsProcess.ts"
import * as SmtpSink from "./fixtures/SmtpSink.ts"
import { tempDir } from "./support.ts"

const { start, closers } = OpsProcess.tracked()

/** A fresh database on the test cluster. */
const freshDatabase = async () => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (url === undefined) throw new Error("no PostgreSQL: the global setup provides one")
  const name = `ops_${process.pid}_${Date.now()}`
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

/** Starts one instance; resolves with its URL once it listens. */
const instance = async (env: Record<string, string>) => {
  const running = await start({ ...env, DATA_DIR: tempDir("orga-instance-") })
  const deadline = Date.now() + 30_000
  while (!running.output().includes("Orga écoute sur")) {
    if (running.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`instance did not start:\n${running.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url: `http://127.0.0.1:${running.port}`, output: running.output }
}

interface Answer {
  readonly status: number
  readonly body: string
  readonly headers: Headers
}

const call = async (
  base: string,
  method: string,
  path: string,
  user: string,
  options: { body?: unknown; key?: string; position?: string } = {}
): Promise<Answer> => {
  const headers: Record<string, string> = { "x-test-user": user }
  if (options.body !== undefined) headers["content-type"] = "application/json"
  if (options.key !== undefined) headers["idempotency-key"] = options.key
  if (options.position !== undefined) headers["orga-position"] = options.position
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
  })
  return { status: response.status, body: await response.text(), headers: response.headers }
}

const invitees = Array.from({ length: 12 }, (_, i) => `membre${i}@college.fr`)

describe("two instances on one PostgreSQL", () => {
  it("keep every invariant under conflicting requests, send each e-mail once, and read their writes", async () => {
    const databaseUrl = await freshDatabase()
    // Every instance over one database shares its master key (ADR 0049); each has a data dir of its own.
    const masterKey = randomBytes(32).toString("base64")
    const sink = await SmtpSink.start()
    closers.push(sink.close)

    // The school, its first administrator (accepted) and the members invited, written through the library.
    const library = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
      Layer.provide(Layer.merge(Postgres.layer(databaseUrl, undefined, { personalData: { masterKey } }), Runtime.live))
    )
    const { organizationId, student, campaignCode } = await Effect.runPromise(
      Effect.gen(function* () {
        const accounts = yield* Accounts.Accounts
        const backOffice = yield* BackOffice.BackOffice
        const team = yield* Team.Team
        yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
        yield* accounts.registerUser({
          userId: "claire",
          firstName: "Claire",
          lastName: "M",
          email: "claire@college.fr"
        })
        yield* accounts.registerUser({
          userId: "membre0",
          firstName: "Membre",
          lastName: "Zéro",
          email: "membre0@college.fr"
        })
        const { organizationId } = yield* backOffice.registerOrganization(Orga.user("pix"), {
          name: "Collège Jean Moulin",
          type: "SCO",
          uai: "0331234X",
          isManagingStudents: true
        })
        const first = yield* backOffice.inviteFirstAdmin(Orga.user("pix"), {
          organizationId,
          email: "claire@college.fr"
        })
        yield* team.acceptInvitation(Orga.user("claire"), { organizationId, ...first })
        yield* team.inviteMembers(Orga.user("claire"), { organizationId, emails: invitees, role: null })
        // A small roster and a campaign, for the learner two accounts claim at once.
        const school = SiecleTesting.generateSchool({ seed: 3, students: 5, uai: "0331234X", schoolYear: "2026" })
        const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
        yield* (yield* Rosters.Rosters).importSiecleFile(Orga.user("claire"), {
          organizationId,
          fileName: "eleves.xml",
          bytes
        })
        const campaign = yield* (yield* Campaigns.Campaigns).createCampaign(Orga.user("claire"), {
          organizationId,
          name: "Collecte",
          type: "PROFILES_COLLECTION"
        })
        const student = school.expected.students[0]
        if (student === undefined) throw new Error("no student")
        for (const userId of ["eleve-a", "eleve-b"])
          yield* accounts.registerUser({
            userId,
            firstName: student.firstName,
            lastName: student.lastName,
            username: `${userId}.0101`
          })
        return { organizationId, student, campaignCode: campaign.code }
      }).pipe(Effect.provide(library))
    )

    const env = { DATABASE_URL: databaseUrl, ORGA_MASTER_KEY: masterKey, SMTP_URL: sink.url, OUTBOX_LEASE_MS: "2000" }
    const [a, b] = await Promise.all([instance(env), instance(env)])
    if (a === undefined || b === undefined) throw new Error("instances")

    // Every invitation e-mail still owed (the twelve members'; the first administrator accepted hers before any
    // sender ran, so hers is skipped) arrives once, from either instance.
    await sink.waitFor(12, 30_000)
    const toMember0 = sink.received.find((m) => m.to[0] === invitees[0])
    const link = new URL(/suivez ce lien : (\S+)/.exec(toMember0?.text ?? "")?.[1] ?? "about:blank")
    const invitationId = link.pathname.split("/")[2] ?? ""
    const code = link.searchParams.get("code") ?? ""
    expect(invitationId).not.toBe("")

    // The same invitation accepted on both instances at once: one acceptance, one refusal, one membership.
    const accepts = await Promise.all(
      [a, b].map((server) =>
        call(server.url, "POST", `/ops/invitations/${invitationId}/accept`, "membre0", {
          body: { organizationId, code }
        })
      )
    )
    expect(accepts.map((r) => r.status).sort()).toEqual([200, 409])
    expect(JSON.parse(accepts.find((r) => r.status === 409)?.body ?? "{}")).toMatchObject({
      code: expect.any(String),
      detail: expect.stringMatching(/\S/)
    })

    // One learner claimed by two accounts at once, one on each instance: one joins, the other is refused.
    const claims = await Promise.all(
      (["eleve-a", "eleve-b"] as const).map((user, i) =>
        call(i === 0 ? a.url : b.url, "POST", "/ops/join", user, {
          body: {
            code: campaignCode,
            firstName: student.firstName,
            lastName: student.lastName,
            birthdate: student.birthdate
          }
        })
      )
    )
    const claimStatuses = claims.map((r) => r.status)
    expect(claimStatuses.filter((status) => status === 200)).toHaveLength(1)
    const refused = claims.find((r) => r.status !== 200)
    expect(refused?.status).toBeGreaterThanOrEqual(400)
    expect(refused?.status).toBeLessThan(500)
    expect(JSON.parse(refused?.body ?? "{}")).toMatchObject({ code: expect.any(String), detail: expect.any(String) })

    // Many campaigns created at once, half on each instance: each created once, each with its own code.
    const created = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call(i % 2 === 0 ? a.url : b.url, "POST", "/ops/campaigns", "claire", {
          body: { organizationId, name: `Campagne ${i}` },
          key: `create-${i}`
        })
      )
    )
    expect(created.map((r) => r.status)).toEqual(Array(16).fill(201))
    const codes = created.map((r) => (JSON.parse(r.body) as { code: string }).code)
    expect(new Set(codes).size).toBe(16)

    // The same POST retried with its key, at once and later, on both instances: one campaign, one answer.
    const retried = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 === 0 ? a.url : b.url, "POST", "/ops/campaigns", "claire", {
          body: { organizationId, name: "Campagne rejouée" },
          key: "retry-me"
        })
      )
    )
    const later = await call(b.url, "POST", "/ops/campaigns", "claire", {
      body: { organizationId, name: "Campagne rejouée" },
      key: "retry-me"
    })
    const answers = [...retried, later]
    expect(new Set(answers.map((r) => `${r.status} ${r.body}`)).size).toBe(1)
    expect(answers[0]?.status).toBe(201)
    expect(answers.filter((r) => r.headers.get("idempotency-replayed") === "true")).toHaveLength(6)
    // The key reused for another request is refused, and changes nothing.
    const reused = await call(a.url, "POST", "/ops/campaigns", "claire", {
      body: { organizationId, name: "Autre campagne" },
      key: "retry-me"
    })
    expect([reused.status, JSON.parse(reused.body).code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"])

    // Read-your-writes: a campaign created on A is listed by B to a client presenting A's position.
    const write = await call(a.url, "POST", "/ops/campaigns", "claire", {
      body: { organizationId, name: "Campagne lue ailleurs" },
      key: "ryw"
    })
    const position = write.headers.get("orga-position") ?? ""
    expect(position).toMatch(/^\d+$/)
    const listed = await call(b.url, "GET", `/ops/organizations/${organizationId}/campaigns`, "claire", { position })
    const names = (JSON.parse(listed.body) as Array<{ name: string }>).map((c) => c.name)
    expect(names).toContain("Campagne lue ailleurs")
    expect(names.filter((n) => n === "Campagne rejouée")).toHaveLength(1)
    expect(names).not.toContain("Autre campagne")
    expect(names).toHaveLength(1 + 16 + 1 + 1)
    // A position no instance has reached is answered 503, never with a stale read.
    const ahead = await call(b.url, "GET", `/ops/organizations/${organizationId}/campaigns`, "claire", {
      position: String(BigInt(position) + 1000n)
    })
    expect([ahead.status, ahead.headers.get("retry-after")]).toEqual([503, "1"])

    const members = await call(b.url, "GET", `/ops/organizations/${organizationId}/members`, "claire", { position })
    const memberIds = (JSON.parse(members.body) as Array<{ userId: string }>).map((m) => m.userId)
    expect(memberIds.filter((id) => id === "membre0")).toHaveLength(1)

    // No e-mail was sent twice, by either instance.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(sink.received).toHaveLength(12)
    expect(new Set(sink.received.map((m) => m.deliveryId)).size).toBe(12)
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual([...invitees].sort())
    const client = new Pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const ledger = await client.query<{ status: string; n: string }>(
      "SELECT status, count(*) AS n FROM outbox_deliveries GROUP BY status ORDER BY status"
    )
    await client.end()
    expect(ledger.rows.map((row) => [row.status, Number(row.n)])).toEqual([
      ["sent", 12],
      ["skipped", 1]
    ])
  }, 120_000)
})
