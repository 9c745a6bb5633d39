import { sqliteStore, tempSqlite } from "./support/harness.ts"
import { importReport } from "./support/importReport.ts"

importReport("the import report for people on SQLite (a real file in a temp dir)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
