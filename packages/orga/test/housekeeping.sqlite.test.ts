import { sqliteStore, tempSqlite } from "./support/harness.ts"
import { housekeeping } from "./support/housekeeping.ts"

housekeeping("housekeeping on SQLite (a real file in a temp dir)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
