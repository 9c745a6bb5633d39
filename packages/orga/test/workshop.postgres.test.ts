import { inject } from "vitest"
import * as Stores from "../src/Stores.ts"
import { workshop } from "./support/workshop.ts"

workshop("the school's workshop on PostgreSQL (a fresh schema of the test server)", () => {
  const schema = `orga_workshop_${process.pid}_${Date.now()}`
  return { layer: Stores.postgres(inject("databaseUrl"), schema), cleanup: async () => {} }
})
