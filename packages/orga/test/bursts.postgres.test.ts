/**
 * Bursts and races from two processes on one PostgreSQL schema (issue 11's acceptance), each process with its
 * own Orga (own pool, own read models): see `support/twoProcesses.ts`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inject } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import { twoProcesses } from "./support/twoProcesses.ts"

twoProcesses("two processes on one PostgreSQL schema", () => {
  const url = inject("databaseUrl")
  const schema = `orga_bursts_${process.pid}_${Date.now()}`
  const dir = mkdtempSync(join(tmpdir(), "orga-bursts-"))
  return {
    where: { kind: "postgres", url, schema },
    layer: Postgres.layer(url, schema),
    dir,
    cleanup: async () => rmSync(dir, { recursive: true, force: true })
  }
})
