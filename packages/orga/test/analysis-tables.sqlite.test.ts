import * as Sqlite from "../src/stores/Sqlite.ts"
import { analysisScenario } from "./support/analysis.ts"
import { tempSqlite } from "./support/harness.ts"

// Served from the read-model tables (issue 17), one school kept.
analysisScenario("the campaign analysis on SQLite, served from the read-model tables", () => {
  const file = tempSqlite()
  return {
    layer: Sqlite.layer(file.filename, { durability: "normal", readModels: "tables", cacheSchools: 1 }),
    cleanup: async () => file.cleanup()
  }
})
