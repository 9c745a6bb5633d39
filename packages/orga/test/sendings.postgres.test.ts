import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { sendings } from "./support/sendings.ts"

sendings("multiple sendings, stages and badges, target profiles as data, on PostgreSQL (a fresh schema)", () => {
  const schema = `orga_sendings_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
