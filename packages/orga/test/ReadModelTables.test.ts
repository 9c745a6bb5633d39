import { DatabaseSync } from "node:sqlite"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as ReadModelTables from "../src/ReadModelTables.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import * as TablesVersion from "../src/TablesVersion.ts"
import * as Burst from "./support/burst.ts"
import { type Harness, harness, tempSqlite } from "./support/harness.ts"

// A second instance over the same file: the store layer alone, with the tables on (it stands by or leads).
const instance = (filename: string) =>
  ManagedRuntime.make(
    Sqlite.layer(filename, { durability: "normal", readModelTables: true }) as unknown as Layer.Layer<
      ReadModelTables.ReadModelTables,
      unknown
    >
  )

const settled = async (tables: ReadModelTables.ReadModelTablesShape, head: () => Promise<bigint>) => {
  for (let tries = 0; tries < 400; tries++) {
    if ((await Effect.runPromise(tables.sink.checkpoint)) >= (await head())) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error("the read-model tables did not reach the log's head")
}

describe("read-model tables kept by a leader in the app instances (SQLite)", () => {
  const file = tempSqlite()
  let h: Harness
  let other: ReturnType<typeof instance>
  let tables: ReadModelTables.ReadModelTablesShape
  const head = () =>
    Promise.resolve(
      BigInt(
        (
          new DatabaseSync(file.filename).prepare("SELECT max(global_position) AS head FROM events").get() as {
            head: number
          }
        ).head
      )
    )

  beforeAll(async () => {
    h = harness(Sqlite.layer(file.filename, { durability: "normal", readModelTables: true }))
    const seeded = await Burst.seed(h, { students: 12, invitations: 2 })
    const orga = await h.orga()
    // Joins link accounts to learners (the `ine:` and `links:` rows), a rival's join relinks one.
    for (const [i, student] of seeded.students.slice(0, 6).entries())
      await h.run(Effect.exit(orga.joinCampaign(Orga.user(`s${i}`), { code: seeded.code, ...student })))
    await h.run(Effect.exit(orga.joinCampaign(Orga.user("r0"), { code: seeded.code, ...seeded.students[0]! })))
    other = instance(file.filename)
    tables = await other.runPromise(
      Effect.gen(function* () {
        return yield* ReadModelTables.ReadModelTables
      })
    )
  }, 120_000)

  afterAll(async () => {
    await other?.dispose()
    await h?.dispose()
    file.cleanup()
  })

  it("folds the log into rows equal to a fold of the whole log, up to its head", async () => {
    await settled(tables, head)
    const found = await Effect.runPromise(tables.verify)
    expect(found).toMatchObject({ differing: [], routerDiffers: false })
    expect(found.checkpoint).toBe(found.head)
    expect(found.rows).toBeGreaterThan(20)
    const school = await Effect.runPromise(tables.sink.readScope(Burst.organizationId))
    expect(school.map((row) => row.key)).toEqual([`org:${Burst.organizationId}`])
  })

  it("names the partition whose row was changed behind the leader's back", async () => {
    await settled(tables, head)
    const db = new DatabaseSync(file.filename)
    try {
      // A user's row given another user's state (in the live version's table).
      const table = `rm_${TablesVersion.nameOf(TablesVersion.version)}`
      const [a, b] = db
        .prepare(`SELECT key, state FROM ${table} WHERE key LIKE 'user:%' ORDER BY key LIMIT 2`)
        .all() as Array<{ key: string; state: Uint8Array }>
      db.prepare(`UPDATE ${table} SET state = ? WHERE key = ?`).run(b!.state, a!.key)
      const found = await Effect.runPromise(tables.verify)
      expect(found.differing).toEqual([a!.key])
      db.prepare(`UPDATE ${table} SET state = ? WHERE key = ?`).run(a!.state, a!.key)
      expect((await Effect.runPromise(tables.verify)).differing).toEqual([])
    } finally {
      db.close()
    }
  })
})
