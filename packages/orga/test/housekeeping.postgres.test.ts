import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { housekeeping } from "./support/housekeeping.ts"

housekeeping("housekeeping on PostgreSQL (a fresh schema of the test server)", () => {
  const schema = `orga_housekeeping_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
