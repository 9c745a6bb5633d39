import { readFileSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { erasureScenario } from "./support/erasure.ts"
import { sqliteStore, tempSqlite } from "./support/harness.ts"

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
    layer: () => sqliteStore(file.filename),
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
    cleanup: async () => file.cleanup()
  }
})
