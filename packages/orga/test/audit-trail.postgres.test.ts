import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { auditTrail } from "./support/auditTrail.ts"

auditTrail("the audit trail by pages, on PostgreSQL (a fresh schema)", () => {
  const schema = `orga_audit_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
