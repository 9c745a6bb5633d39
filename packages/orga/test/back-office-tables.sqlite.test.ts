import * as Sqlite from "../src/stores/Sqlite.ts"
import { backOffice } from "./support/backOffice.ts"
import { tempSqlite } from "./support/harness.ts"

// Served from the read-model tables (issue 17): the back office's lists load every school for the call.
backOffice("the back office's organizations and places on SQLite, served from the read-model tables", () => {
  const file = tempSqlite()
  return {
    layer: Sqlite.layer(file.filename, { durability: "normal", readModels: "tables", cacheSchools: 2 }),
    cleanup: async () => file.cleanup()
  }
})
