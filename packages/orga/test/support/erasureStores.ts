/**
 * The erasure scenario's stores (`erasure.ts`) on a real SQLite file and a real PostgreSQL schema, in the three ways
 * an instance keeps its read models: in memory, in memory with the read-model tables kept beside, served from the
 * tables.
 */
import { readFileSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { inject } from "vitest"
import * as Postgres from "../../src/stores/Postgres.ts"
import * as Sqlite from "../../src/stores/Sqlite.ts"
import * as TablesVersion from "../../src/TablesVersion.ts"
import type { ErasureStore } from "./erasure.ts"
import { tablesSettled, tempSqlite } from "./harness.ts"

/** In memory, in memory with the tables kept, or served from the tables. */
export type Mode = "memory" | "tables" | "served"

// The store layer's options in each mode: snapshots written as soon as the log moves (the erasure finds one taken
// before it), the tables kept, or served from with one school kept.
const layerOptions = (mode: Mode) => ({
  snapshots: { everyEvents: 1, everySeconds: 0.05 },
  ...(mode === "tables" ? { readModelTables: true } : {}),
  ...(mode === "served" ? { readModels: "tables" as const, cacheSchools: 1 } : {})
})

/**
 * The erasure scenario's store on a SQLite file: answering from memory, with the read-model tables kept beside
 * (ADR 0058, rows holding clear data until erased), or served from them (one school kept, no snapshots written:
 * each restart of the scenario starts from the rows without a replay).
 */
export const onSqlite = (mode: Mode) => (): ErasureStore => {
  const withTables = mode !== "memory"
  const file = tempSqlite()
  const read = (path: string) => {
    try {
      return readFileSync(path)
    } catch {
      return Buffer.alloc(0)
    }
  }
  return {
    layer: () =>
      Sqlite.layer(file.filename, {
        durability: "normal",
        ...layerOptions(mode)
      }),
    clearTables: withTables,
    ...(mode === "served" ? { writesSnapshots: false } : {}),
    bytes: async () => {
      if (withTables) await tablesSettled(file.filename)
      // The write-ahead log as it is, then the file once the log is checkpointed into it (and the log again).
      const wal = read(`${file.filename}-wal`)
      const connection = new DatabaseSync(file.filename)
      try {
        connection.exec("PRAGMA wal_checkpoint(FULL)")
      } finally {
        connection.close()
      }
      return Buffer.concat([wal, read(file.filename), read(`${file.filename}-wal`)])
    },
    wrappedKey: async (subject) => {
      const connection = new DatabaseSync(file.filename)
      try {
        const row = connection.prepare("SELECT wrapped FROM personal_data_keys WHERE subject = ?").get(subject)
        if (row === undefined) return undefined
        return row.wrapped === null ? null : Buffer.from(row.wrapped as Uint8Array)
      } finally {
        connection.close()
      }
    },
    snapshots: async () => {
      const connection = new DatabaseSync(file.filename)
      try {
        const exists = connection
          .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'read_model_snapshots'")
          .get()
        if (exists === undefined) return []
        return connection
          .prepare("SELECT position, key_subject FROM read_model_snapshots WHERE id <> '~floor'")
          .all()
          .map((row) => ({ position: BigInt(row.position as number), keySubject: row.key_subject as string | null }))
      } finally {
        connection.close()
      }
    },
    cleanup: async () => file.cleanup()
  }
}

/**
 * The same on a PostgreSQL schema (every table, every column read back).
 */
export const onPostgres = (mode: Mode) => (): ErasureStore => {
  const withTables = mode !== "memory"
  const connectionString = inject("databaseUrl")
  const schema = `orga_erasure${mode === "memory" ? "" : `_${mode}`}_${process.pid}_${Date.now()}`
  // The store's own pool, to read its tables as they are (the schema is the one the layer uses).
  const scope = Effect.runSync(Scope.make())
  const opened = Effect.runPromise(Scope.provide(scope)(PostgresEventStore.make({ connectionString, schema })))
  const rows = async (text: string, values: Array<unknown> = []) =>
    (await (await opened).pool.query(text, values)).rows as Array<Record<string, unknown>>
  return {
    layer: () =>
      Postgres.layer(connectionString, schema, {
        ...layerOptions(mode)
      }),
    clearTables: withTables,
    ...(mode === "served" ? { writesSnapshots: false } : {}),
    bytes: async () => {
      // The tables' leader runs beside the use cases: it has folded the whole log first.
      for (let tries = 0; withTables; tries++) {
        const [head] = await rows(`SELECT coalesce(max(global_position), 0)::text AS p FROM "${schema}".events`)
        const [at] = await rows(`SELECT position::text AS p FROM "${schema}".projection_checkpoints WHERE name = $1`, [
          TablesVersion.nameOf(TablesVersion.version)
        ])
        if (at !== undefined && BigInt(String(at.p)) >= BigInt(String(head?.p))) break
        if (tries > 600) throw new Error("the read-model tables did not reach the log's head")
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      const texts: Array<Buffer> = []
      const tables = await rows("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema])
      for (const { table_name: table } of tables) {
        // Every row as text (jsonb as JSON, bytea as hex), then each bytea column's raw bytes.
        for (const { row } of await rows(`SELECT t::text AS row FROM "${schema}"."${String(table)}" t`))
          texts.push(Buffer.from(String(row)))
        const columns = await rows(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND data_type = 'bytea'",
          [schema, table]
        )
        for (const { column_name: column } of columns)
          for (const { value } of await rows(`SELECT "${String(column)}" AS value FROM "${schema}"."${String(table)}"`))
            if (Buffer.isBuffer(value)) texts.push(value)
      }
      return Buffer.concat(texts)
    },
    wrappedKey: async (subject) => {
      const found = await rows(`SELECT wrapped FROM "${schema}".personal_data_keys WHERE subject = $1`, [subject])
      return found.length === 0 ? undefined : (found[0]!.wrapped as Buffer | null)
    },
    snapshots: async () => {
      const exists = await rows("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2", [
        schema,
        "read_model_snapshots"
      ])
      if (exists.length === 0) return []
      return (
        await rows(`SELECT position, key_subject FROM "${schema}".read_model_snapshots WHERE id <> '~floor'`)
      ).map((row) => ({ position: BigInt(String(row.position)), keySubject: row.key_subject as string | null }))
    },
    cleanup: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
