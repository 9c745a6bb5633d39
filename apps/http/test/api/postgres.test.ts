/**
 * The app on PostgreSQL (`DATABASE_URL`): the event log and the credentials table in the database, sign-up,
 * sign-in and a staff workflow over HTTP; the hash is in `http_credentials`, never in the log's tables.
 */
import * as Pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor } from "./support.ts"

const databaseUrl = (): string => {
  const url = inject("databaseUrl") ?? process.env.DATABASE_URL
  if (!url) throw new Error("no PostgreSQL server: the vitest global setup provides databaseUrl")
  return url
}
const suffix = `${process.pid}_${Date.now()}`
const schemas = { events: `api_events_${suffix}`, credentials: `api_credentials_${suffix}` }

let app: RunningApi
beforeAll(async () => {
  app = await startApi({ DATABASE_URL: databaseUrl() }, schemas)
}, 60_000)
afterAll(async () => {
  await app.close()
  const client = new Pg.Client({ connectionString: databaseUrl() })
  await client.connect()
  await client.query(
    `DROP SCHEMA IF EXISTS ${schemas.events} CASCADE; DROP SCHEMA IF EXISTS ${schemas.credentials} CASCADE`
  )
  await client.end()
})

describe("on PostgreSQL", () => {
  it("signs up, signs in, registers a school; the hash is in http_credentials, not in the log", async () => {
    const pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    const school = await call(app, "POST", "/back-office/organizations", {
      token: pix,
      body: { name: "Lycée", type: "SCO", uai: "0331234X", isManagingStudents: true }
    })
    expect(school.status).toBe(200)
    const signedUp = await call(app, "POST", "/auth/sign-up", {
      body: { firstName: "Paul", lastName: "Pg", email: "paul@pg.fr", password: "Postgres42" }
    })
    expect(signedUp.status).toBe(200)
    await tokenFor(app, "paul@pg.fr", "Postgres42")
    const client = new Pg.Client({ connectionString: databaseUrl() })
    await client.connect()
    const hashes = await client.query(`SELECT user_id, password_hash FROM ${schemas.credentials}.http_credentials`)
    const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [
      schemas.events
    ])
    let inLog = 0
    for (const { table_name } of tables.rows as Array<{ table_name: string }>) {
      const found = await client.query(
        `SELECT count(*)::int AS n FROM ${schemas.events}."${table_name}" t WHERE t::text LIKE '%argon2id%' OR t::text LIKE '%Postgres42%'`
      )
      inLog += (found.rows[0] as { n: number }).n
    }
    await client.end()
    expect(hashes.rows.map((row: { user_id: string }) => row.user_id)).toContain(signedUp.body.userId)
    expect(tables.rows.length).toBeGreaterThan(0)
    expect(inLog).toBe(0)
  }, 60_000)
})
