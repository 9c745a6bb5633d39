import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { importReport } from "./support/importReport.ts"

importReport("the import report for people on PostgreSQL (a fresh schema of the test server)", () => {
  const schema = `orga_import_report_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
