/**
 * The fast path (`FastPath`) over real HTTP: a cached read answered before effect's router is the normal path's
 * answer (status, bytes, headers but the date and request id); a revoked or expired token, a removed
 * member, another actor, a write, a position, an idempotency key or a HEAD never get a cached answer
 * from it; `FAST_PATH=off` turns it off.
 */

import type * as Http from "node:http"
import * as Path from "node:path"
import { TargetProfiles, Team } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import { type SessionRecord, SessionStore } from "../../src/auth/SessionStore.ts"
import * as Sessions from "../../src/auth/Sessions.ts"
import * as SqliteSessionStore from "../../src/auth/SqliteSessionStore.ts"
import * as ReadCache from "../../src/position/ReadCache.ts"
import * as FastPath from "../../src/server/FastPath.ts"
import { call, ok, pixAdmin, type RunningApi, schoolAdmin, startApi, tokenFor } from "./support.ts"

const school = SiecleTesting.generateSchool({ seed: 11, students: 6, uai: "0331234X", schoolYear: "2026" })

/** Claire administrates a school (SIECLE imported, one campaign) and Mia is a member of it; Bob has his own. */
const seed = async (app: RunningApi) => {
  const pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  const claire = await schoolAdmin(app, pix, {
    name: "Collège 0331234X",
    uai: "0331234X",
    email: "claire@college.fr",
    password: "Claire-2026"
  })
  const bob = await schoolAdmin(app, pix, {
    name: "Collège 0339999Z",
    uai: "0339999Z",
    email: "bob@college.fr",
    password: "Bob-Hugo-2026"
  })
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  await ok(app, "POST", `/organizations/${claire.organizationId}/imports`, claire.token, form)
  const campaign = await ok(app, "POST", `/organizations/${claire.organizationId}/campaigns`, claire.token, {
    name: "Évaluation",
    type: "ASSESSMENT",
    targetProfileId: TargetProfiles.sample.id
  })
  // Mia: a member invited by Claire, signed up, terms accepted.
  const [invitation] = await app.run(
    Effect.flatMap(Team.Team, (team) =>
      team.inviteMembers(Library.actor(claire.userId), {
        organizationId: claire.organizationId,
        emails: ["mia@college.fr"],
        role: "MEMBER"
      })
    )
  )
  await ok(app, "POST", "/auth/sign-up", undefined, {
    firstName: "Mia",
    lastName: "Membre",
    email: "mia@college.fr",
    password: "Mia-Membre-2026"
  })
  const miaToken = await tokenFor(app, "mia@college.fr", "Mia-Membre-2026")
  await ok(app, "POST", `/invitations/${invitation!.invitationId}/accept`, miaToken, {
    organizationId: claire.organizationId,
    code: invitation!.code
  })
  await ok(app, "POST", "/me/pix-orga-terms", miaToken)
  const { userId: miaId } = await ok(app, "GET", "/me", miaToken)
  return { claire, bob, campaign, mia: { token: miaToken, userId: miaId as string } }
}

const readsOf = (campaignId: string, organizationId: string) => [
  `/campaigns/${campaignId}/results`,
  `/campaigns/${campaignId}/participants?size=50`,
  `/campaigns/${campaignId}/analysis`,
  `/organizations/${organizationId}/learners`,
  `/organizations/${organizationId}/learners/page?page=1&pageSize=50`,
  `/organizations/${organizationId}/certificability`
]

