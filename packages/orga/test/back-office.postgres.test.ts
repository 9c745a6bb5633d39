import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { backOffice } from "./support/backOffice.ts"

backOffice("the back office's organizations and places on PostgreSQL (a fresh schema of the test server)", () => {
  const schema = `orga_back_office_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
