import { sqliteStore, tempSqlite } from "./support/harness.ts"
import { workshop } from "./support/workshop.ts"

workshop("the school's workshop on SQLite (a real file in a temp dir)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
