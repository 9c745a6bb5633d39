import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { analysisScenario } from "./support/analysis.ts"

analysisScenario("the campaign analysis on PostgreSQL (a fresh schema of the test server)", () => {
  const schema = `orga_analysis_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
