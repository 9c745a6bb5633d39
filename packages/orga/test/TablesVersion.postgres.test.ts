import { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Scope from "effect/Scope"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as ReadModelTables from "../src/ReadModelTables.ts"
import * as Postgres from "../src/stores/Postgres.ts"
import * as TablesVersion from "../src/TablesVersion.ts"
import * as Burst from "./support/burst.ts"
import { type Harness, harness } from "./support/harness.ts"

// The code's version (a fresh store starts at version 1 and upgrades to it by itself).
const v = TablesVersion.version

describe("read-model tables rebuilt beside the live ones while the app appends (PostgreSQL)", () => {
  const url = inject("databaseUrl")
  const schema = `orga_tables_version_${process.pid}_${Date.now()}`
  const scope = Effect.runSync(Scope.make())
  const opened = Effect.runPromise(Scope.provide(scope)(PostgresEventStore.make({ connectionString: url, schema })))
  const query = async (text: string, values: Array<unknown> = []) =>
    (await (await opened).pool.query(text, values)).rows as Array<Record<string, unknown>>
  let h: Harness
  let other: ManagedRuntime.ManagedRuntime<ReadModelTables.ReadModelTables, unknown>
  let tables: ReadModelTables.ReadModelTablesShape
  let seeded: Awaited<ReturnType<typeof Burst.seed>>
  const tablesIn = async () =>
    (
      await query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'rm_orga_read_models%' ORDER BY table_name",
        [schema]
      )
    ).map((row) => row.name)
  const settled = async () => {
    for (let tries = 0; tries < 400; tries++) {
      const status = await Effect.runPromise(tables.versions!.status)
      if (status.checkpoint >= status.head && status.live >= v && status.building === undefined) return status
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error("the read-model tables did not reach the log's head")
  }

  beforeAll(async () => {
    h = harness(Postgres.layer(url, schema, { readModelTables: true }))
    seeded = await Burst.seed(h, { students: 12, invitations: 2 })
    other = ManagedRuntime.make(
      Postgres.layer(url, schema, { readModelTables: true }) as unknown as Layer.Layer<
        ReadModelTables.ReadModelTables,
        unknown
      >
    )
    tables = await other.runPromise(
      Effect.gen(function* () {
        return yield* ReadModelTables.ReadModelTables
      })
    )
    await settled()
  }, 120_000)

  afterAll(async () => {
    await other?.dispose()
    await h?.dispose()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  it("builds the next version beside the live one while joins are appended, reads the live one meanwhile, then switches", async () => {
    expect(await Effect.runPromise(tables.versions!.status)).toMatchObject({ live: v, building: undefined })
    const orga = await h.orga()
    const before = (await Effect.runPromise(tables.sink.readScope(Burst.organizationId))).length
    const heads: Array<bigint> = []
    let building = true
    const reads: Array<number> = []
    const reading = (async () => {
      while (building) {
        reads.push((await Effect.runPromise(tables.sink.readScope(Burst.organizationId))).length)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })()
    let joined!: () => void
    const firstJoin = new Promise<void>((resolve) => {
      joined = resolve
    })
    const appending = (async () => {
      for (const [i, student] of seeded.students.entries()) {
        await h.run(Effect.exit(orga.joinCampaign(Orga.user(`s${i}`), { code: seeded.code, ...student })))
        joined()
      }
    })()
    // The joins are under way when the rebuild starts (how many land during it is the machine's timing).
    await firstJoin
    const rebuilt = await Effect.runPromise(
      tables.versions!.rebuild({ batchSize: 5, onProgress: (progress) => heads.push(progress.head) })
    )
    building = false
    await Promise.all([appending, reading])
    expect(rebuilt).toMatchObject({ from: v, to: v + 1 })
    expect(heads.length).toBeGreaterThan(0)
    expect(reads.length).toBeGreaterThan(0)
    for (const count of reads) expect(count).toBe(before)
    expect(await tablesIn()).toEqual([`rm_${TablesVersion.nameOf(v + 1)}`])
    expect(
      await query(`SELECT name FROM ${schema}.projection_checkpoints WHERE name LIKE 'orga_read_models%'`)
    ).toEqual([{ name: TablesVersion.nameOf(v + 1) }])
    await h.run(Effect.exit(orga.joinCampaign(Orga.user("r0"), { code: seeded.code, ...seeded.students[0]! })))
    expect(await settled()).toMatchObject({ live: v + 1, building: undefined })
    const found = await Effect.runPromise(tables.verify)
    expect(found).toMatchObject({ differing: [], routerDiffers: false })
    expect(found.checkpoint).toBe(found.head)
  }, 120_000)
})
