import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { backOffice } from "./support/backOffice.ts"

// Served from the read-model tables (issue 17), two schools kept: every call loads what it needs.
backOffice("the back office's organizations and places on PostgreSQL, served from the read-model tables", () => {
  const schema = `orga_back_office_tables_${process.pid}_${Date.now()}`
  return {
    layer: Postgres.layer(inject("databaseUrl"), schema, { readModels: "tables", cacheSchools: 2 }),
    cleanup: async () => {}
  }
})
