import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Pg from "pg"
import { Migrations } from "../src/index.ts"
import { databaseUrl, freshSchema, openStore, withClient } from "./support.ts"

const appliedVersions = (schema: string) =>
  withClient(async (client) =>
    (
      await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)
    ).rows.map((row) => row.version)
  )

describe("Migrations", () => {
  it("applies every migration once, in order, and nothing on a second run", async () => {
    const schema = freshSchema()
    const pool = new Pg.Pool({ connectionString: databaseUrl(), max: 2 })
    try {
      expect(await Migrations.migrate(pool, schema)).toEqual(Migrations.migrations.map((m) => m.version))
      expect(await Migrations.migrate(pool, schema)).toEqual([])
      expect(await appliedVersions(schema)).toEqual(Migrations.migrations.map((m) => m.version))
    } finally {
      await pool.end()
    }
  })

  it("lets several instances start at once on a new schema without clashing", async () => {
    const schema = freshSchema()
    const pools = Array.from({ length: 4 }, () => new Pg.Pool({ connectionString: databaseUrl(), max: 1 }))
    try {
      const results = await Promise.all(pools.map((pool) => Migrations.migrate(pool, schema)))
      expect(results.filter((applied) => applied.length > 0)).toHaveLength(1)
      expect(await appliedVersions(schema)).toEqual(Migrations.migrations.map((m) => m.version))
    } finally {
      await Promise.all(pools.map((pool) => pool.end()))
    }
  })

  it.live("keeps the events of a schema when a store opens it again", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const first = yield* openStore(schema)
      yield* first.append([
        { streamId: "s", expectedVersion: { _tag: "Any" }, events: [{ id: "e1", type: "E", data: 1 }] }
      ])
      const second = yield* openStore(schema)
      const count = (yield* second.readAll({ after: 0n, maxCount: 10 })).length
      expect(count).toBe(1)
    })
  )

  it("rolls back a failing migration and records nothing of it", async () => {
    const schema = freshSchema()
    const pool = new Pg.Pool({ connectionString: databaseUrl(), max: 1 })
    try {
      await withClient(async (client) => {
        // A table in the way of migration 1: the whole migration fails, none of its tables is left behind.
        await client.query(`CREATE SCHEMA ${schema}`)
        await client.query(`CREATE TABLE ${schema}.commands (x int)`)
      })
      await expect(Migrations.migrate(pool, schema)).rejects.toThrow(/commands/)
      const tables = await withClient(async (client) =>
        (
          await client.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
            [schema]
          )
        ).rows.map((row) => row.table_name)
      )
      expect(tables).toEqual(["commands", "schema_migrations"])
      expect(await appliedVersions(schema)).toEqual([])
    } finally {
      await pool.end()
    }
  })
})
