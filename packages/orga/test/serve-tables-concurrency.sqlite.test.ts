import * as Sqlite from "../src/stores/Sqlite.ts"
import { tempSqlite } from "./support/harness.ts"
import { servedConcurrency } from "./support/servedConcurrency.ts"

servedConcurrency(
  "serving from the read-model tables of a SQLite file, one school kept, every school asked at once",
  () => {
    const file = tempSqlite()
    return {
      layer: (served) =>
        Sqlite.layer(file.filename, {
          durability: "normal",
          personalData: false,
          ...(served ? { readModels: "tables" as const, cacheSchools: 1 } : { readModelTables: true })
        }),
      cleanup: () => file.cleanup()
    }
  }
)
