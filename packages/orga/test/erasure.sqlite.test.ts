import { readFileSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { erasureScenario } from "./support/erasure.ts"
import { tempSqlite } from "./support/harness.ts"

erasureScenario("erasing a student on SQLite (the file, its write-ahead log, the key table)", () => {
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
      Sqlite.layer(file.filename, { durability: "normal", snapshots: { everyEvents: 1, everySeconds: 0.05 } }),
    bytes: async () => {
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
})
