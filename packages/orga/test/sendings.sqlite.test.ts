import { sqliteStore, tempSqlite } from "./support/harness.ts"
import { sendings } from "./support/sendings.ts"

sendings("multiple sendings, stages and badges, target profiles as data, on SQLite (a real file)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