/** A raw GET: status, body bytes, headers. */
const get = async (app: RunningApi, path: string, headers: Record<string, string>) => {
  const response = await fetch(`${app.url}${path}`, { headers })
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    headers: Object.fromEntries(response.headers.entries())
  }
}
const comparable = (headers: Record<string, string>) => {
  const { date: _date, "x-request-id": _id, ...rest } = headers
  return rest
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** How many requests the fast path answered during `run`. */
const answeredBy = async <A>(run: () => Promise<A>): Promise<{ value: A; fast: number }> => {
  const before = FastPath.stats.answered
  const value = await run()
  return { value, fast: FastPath.stats.answered - before }
}

describe("the fast path of cached reads", () => {
  let app: RunningApi
  let seeded: Awaited<ReturnType<typeof seed>>
  let reads: Array<string>
  beforeAll(async () => {
    app = await startApi()
    seeded = await seed(app)
    reads = readsOf(seeded.campaign.campaignId, seeded.claire.organizationId)
  }, 60_000)
  afterAll(() => app.close())

  it("answers a hit with the normal path's status, bytes and headers", async () => {
    for (const path of reads) {
      const { value: normal, fast: first } = await answeredBy(() =>
        get(app, path, { ...bearer(seeded.claire.token), "x-request-id": "normal-0001" })
      )
      const { value: cached, fast: second } = await answeredBy(() =>
        get(app, path, { ...bearer(seeded.claire.token), "x-request-id": "cached-0001" })
      )
      expect([first, second], path).toEqual([0, 1])
      expect(cached.status, path).toBe(200)
      expect(normal.status, path).toBe(200)
      expect(cached.bytes.equals(normal.bytes), path).toBe(true)
      expect(comparable(cached.headers), path).toEqual(comparable(normal.headers))
      expect([normal.headers["x-request-id"], cached.headers["x-request-id"]]).toEqual(["normal-0001", "cached-0001"])
    }
  })

  it("refuses a revoked or an expired token even when the cache holds its account's bytes", async () => {
    const path = reads[1]!
    const token = await tokenFor(app, "claire@college.fr", "Claire-2026")
    await ok(app, "GET", path, token)
    expect((await answeredBy(() => get(app, path, bearer(token)))).fast).toBe(1)
    expect((await call(app, "POST", "/auth/sign-out", { token })).status).toBe(204)
    const revoked = await answeredBy(() => call(app, "GET", path, { token }))
    expect([revoked.value.status, revoked.fast]).toEqual([401, 0])
    // An expired token of Claire's, straight into the session store.
    const secret = `${Sessions.tokenPrefix}${"e".repeat(43)}`
    const now = Date.now()
    const record: SessionRecord = {
      idHash: Sessions.hashSecret(secret),
      kind: "token",
      accountId: seeded.claire.userId,
      csrfToken: "",
      createdAt: now - 2_000,
      expiresAt: now - 1_000,
      revokedAt: null
    }
    await app.run(Effect.flatMap(SessionStore, (store) => store.insert(record)) as Effect.Effect<void>)
    const expired = await answeredBy(() => call(app, "GET", path, { token: secret }))
    expect([expired.value.status, expired.fast]).toEqual([401, 0])
    // Claire's own token still gets the fast answer: the refusals were the sessions', not the cache's.
    expect((await answeredBy(() => get(app, path, bearer(seeded.claire.token)))).fast).toBe(1)
  })

  it("refuses at once a token revoked by another instance on the same session file (records kept in memory)", async () => {
    const path = reads[1]!
    const token = await tokenFor(app, "claire@college.fr", "Claire-2026")
    await ok(app, "GET", path, token)
    expect((await answeredBy(() => get(app, path, bearer(token)))).fast).toBe(1)
    // Another instance's session store on the app's file revokes the token (a sign-out answered there).
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(SqliteSessionStore.make(Path.join(app.dataDir, "sessions.db")), (other) =>
          Sessions.revoke(other, token, Date.now())
        )
      )
    )
    const revoked = await answeredBy(() => call(app, "GET", path, { token }))
    expect([revoked.value.status, revoked.fast]).toEqual([401, 0])
  })

  it("never serves one actor's bytes to another", async () => {
    for (const path of reads) {
      await ok(app, "GET", path, seeded.claire.token)
      const bob = await answeredBy(() => call(app, "GET", path, { token: seeded.bob.token }))
      expect([bob.value.status, bob.fast], path).toEqual([403, 0])
      // Mia's first read is her own miss, then her own hit.
      const miaFirst = await answeredBy(() => call(app, "GET", path, { token: seeded.mia.token }))
      const miaAgain = await answeredBy(() => call(app, "GET", path, { token: seeded.mia.token }))
      expect([miaFirst.value.status, miaFirst.fast, miaAgain.value.status, miaAgain.fast], path).toEqual([
        200, 0, 200, 1
      ])
    }
  })

  it("leaves positions (header or cookie), idempotency keys and HEAD to the normal path", async () => {
    const path = reads[0]!
    await ok(app, "GET", path, seeded.claire.token)
    const head = (await call(app, "POST", "/me/pix-orga-terms", { token: seeded.claire.token })).headers.get(
      "orga-position"
    )
    await ok(app, "GET", path, seeded.claire.token)
    for (const headers of [
      { ...bearer(seeded.claire.token), "orga-position": head ?? "0" },
      { ...bearer(seeded.claire.token), cookie: `orga_position=${head ?? "0"}` },
      { ...bearer(seeded.claire.token), "idempotency-key": "a-key-of-16-chars-at-least" }
    ]) {
      const answer = await answeredBy(() => get(app, path, headers))
      expect(answer.fast, JSON.stringify(Object.keys(headers))).toBe(0)
    }
    const head2 = await answeredBy(() =>
      fetch(`${app.url}${path}`, { method: "HEAD", headers: bearer(seeded.claire.token) })
    )
    expect(head2.fast).toBe(0)
  })

  it("refuses a member removed from the organization: the removal moved the head", async () => {
    const path = reads[3]!
    await ok(app, "GET", path, seeded.mia.token)
    expect((await answeredBy(() => get(app, path, bearer(seeded.mia.token)))).fast).toBe(1)
    await ok(
      app,
      "DELETE",
      `/organizations/${seeded.claire.organizationId}/members/${seeded.mia.userId}`,
      seeded.claire.token
    )
    const removed = await answeredBy(() => call(app, "GET", path, { token: seeded.mia.token }))
    expect([removed.value.status, removed.fast]).toEqual([403, 0])
  })

  it("a write makes the next read fresh", async () => {
    const path = reads[1]!
    const before = await ok(app, "GET", path, seeded.claire.token)
    expect((await answeredBy(() => get(app, path, bearer(seeded.claire.token)))).fast).toBe(1)
    // A student joins Claire's campaign: a write by someone else.
    const student = school.expected.students[0]!
    await ok(app, "POST", "/auth/sign-up", undefined, {
      firstName: student.firstName,
      lastName: student.lastName,
      email: "eleve@college.fr",
      password: "Eleve-2026"
    })
    const token = await tokenFor(app, "eleve@college.fr", "Eleve-2026")
    await ok(app, "POST", "/participations/reconciliation", token, { code: seeded.campaign.code, ...student })
    const after = await answeredBy(() => call(app, "GET", path, { token: seeded.claire.token }))
    expect(after.fast).toBe(0)
    expect([before.total, after.value.body.total]).toEqual([0, 1])
  })
})

