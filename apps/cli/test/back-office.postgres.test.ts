import { inject } from "vitest"
import { backOffice } from "./backOffice.ts"

backOffice("the back office from a terminal, on PostgreSQL (a fresh schema of the test server)", () => ({
  DATABASE_URL: inject("databaseUrl"),
  ORGA_PG_SCHEMA: `orga_cli_back_office_${process.pid}_${Date.now()}`
}))
