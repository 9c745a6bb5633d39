import { auditTrail } from "./support/auditTrail.ts"
import { sqliteStore, tempSqlite } from "./support/harness.ts"

auditTrail("the audit trail by pages, on SQLite (a real file)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
