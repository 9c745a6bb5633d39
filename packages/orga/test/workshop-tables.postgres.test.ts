import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { workshop } from "./support/workshop.ts"

// Served from the read-model tables (issue 17), one school kept: every call loads what it needs.
workshop("the school's workshop on PostgreSQL, served from the read-model tables", () => {
  const schema = `orga_workshop_tables_${process.pid}_${Date.now()}`
  return {
    layer: Postgres.layer(inject("databaseUrl"), schema, { readModels: "tables", cacheSchools: 1 }),
    cleanup: async () => {}
  }
})
