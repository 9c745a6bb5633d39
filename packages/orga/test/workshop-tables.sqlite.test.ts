import * as Sqlite from "../src/stores/Sqlite.ts"
import { tempSqlite } from "./support/harness.ts"
import { workshop } from "./support/workshop.ts"

// Serving from the read-model tables (issue 17), one school kept at a time: every call loads what it needs.
workshop("the school's workshop on SQLite, served from the read-model tables (one school kept)", () => {
  const file = tempSqlite()
  return {
    layer: Sqlite.layer(file.filename, { durability: "normal", readModels: "tables", cacheSchools: 1 }),
    cleanup: async () => file.cleanup()
  }
})
