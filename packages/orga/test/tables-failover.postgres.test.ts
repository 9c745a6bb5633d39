/**
 * The read-model tables' leader failover under load, with Orga's own events and real processes: three app
 * instances (children, each an Orga over one PostgreSQL schema with the tables on) run the tables' leader, one
 * leads under the advisory lock; this process runs Orga use cases on the same schema (a SIECLE import and its
 * re-import, campaigns, joins, shares) while the leading instance is killed with SIGKILL (twice). Another takes the
 * lead; at the end the checkpoint reaches the log's head and `verify` finds every row equal to the fold of the
 * whole log (no event folded twice or skipped).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Shredding } from "@orga/event-store"
import { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Scope from "effect/Scope"
import { describe, expect, inject, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as ReadModelTables from "../src/ReadModelTables.ts"
import * as Postgres from "../src/stores/Postgres.ts"
import * as TablesVersion from "../src/TablesVersion.ts"
import * as Burst from "./support/burst.ts"
import { harness } from "./support/harness.ts"

const script = fileURLToPath(new URL("./processes/tables-leader.ts", import.meta.url))
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

interface Instance {
  readonly name: string
  readonly child: ChildProcess
  readonly ready: Promise<void>
  readonly exited: Promise<void>
}

describe("read-model tables: leader failover under load (PostgreSQL, app instances in real processes)", () => {
  it("hands the lead to another instance after a SIGKILL; verify then finds the tables equal to the log", async () => {
    const url = inject("databaseUrl")
    const schema = `orga_tables_failover_${process.pid}_${Date.now()}`
    const tag = `orga-lead-${process.pid}`
    const masterKey = Shredding.generateMasterKey()
    const previousKey = process.env.ORGA_MASTER_KEY
    process.env.ORGA_MASTER_KEY = masterKey
    // A pool of the parent's own, to read the schema's tables and the locks as they are.
    const scope = Effect.runSync(Scope.make())
    const client = (
      await Effect.runPromise(Scope.provide(scope)(PostgresEventStore.make({ connectionString: url, schema })))
    ).pool
    // The instance holding a session advisory lock on this schema's projection: the tables' leader.
    const leaderName = async (): Promise<string | undefined> => {
      const found = await client.query<{ name: string }>(
        `SELECT DISTINCT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1 AND a.state = 'idle'`,
        [`${tag}-%`]
      )
      return found.rows.length === 1 ? found.rows[0]!.name : undefined
    }
    const h = harness(Postgres.layer(url, schema))
    const instances: Array<Instance> = []
    let observer: ManagedRuntime.ManagedRuntime<ReadModelTables.ReadModelTables, unknown> | undefined
    try {
      const seeded = await Burst.seed(h, { students: 80, invitations: 2 })
      for (const n of [0, 1, 2]) {
        const name = `${tag}-${n}`
        const child = spawn(process.execPath, [script, url, schema], {
          stdio: ["pipe", "pipe", "pipe"],
          env: { ...process.env, PGAPPNAME: name, ORGA_MASTER_KEY: masterKey }
        })
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => process.stderr.write(`[${name}] ${chunk}`))
        const ready = new Promise<void>((resolve, reject) => {
          child.stdout?.setEncoding("utf8").on("data", (chunk: string) => chunk.includes("ready") && resolve())
          child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before it was ready`)))
        })
        instances.push({ name, child, ready, exited: new Promise((resolve) => child.once("exit", () => resolve())) })
      }
      await Promise.all(instances.map((instance) => instance.ready))
      const orga = await h.orga()
      const checkpoint = async () =>
        BigInt(
          (
            await client.query<{ p: string }>(
              `SELECT position::text AS p FROM "${schema}".projection_checkpoints WHERE name = $1`,
              // The live version's checkpoint (the lock keeps the unversioned name).
              [TablesVersion.nameOf(TablesVersion.version)]
            )
          ).rows[0]?.p ?? "0"
        )
      const head = async () =>
        BigInt(
          (
            await client.query<{ p: string }>(
              `SELECT coalesce(max(global_position), 0)::text AS p FROM "${schema}".events`
            )
          ).rows[0]!.p
        )

      // The load: joins (links of accounts to learners), shares, campaigns, and the file imported again.
      let working = true
      let done = 0
      const load = (async () => {
        const bytes = Burst.school(80).bytes
        for (let i = 0; working; i++) {
          const student = seeded.students[i % seeded.students.length]!
          const joined = await h.run(
            Effect.exit(
              orga.joinCampaign(Orga.user(`s${i % seeded.students.length}`), { code: seeded.code, ...student })
            )
          )
          if (joined._tag === "Success")
            await h.run(
              Effect.exit(
                orga.shareProfile(Orga.user(`s${i % seeded.students.length}`), {
                  participationId: joined.value.participationId,
                  pixByCompetence: { "1.1": 16, "2.1": 9 }
                })
              )
            )
          if (i % 10 === 0)
            await h.run(
              orga.createCampaign(Orga.user("admin"), {
                organizationId: Burst.organizationId,
                name: `Campagne ${i}`,
                type: "PROFILES_COLLECTION"
              })
            )
          if (i % 40 === 20)
            await h.run(
              orga.importSiecleFile(Orga.user("admin"), {
                organizationId: Burst.organizationId,
                fileName: `e${i}.xml`,
                bytes
              })
            )
          done++
        }
      })()

      const handOvers: Array<number> = []
      for (let round = 0; round < 2; round++) {
        let leader = await leaderName()
        for (let tries = 0; leader === undefined; tries++) {
          if (tries > 600) throw new Error("no instance leads the read-model tables")
          await sleep(25)
          leader = await leaderName()
        }
        // The leader works under load for a while before it dies.
        const before = await checkpoint()
        await sleep(1500)
        expect(await checkpoint()).toBeGreaterThan(before)
        const victim = instances.find((instance) => instance.name === leader)!
        const killedAt = performance.now()
        victim.child.kill("SIGKILL")
        await victim.exited
        const headAtKill = await head()
        // Another instance takes the lead and folds what was appended before the kill.
        for (let tries = 0; (await checkpoint()) < headAtKill; tries++) {
          if (tries > 3000) throw new Error("no instance took over the read-model tables")
          await sleep(10)
        }
        handOvers.push(performance.now() - killedAt)
        expect(await leaderName()).not.toBe(leader)
      }
      working = false
      await load

      observer = ManagedRuntime.make(
        Postgres.layer(url, schema, { readModelTables: true }) as unknown as Layer.Layer<
          ReadModelTables.ReadModelTables,
          unknown
        >
      )
      const tables = await observer.runPromise(
        Effect.gen(function* () {
          return yield* ReadModelTables.ReadModelTables
        })
      )
      await Effect.runPromise(tables.awaitHead)
      const found = await Effect.runPromise(tables.verify)
      expect(found).toMatchObject({ differing: [], routerDiffers: false })
      expect(found.checkpoint).toBe(found.head)
      expect(found.rows).toBeGreaterThan(150)
      process.stdout.write(
        `Read-model tables failover (PostgreSQL, 3 app instances): ${found.head} events, ${done} rounds of use cases under load, ` +
          `hand-overs to caught up ${handOvers.map((millis) => `${millis.toFixed(0)} ms`).join(", ")}; ${found.rows} rows equal to the fold of the log\n`
      )
      for (const millis of handOvers) expect(millis).toBeLessThan(20_000)
    } finally {
      for (const instance of instances) instance.child.kill("SIGKILL")
      await Promise.all(instances.map((instance) => instance.exited))
      await observer?.dispose()
      await h.dispose()
      await Effect.runPromise(Scope.close(scope, Exit.void))
      if (previousKey === undefined) delete process.env.ORGA_MASTER_KEY
      else process.env.ORGA_MASTER_KEY = previousKey
    }
  }, 180_000)
})
