import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { workshop } from "./support/workshop.ts"

workshop("the school's workshop on PostgreSQL (a fresh schema of the test server)", () => {
  const schema = `orga_workshop_${process.pid}_${Date.now()}`
  return { layer: Postgres.layer(inject("databaseUrl"), schema), cleanup: async () => {} }
})
