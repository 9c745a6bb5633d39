/**
 * Bursts and races from two processes on one SQLite file (issue 11's acceptance), each process with its own
 * Orga: see `support/twoProcesses.ts`.
 */
import { rmSync } from "node:fs"
import { dirname } from "node:path"
import { sqliteStore, tempSqlite } from "./support/harness.ts"
import { twoProcesses } from "./support/twoProcesses.ts"

twoProcesses("two processes on one SQLite file", () => {
  const file = tempSqlite()
  return {
    where: { kind: "sqlite", filename: file.filename },
    layer: sqliteStore(file.filename),
    dir: dirname(file.filename),
    cleanup: async () => rmSync(dirname(file.filename), { recursive: true, force: true })
  }
})
