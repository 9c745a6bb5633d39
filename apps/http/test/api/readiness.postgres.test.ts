/**
 * Readiness against liveness, on a PostgreSQL of its own that the test stops: while the database answers,
 * `/ready` says ready (the sessions, the event store and the library's read models caught up with the log);
 * once it is stopped, `/ready` answers a 503 problem naming the stores that fail, while `/health` still answers
 * 200 (the process is alive: restarting it would not bring the database back).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type PostgresCluster, startPostgresCluster } from "../../../../test-support/postgres-cluster.ts"
import { call, pixAdmin, type RunningApi, startApi, tokenFor } from "./support.ts"

let cluster: PostgresCluster
let app: RunningApi
beforeAll(async () => {
  cluster = await startPostgresCluster()
  app = await startApi({ DATABASE_URL: cluster.url })
}, 60_000)
afterAll(async () => {
  cluster.stop()
  await app.close()
}, 30_000)

describe("readiness and liveness", () => {
  it("are both 200 while PostgreSQL answers, then readiness 503 and liveness 200 once it is stopped", async () => {
    const pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    const school = await call(app, "POST", "/back-office/organizations", {
      token: pix,
      body: { name: "Collège", type: "SCO", uai: "0331234X", isManagingStudents: true }
    })
    expect(school.status).toBe(200)
    const ready = await call(app, "GET", "/ready")
    expect([ready.status, ready.body]).toEqual([200, { status: "ready" }])
    expect((await call(app, "GET", "/health")).status).toBe(200)

    cluster.stop()
    const down = await call(app, "GET", "/ready")
    expect(down.status).toBe(503)
    expect(down.headers.get("content-type")).toMatch(/application\/problem\+json/)
    expect(down.body.code).toBe("SERVICE_UNAVAILABLE")
    expect(down.body.detail).toBe("Le service n'est pas prêt : un stockage ne répond pas.")
    expect(down.body.meta.failing).toEqual(expect.arrayContaining(["sessions", "event-store", "read-models"]))
    const alive = await call(app, "GET", "/health")
    expect([alive.status, alive.body]).toEqual([200, { status: "ok" }])
  }, 30_000)
})
