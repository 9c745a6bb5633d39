import { inject } from "vitest"
import { previews } from "./previews.ts"

previews("on PostgreSQL (a fresh schema of the test server)", () => ({
  DATABASE_URL: inject("databaseUrl"),
  ORGA_PG_SCHEMA: `orga_cli_previews_${process.pid}_${Date.now()}`
}))
