/**
 * The heavy reads through `ReadCache` over real HTTP: results (whole and paged), analysis, learners (whole and
 * paged) and certificability by class (kept per day too). The same answer while nothing is written; two actors with
 * different rights never get each other's cached answer (in either order); a write by anyone moves the log's head and the next read is fresh; on two instances
 * over one PostgreSQL, a write on A is seen on B by a read that presents no position.
 */
import { EventStore } from "@orga/event-store"
import { TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import * as ReadCache from "../../src/position/ReadCache.ts"
import { call, ok, pixAdmin, type RunningApi, schoolAdmin, startApi, tokenFor } from "./support.ts"

const school = SiecleTesting.generateSchool({ seed: 7, students: 6, uai: "0331234X", schoolYear: "2026" })
const student = school.expected.students[0]!

/** A school administrated by Claire (SIECLE imported, one campaign), another by Bob; `write` does it, over HTTP. */
const seed = async (write: RunningApi) => {
  const pix = await tokenFor(write, pixAdmin.email, pixAdmin.password)
  const claire = await schoolAdmin(write, pix, {
    name: "Collège Jean Moulin",
    uai: "0331234X",
    email: "claire@college.fr",
    password: "Claire-2026"
  })
  const bob = await schoolAdmin(write, pix, {
    name: "Collège Victor Hugo",
    uai: "0339999Z",
    email: "bob@college.fr",
    password: "Bob-Hugo-2026"
  })
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  await ok(write, "POST", `/organizations/${claire.organizationId}/imports`, claire.token, form)
  const campaign = await ok(write, "POST", `/organizations/${claire.organizationId}/campaigns`, claire.token, {
    name: "Évaluation",
    type: "ASSESSMENT",
    targetProfileId: TargetProfiles.sample.id
  })
  const reads = [
    `/campaigns/${campaign.campaignId}/results`,
    `/campaigns/${campaign.campaignId}/participants?size=50`,
    `/campaigns/${campaign.campaignId}/analysis`,
    `/organizations/${claire.organizationId}/learners`,
    `/organizations/${claire.organizationId}/learners/page?page=1&pageSize=50`,
    `/organizations/${claire.organizationId}/certificability`
  ]
  return { claire, bob, campaign, reads }
}

/** A student signs up and joins Claire's campaign (a write by someone else than the reader). */
const join = async (app: RunningApi, code: string) => {
  await ok(app, "POST", "/auth/sign-up", undefined, {
    firstName: student.firstName,
    lastName: student.lastName,
    email: "eleve@college.fr",
    password: "Eleve-2026"
  })
  const token = await tokenFor(app, "eleve@college.fr", "Eleve-2026")
  await ok(app, "POST", "/participations/reconciliation", token, { code, ...student })
}

// The app's context holds its event store (`Library.layer` provides it), though `run`'s type names the library's
// services only.
const cacheSize = (app: RunningApi) =>
  app.run(
    Effect.gen(function* () {
      const cacheOf = yield* ReadCache.ReadCache
      return yield* cacheOf(yield* EventStore.EventStore).size
    }) as Effect.Effect<{ readonly entries: number; readonly bytes: number }>
  )

describe("heavy reads through ReadCache (SQLite)", () => {
  let app: RunningApi
  let seeded: Awaited<ReturnType<typeof seed>>
  beforeAll(async () => {
    app = await startApi()
    seeded = await seed(app)
  }, 60_000)
  afterAll(() => app.close())

  it("answers the same bytes again, and never one actor's answer to another", async () => {
    const { claire, bob, reads } = seeded
    const before = await cacheSize(app)
    for (const path of reads) {
      // Bob first (refused, nothing kept), then Claire (kept), Claire again (the same), Bob again (still refused).
      const refused = await call(app, "GET", path, { token: bob.token })
      const first = await call(app, "GET", path, { token: claire.token })
      const again = await call(app, "GET", path, { token: claire.token })
      const refusedAgain = await call(app, "GET", path, { token: bob.token })
      expect([refused.status, first.status, again.status, refusedAgain.status], path).toEqual([403, 200, 200, 403])
      expect(again.body, path).toEqual(first.body)
      expect(refusedAgain.body.code, path).toBe(refused.body.code)
      expect(again.headers.get("content-type"), path).toContain("application/json")
    }
    // One entry per read of Claire; Bob's refusals kept nothing.
    expect((await cacheSize(app)).entries - before.entries).toBe(reads.length)
    // Anonymous: 401, before the cache.
    expect((await call(app, "GET", reads[0]!)).status).toBe(401)
  })

  it("a write by anyone moves the head: the next read is fresh", async () => {
    const { claire, campaign, reads } = seeded
    const read = async () => Promise.all(reads.map((path) => ok(app, "GET", path, claire.token)))
    const [results, page, analysis, learners, learnersPage] = await read()
    expect([results.participationsCount, page.total, analysis.participantsCount]).toEqual([0, 0, 0])
    await join(app, campaign.code)
    const after = await read()
    expect([after[0].participationsCount, after[1].total, after[2].participantsCount]).toEqual([1, 1, 1])
    // The student's learner now has an account: both learner answers changed.
    expect(after[3]).not.toEqual(learners)
    expect(after[4]).not.toEqual(learnersPage)
  }, 30_000)
})

describe("heavy reads through ReadCache, two instances on one PostgreSQL", () => {
  const databaseUrl = (): string => {
    const url = inject("databaseUrl") ?? process.env.DATABASE_URL
    if (!url) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
    return url
  }
  const suffix = `${process.pid}_${Date.now()}`
  const schemas = { events: `cache_events_${suffix}`, credentials: `cache_credentials_${suffix}` }
  let a: RunningApi
  let b: RunningApi
  beforeAll(async () => {
    a = await startApi({ DATABASE_URL: databaseUrl() }, schemas)
    b = await startApi({ DATABASE_URL: databaseUrl() }, schemas)
  }, 60_000)
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()])
    const client = new Pg.Client({ connectionString: databaseUrl() })
    await client.connect()
    await client.query(
      `DROP SCHEMA IF EXISTS ${schemas.events} CASCADE; DROP SCHEMA IF EXISTS ${schemas.credentials} CASCADE`
    )
    await client.end()
  })

  it("a write on A is seen on B's next read, with no position presented", async () => {
    const { claire, campaign, reads } = await seed(a)
    const onB = async () => Promise.all(reads.slice(0, 2).map((path) => ok(b, "GET", path, claire.token)))
    const [results, page] = await onB()
    // Twice on B: the second is the cached answer.
    expect(await onB()).toEqual([results, page])
    expect([results.participationsCount, page.total]).toEqual([0, 0])
    await join(a, campaign.code)
    const [resultsAfter, pageAfter] = await onB()
    expect([resultsAfter.participationsCount, pageAfter.total]).toEqual([1, 1])
  }, 60_000)
})
