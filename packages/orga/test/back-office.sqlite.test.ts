import { backOffice } from "./support/backOffice.ts"
import { sqliteStore, tempSqlite } from "./support/harness.ts"

backOffice("the back office's organizations and places on SQLite (a real file in a temp dir)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
