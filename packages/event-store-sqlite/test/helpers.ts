import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"

/** A fresh directory for this test file's databases, removed after the file's tests. */
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "orga-sqlite-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

let counter = 0
/** A fresh database path in `dir`. */
export const freshFile = (dir: string): string => join(dir, `store-${process.pid}-${++counter}.db`)
