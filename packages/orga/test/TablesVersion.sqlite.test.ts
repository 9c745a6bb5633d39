import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as ReadModelTables from "../src/ReadModelTables.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import * as TablesVersion from "../src/TablesVersion.ts"
import * as Burst from "./support/burst.ts"
import { type Harness, harness, tempSqlite } from "./support/harness.ts"

// A second instance over the same file (the CLI's process, or another app instance), with the tables on.
const instance = (filename: string) =>
  ManagedRuntime.make(
    Sqlite.layer(filename, { durability: "normal", readModelTables: true }) as unknown as Layer.Layer<
      ReadModelTables.ReadModelTables,
      unknown
    >
  )

const tablesIn = (filename: string): ReadonlyArray<string> => {
  const db = new DatabaseSync(filename)
  try {
    return (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_orga_read_models%' ORDER BY name"
        )
        .all() as Array<{ name: string }>
    ).map((row) => row.name)
  } finally {
    db.close()
  }
}

// The code's version (a fresh file starts at version 1 and upgrades to it by itself) and a version's table.
const v = TablesVersion.version
const tableOf = (at: number) => `rm_${TablesVersion.nameOf(at)}`

// At the log's head, at the code's version or above (the start's upgrade done).
const settled = async (tables: ReadModelTables.ReadModelTablesShape) => {
  for (let tries = 0; tries < 400; tries++) {
    const status = await Effect.runPromise(tables.versions!.status)
    if (status.checkpoint >= status.head && status.live >= v && status.building === undefined) return status
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error("the read-model tables did not reach the log's head")
}

describe("read-model tables rebuilt beside the live ones while the app appends (SQLite)", () => {
  const file = tempSqlite()
  let h: Harness
  let other: ReturnType<typeof instance>
  let tables: ReadModelTables.ReadModelTablesShape
  let seeded: Awaited<ReturnType<typeof Burst.seed>>

  beforeAll(async () => {
    h = harness(Sqlite.layer(file.filename, { durability: "normal", readModelTables: true }))
    seeded = await Burst.seed(h, { students: 12, invitations: 2 })
    other = instance(file.filename)
    tables = await other.runPromise(
      Effect.gen(function* () {
        return yield* ReadModelTables.ReadModelTables
      })
    )
    await settled(tables)
  }, 120_000)

  afterAll(async () => {
    await other?.dispose()
    await h?.dispose()
    file.cleanup()
  })

  it("names the code's version live once started, with its table at the log's head and nothing being built", async () => {
    const status = await Effect.runPromise(tables.versions!.status)
    expect(status).toMatchObject({ live: v, building: undefined })
    expect(status.checkpoint).toBe(status.head)
    expect(TablesVersion.nameOf(1)).toBe("orga_read_models")
    expect(TablesVersion.nameOf(3)).toBe("orga_read_models_v3")
    expect(TablesVersion.nextVersion(1)).toBe(Math.max(v, 2))
    expect(TablesVersion.nextVersion(v)).toBe(v + 1)
  })

  it("refuses a version not above the live one, and changes nothing", async () => {
    const exit = await Effect.runPromiseExit(tables.versions!.rebuild({ to: v }))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(JSON.stringify(exit)).toContain("InvalidVersion")
    expect(tablesIn(file.filename)).toEqual([tableOf(v)])
    expect((await Effect.runPromise(tables.versions!.status)).live).toBe(v)
  })

  it("builds the next version beside the live one while joins are appended, reads the live one meanwhile, then switches", async () => {
    const orga = await h.orga()
    const before = await Effect.runPromise(tables.sink.readScope(Burst.organizationId))
    const seen: Array<{ live: number; tables: ReadonlyArray<string>; school: number; progress: bigint; head: bigint }> =
      []
    // Appends while the rebuild runs: the students' joins (the `ine:` and `links:` rows move).
    const appending = (async () => {
      for (const [i, student] of seeded.students.entries()) {
        await h.run(Effect.exit(orga.joinCampaign(Orga.user(`s${i}`), { code: seeded.code, ...student })))
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    const rebuilt = await Effect.runPromise(
      tables.versions!.rebuild({
        batchSize: 5,
        onProgress: (progress) => {
          // The old version still answers while the new table is built.
          const school = Effect.runSync(tables.sink.readScope(Burst.organizationId))
          seen.push({
            live: Effect.runSync(tables.versions!.status).live,
            tables: tablesIn(file.filename),
            school: school.length,
            progress: progress.checkpoint,
            head: progress.head
          })
        }
      })
    )
    await appending
    expect(rebuilt).toMatchObject({ from: v, to: v + 1 })
    expect(seen.length).toBeGreaterThan(3)
    for (const step of seen) {
      expect(step.live).toBe(v)
      expect(step.tables).toEqual([tableOf(v), tableOf(v + 1)])
      expect(step.school).toBe(before.length)
    }
    // The log grew while the new table was built.
    expect(new Set(seen.map((s) => s.head)).size).toBeGreaterThan(1)
    // Progress only moves forward.
    expect(seen.map((s) => s.progress)).toEqual([...seen.map((s) => s.progress)].sort((a, b) => Number(a - b)))
    // The old table is gone (with its checkpoint), the new one is live and kept by the leader.
    expect(tablesIn(file.filename)).toEqual([tableOf(v + 1)])
    const db = new DatabaseSync(file.filename)
    try {
      expect(db.prepare("SELECT name FROM projection_checkpoints WHERE name LIKE 'orga_read_models%'").all()).toEqual([
        { name: TablesVersion.nameOf(v + 1) }
      ])
    } finally {
      db.close()
    }
    await h.run(Effect.exit(orga.joinCampaign(Orga.user("r0"), { code: seeded.code, ...seeded.students[0]! })))
    const status = await settled(tables)
    expect(status).toMatchObject({ live: v + 1, building: undefined })
    const found = await Effect.runPromise(tables.verify)
    expect(found).toMatchObject({ differing: [], routerDiffers: false })
    expect(found.checkpoint).toBe(found.head)
    expect((await Effect.runPromise(tables.sink.readScope(Burst.organizationId))).length).toBe(before.length)
  }, 120_000)

  it("a new instance on the file follows the pointer to the rebuilt version", async () => {
    const third = instance(file.filename)
    try {
      const its = await third.runPromise(
        Effect.gen(function* () {
          return yield* ReadModelTables.ReadModelTables
        })
      )
      expect((await settled(its)).live).toBe(v + 1)
      expect(await Effect.runPromise(its.verify)).toMatchObject({ differing: [], routerDiffers: false })
    } finally {
      await third.dispose()
    }
  })

  it("an instance that starts below the code's version builds it beside the live one and switches", async () => {
    const versions = tables.versions!
    const live = (await Effect.runPromise(versions.status)).live
    const upgraded = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          yield* ReadModelTables.upgrade(versions, live, live + 1)
          for (;;) {
            const status = yield* versions.status
            if (status.live === live + 1) return status
            yield* Effect.sleep(20)
          }
        })
      )
    )
    expect(upgraded.live).toBe(live + 1)
    expect(tablesIn(file.filename)).toEqual([`rm_orga_read_models_v${live + 1}`])
    // Already there: nothing is started.
    await Effect.runPromise(Effect.scoped(ReadModelTables.upgrade(versions, live + 1, live + 1)))
    expect((await Effect.runPromise(versions.status)).live).toBe(live + 1)
    expect(await Effect.runPromise(tables.verify)).toMatchObject({ differing: [], routerDiffers: false })
  })
})
