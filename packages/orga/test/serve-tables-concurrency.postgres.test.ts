import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { servedConcurrency } from "./support/servedConcurrency.ts"

// On PostgreSQL every read yields: the calls on the three schools interleave inside their loads and folds.
servedConcurrency(
  "serving from the read-model tables of PostgreSQL, one school kept, every school asked at once",
  () => {
    const schema = `orga_served_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
    return {
      layer: (served) =>
        Postgres.layer(inject("databaseUrl"), schema, {
          personalData: false,
          ...(served ? { readModels: "tables" as const, cacheSchools: 1 } : { readModelTables: true })
        }),
      cleanup: () => {}
    }
  }
)