describe("FAST_PATH=off", () => {
  it("answers every read by the normal path", async () => {
    const app = await startApi({ FAST_PATH: "off" })
    try {
      const { claire, campaign } = await seed(app)
      for (const path of readsOf(campaign.campaignId, claire.organizationId)) {
        const answers = await answeredBy(async () => [
          await get(app, path, bearer(claire.token)),
          await get(app, path, bearer(claire.token))
        ])
        const [first, again] = answers.value
        expect([answers.fast, first!.status, again!.status], path).toEqual([0, 200, 200])
        expect(again!.bytes.equals(first!.bytes), path).toBe(true)
      }
    } finally {
      await app.close()
    }
  }, 60_000)
})

describe("the fast path on PostgreSQL (stores that answer asynchronously)", () => {
  const databaseUrl = (): string => {
    const url = inject("databaseUrl") ?? process.env.DATABASE_URL
    if (!url) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
    return url
  }
  const suffix = `${process.pid}_${Date.now()}`
  const schemas = { events: `fast_events_${suffix}`, credentials: `fast_credentials_${suffix}` }
  let app: RunningApi
  beforeAll(async () => {
    app = await startApi({ DATABASE_URL: databaseUrl() }, schemas)
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    const client = new Pg.Client({ connectionString: databaseUrl() })
    await client.connect()
    await client.query(
      `DROP SCHEMA IF EXISTS ${schemas.events} CASCADE; DROP SCHEMA IF EXISTS ${schemas.credentials} CASCADE`
    )
    await client.end()
  })

  it("answers a hit with the normal path's bytes and headers, and refuses a revoked token", async () => {
    const { claire, campaign } = await seed(app)
    const path = readsOf(campaign.campaignId, claire.organizationId)[1]!
    const normal = await answeredBy(() => get(app, path, bearer(claire.token)))
    const cached = await answeredBy(() => get(app, path, bearer(claire.token)))
    expect([normal.fast, cached.fast, normal.value.status, cached.value.status]).toEqual([0, 1, 200, 200])
    expect(cached.value.bytes.equals(normal.value.bytes)).toBe(true)
    expect(comparable(cached.value.headers)).toEqual(comparable(normal.value.headers))
    expect((await call(app, "POST", "/auth/sign-out", { token: claire.token })).status).toBe(204)
    const revoked = await answeredBy(() => call(app, "GET", path, { token: claire.token }))
    expect([revoked.value.status, revoked.fast]).toEqual([401, 0])
  }, 60_000)
})

