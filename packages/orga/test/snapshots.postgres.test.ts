/**
 * Read-model snapshots in the PostgreSQL schema (ADR 0056), over a real server: an instance starts from the newest
 * snapshot and replays only what follows, answering as a full rebuild; with two app processes, only the holder of
 * the snapshot lock writes them, and when it is killed (SIGKILL) the other takes the lock and writes the next one.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import type * as Snapshots from "../src/Snapshots.ts"
import * as Postgres from "../src/stores/Postgres.ts"
import { config } from "./support/harness.ts"
import { answersOver, storeOnly } from "./support/replayCheck.ts"

const script = fileURLToPath(new URL("./processes/snapshot-writer.ts", import.meta.url))
const admin = Orga.user("claire")

describe("read-model snapshots on PostgreSQL", () => {
  const connectionString = inject("databaseUrl")
  const schema = `orga_snapshots_${process.pid}_${Date.now()}`
  const layer = (snapshots: Snapshots.Options | false) => Postgres.layer(connectionString, schema, { snapshots })
  const scope = Effect.runSync(Scope.make())
  const opened = Effect.runPromise(Scope.provide(scope)(PostgresEventStore.make({ connectionString, schema })))
  const query = async (text: string, values: Array<unknown> = []) =>
    (await (await opened).pool.query(text, values)).rows as Array<Record<string, unknown>>
  const head = async () =>
    BigInt(String((await query(`SELECT coalesce(max(global_position), 0) AS head FROM ${schema}.events`))[0]!.head))
  const snapshots = async () => {
    const exists = await query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2", [
      schema,
      "read_model_snapshots"
    ])
    if (exists.length === 0) return []
    return (
      await query(`SELECT position FROM ${schema}.read_model_snapshots WHERE id <> '~floor' ORDER BY position`)
    ).map((row) => BigInt(String(row.position)))
  }
  const waitFor = async (what: string, check: () => Promise<boolean>, millis = 20_000) => {
    for (let waited = 0; waited < millis; waited += 50) {
      if (await check()) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`timed out waiting for ${what}`)
  }
  let organizationId = ""
  let campaignId = ""
  const children: Array<ChildProcess> = []

  /** Appends a campaign through an instance without snapshots (so it writes none itself). */
  const appendSome = (name: string) =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const orga = yield* Orga.all
          yield* orga.createCampaign(admin, { organizationId, name, type: "PROFILES_COLLECTION" })
        }).pipe(
          Effect.provide(
            Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(Layer.provide(Layer.merge(layer(false), Runtime.live)))
          )
        )
      )
    )

  const startChild = () => {
    const child = spawn(process.execPath, [script, connectionString, schema], { stdio: ["pipe", "pipe", "pipe"] })
    children.push(child)
    let stdout = ""
    let stderr = ""
    child.stderr?.on("data", (chunk) => {
      stderr += chunk
    })
    const ready = new Promise<{ events: number }>((resolve, reject) => {
      child.stdout?.on("data", (chunk) => {
        stdout += chunk
        const line = stdout.split("\n").find((text) => text.startsWith("ready "))
        if (line !== undefined) resolve(JSON.parse(line.slice("ready ".length)) as { events: number })
      })
      child.on("exit", (code) => reject(new Error(`snapshot writer exited with ${code}: ${stderr}`)))
    })
    return { child, ready }
  }

  beforeAll(async () => {
    await Effect.runPromise(
      program.pipe(
        Effect.provide(
          Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
            Layer.provide(Layer.merge(layer(false), Runtime.deterministic().layer))
          )
        )
      )
    )
    organizationId = String(
      (
        await query(
          `SELECT data->>'organizationId' AS id FROM ${schema}.events WHERE event_type = 'OrganizationRegistered'`
        )
      )[0]!.id
    )
    campaignId = String(
      (await query(`SELECT data->>'campaignId' AS id FROM ${schema}.events WHERE event_type = 'CampaignCreated'`))[0]!
        .id
    )
  }, 60_000)

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL")
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  it("starts from the newest snapshot, replays only what follows, and answers as a full rebuild", async () => {
    // A start replays the whole log and, leading alone, writes a snapshot at the head.
    const logHead = await head()
    const first = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const orga = yield* Orga.all
          for (let waited = 0; waited < 20_000; waited += 50) {
            if ((yield* Effect.promise(snapshots)).includes(logHead)) break
            yield* Effect.sleep(50)
          }
          return orga.rebuild
        }).pipe(
          Effect.provide(
            Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
              Layer.provide(Layer.merge(layer({ everyEvents: 1, everySeconds: 0.05 }), Runtime.live))
            )
          )
        )
      )
    )
    expect(first.snapshotPosition).toBeNull()
    expect(first.events).toBe(Number(logHead))
    expect(await snapshots()).toEqual([logHead])
    const at = (await snapshots()).at(-1)!
    await appendSome("Après l'instantané")
    const after = Number((await head()) - at)
    expect(after).toBeGreaterThan(0)
    const quiet = { everyEvents: 1_000_000, everySeconds: 3_600 }
    const fromSnapshot = await answersOver(layer(quiet), organizationId, campaignId)
    const full = await answersOver(storeOnly(layer(false)), organizationId, campaignId)
    expect(fromSnapshot.rebuilt).toBe(after)
    expect({ ...fromSnapshot, rebuilt: 0 }).toEqual({ ...full, rebuilt: 0 })
  }, 60_000)

  it("only the lock holder writes; killed (SIGKILL), the other process takes over and writes the next one", async () => {
    const leader = startChild()
    await leader.ready
    // Alone, it leads: it writes a snapshot at the head (it replayed events past the last one).
    await appendSome("Pour le premier meneur")
    const firstHead = await head()
    await waitFor("the leader's snapshot", async () => (await snapshots()).includes(firstHead))
    const follower = startChild()
    await follower.ready
    await appendSome("Encore")
    const secondHead = await head()
    await waitFor("the leader's next snapshot", async () => (await snapshots()).includes(secondHead))
    // The newest two are kept.
    expect((await snapshots()).length).toBeLessThanOrEqual(2)
    leader.child.kill("SIGKILL")
    await new Promise((resolve) => leader.child.once("exit", resolve))
    await appendSome("Après la panne")
    const thirdHead = await head()
    const killedAt = performance.now()
    await waitFor("the follower's snapshot", async () => (await snapshots()).includes(thirdHead), 15_000)
    expect(performance.now() - killedAt).toBeLessThan(15_000)
    follower.child.stdin?.end()
    await new Promise((resolve) => follower.child.once("exit", resolve))
  }, 90_000)
})
