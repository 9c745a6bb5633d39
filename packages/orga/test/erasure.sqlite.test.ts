import { readFileSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import * as Sqlite from "../src/stores/Sqlite.ts"
import * as TablesVersion from "../src/TablesVersion.ts"
import { type ErasureStore, erasureScenario } from "./support/erasure.ts"
import { tempSqlite } from "./support/harness.ts"

// Waits until the tables' leader has folded the whole log (it runs beside the use cases).
const settled = async (filename: string) => {
  for (let tries = 0; tries < 600; tries++) {
    const connection = new DatabaseSync(filename)
    try {
      const head = connection.prepare("SELECT coalesce(max(global_position), 0) AS p FROM events").get()?.p
      const at = connection
        .prepare("SELECT position AS p FROM projection_checkpoints WHERE name = ?")
        .get(TablesVersion.nameOf(TablesVersion.version))?.p
      if (at !== undefined && Number(at) >= Number(head)) return
    } finally {
      connection.close()
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error("the read-model tables did not reach the log's head")
}

// The same scenario without and with the read-model tables (ADR 0058), whose rows hold clear data until erased.
const onSqlite = (withTables: boolean) => (): ErasureStore => {
  const file = tempSqlite()
  const read = (path: string) => {
    try {
      return readFileSync(path)
    } catch {
      return Buffer.alloc(0)
    }
  }
  return {
    // Snapshots written as soon as the log moves: the erasure finds one taken before it.
    layer: () =>
      Sqlite.layer(file.filename, {
        durability: "normal",
        snapshots: { everyEvents: 1, everySeconds: 0.05 },
        ...(withTables ? { readModelTables: true } : {})
      }),
    clearTables: withTables,
    bytes: async () => {
      if (withTables) await settled(file.filename)
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

erasureScenario("erasing a student on SQLite (the file, its write-ahead log, the key table)", onSqlite(false))
erasureScenario(
  "erasing a student on SQLite with the read-model tables on (the file, its write-ahead log)",
  onSqlite(true)
)