describe("FastPath.candidate", () => {
  const request = (method: string, url: string, headers: Http.IncomingHttpHeaders) =>
    ({ method, url, headers }) as Http.IncomingMessage
  const token = { authorization: `Bearer ${Sessions.tokenPrefix}${"a".repeat(43)}` }

  it("takes a GET of a cached read with a bearer token, and its endpoint", () => {
    expect(FastPath.candidate(request("GET", "/campaigns/c1/participants?size=50", token))?.endpoint).toBe(
      "resultsPage"
    )
    expect(FastPath.candidate(request("GET", "/organizations/o1/learners/page", token))?.endpoint).toBe("learnersPage")
    expect(FastPath.candidate(request("GET", "/organizations/o1/learners", token))?.endpoint).toBe("learners")
    expect(FastPath.candidate(request("GET", "/organizations/o1/certificability", token))).toMatchObject({
      endpoint: "certificability",
      daily: true
    })
    expect(FastPath.candidate(request("GET", "/organizations/o1/learners", token))?.daily).toBe(false)
  })

  it("keys a daily read by the UTC day: the same key all day, another one from midnight", () => {
    const url = "/organizations/o1/certificability"
    const lastMillisecond = Date.parse("2026-12-05T23:59:59.999Z")
    expect(ReadCache.dailyUrl(url, Date.parse("2026-12-05T00:00:00.000Z"))).toBe(
      ReadCache.dailyUrl(url, lastMillisecond)
    )
    expect(ReadCache.dailyUrl(url, lastMillisecond + 1)).not.toBe(ReadCache.dailyUrl(url, lastMillisecond))
  })

  it("leaves cookie sessions, other methods and paths, positions and idempotency keys to the normal path", () => {
    const path = "/campaigns/c1/results"
    for (const refused of [
      request("GET", path, { cookie: "orga_session=abc" }),
      request("GET", path, {}),
      request("POST", path, token),
      request("HEAD", path, token),
      request("GET", "/campaigns/c1/activity", token),
      request("GET", path, { ...token, "orga-position": "3" }),
      request("GET", path, { ...token, cookie: "orga_position=3" }),
      request("GET", path, { ...token, "idempotency-key": "k" })
    ])
      expect(FastPath.candidate(refused), `${refused.method} ${JSON.stringify(refused.headers)}`).toBeUndefined()
  })
})
