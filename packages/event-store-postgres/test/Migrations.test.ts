import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Pg from "pg"
import { Migrations, PostgresEventStore } from "../src/index.ts"
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

  it.live("indexes the scopes of a schema written before version 4 once, on the first start with a key", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const pool = new Pg.Pool({ connectionString: databaseUrl(), max: 1 })
      yield* Effect.addFinalizer(() => Effect.promise(() => pool.end()))
      yield* Effect.promise(() => Migrations.migrate(pool, schema, Migrations.migrations.slice(0, 3)))
      // Events as the code of version 3 left them (its append function knows no scope).
      yield* Effect.promise(() =>
        pool.query(
          `SELECT ${schema}.append_events(ARRAY['s'], ARRAY['any'], ARRAY[0]::bigint[], ARRAY[3], $1::json, NULL)`,
          [
            JSON.stringify(
              ["a", null, "b"].map((org, k) => ({
                s: 1,
                k: k + 1,
                n: k + 1,
                i: `e${k + 1}`,
                t: "E",
                d: "1",
                m: JSON.stringify(org === null ? {} : { org })
              }))
            )
          ]
        )
      )
      const open = (scopeKey?: string) =>
        PostgresEventStore.make({
          connectionString: databaseUrl(),
          schema,
          poolSize: 1,
          ...(scopeKey ? { scopeKey } : {})
        })
      const ids = (events: ReadonlyArray<{ readonly id: string }>) => events.map((e) => e.id)
      const store = yield* open("org")
      const versions = yield* Effect.promise(() => appliedVersions(schema))
      expect(versions).toEqual(Migrations.migrations.map((m) => m.version))
      expect(ids(yield* store.readScope("a", { maxCount: 10 }))).toEqual(["e1"])
      expect(ids(yield* store.readScope("b", { maxCount: 10 }))).toEqual(["e3"])
      // The append function of version 4 indexes new events.
      yield* store.append([
        {
          streamId: "s",
          expectedVersion: { _tag: "Any" },
          events: [{ id: "e4", type: "E", data: 1, metadata: { org: "a" } }]
        }
      ])
      expect(ids(yield* store.readScope("a", { maxCount: 10 }))).toEqual(["e4", "e1"])
      // Once: a later start with the same key (or none) leaves the index as it is, a row removed stays removed.
      yield* Effect.promise(() => pool.query(`DELETE FROM ${schema}.event_scopes WHERE scope = 'b'`))
      yield* open("org")
      yield* open()
      expect(ids(yield* store.readScope("b", { maxCount: 10 }))).toEqual([])
      // Another key rebuilds it from the metadata.
      const other = yield* open("i")
      expect(ids(yield* other.readScope("a", { maxCount: 10 }))).toEqual([])
      const again = yield* open("org")
      expect(ids(yield* again.readScope("b", { maxCount: 10 }))).toEqual(["e3"])
      const bad = yield* Effect.flip(open("a.b"))
      expect(bad.reason).toBe("InvalidInput")
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
