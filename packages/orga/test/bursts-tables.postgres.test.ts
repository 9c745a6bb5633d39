/**
 * Bursts and races from two processes on one PostgreSQL schema, every instance serving from the read-model tables
 * (issue 17): the parent and both children start from the tables' router and checkpoint (the children inherit
 * `ORGA_READ_MODELS=tables`), each child's writes are read by the other and by the parent after their position.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { twoProcesses } from "./support/twoProcesses.ts"

const before = process.env.ORGA_READ_MODELS
process.env.ORGA_READ_MODELS = "tables"
afterAll(() => {
  if (before === undefined) delete process.env.ORGA_READ_MODELS
  else process.env.ORGA_READ_MODELS = before
})

twoProcesses("two processes on one PostgreSQL schema, served from the read-model tables", () => {
  const url = inject("databaseUrl")
  const schema = `orga_bursts_served_${process.pid}_${Date.now()}`
  const dir = mkdtempSync(join(tmpdir(), "orga-bursts-"))
  return {
    where: { kind: "postgres", url, schema },
    layer: Postgres.layer(url, schema, { readModels: "tables" }),
    dir,
    cleanup: async () => rmSync(dir, { recursive: true, force: true })
  }
})
