import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { analysisScenario } from "./support/analysis.ts"

// Served from the read-model tables (issue 17), one school kept: every call loads what it needs.
analysisScenario("the campaign analysis on PostgreSQL, served from the read-model tables", () => {
  const schema = `orga_analysis_tables_${process.pid}_${Date.now()}`
  return {
    layer: Postgres.layer(inject("databaseUrl"), schema, { readModels: "tables", cacheSchools: 1 }),
    cleanup: async () => {}
  }
})
