import { analysisScenario } from "./support/analysis.ts"
import { sqliteStore, tempSqlite } from "./support/harness.ts"

analysisScenario("the campaign analysis on SQLite (a real file in a temp dir)", () => {
  const file = tempSqlite()
  return { layer: sqliteStore(file.filename), cleanup: async () => file.cleanup() }
})
