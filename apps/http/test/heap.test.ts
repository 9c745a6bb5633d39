/**
 * `ORGA_HEAP_GROWTH` in a real process (`Heap.apply`, as `main.ts` calls it): a process that holds about 140 MB and
 * makes garbage stays within about 1.3 times what it holds with the tables' default of 30 %; left to v8, the same
 * process lets its heap grow to several times that.
 */
import { execFileSync } from "node:child_process"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"

const churn = (env: Record<string, string>) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ["--max-semi-space-size=16", Path.join(import.meta.dirname, "fixtures/heap-churn.ts")],
      { env: { ...process.env, ...env }, encoding: "utf8" }
    )
  ) as { readonly ratio: number }

describe("the heap's growth (ORGA_HEAP_GROWTH)", () => {
  it("keeps the heap near what it holds when serving from the tables, not when left to v8", () => {
    const bounded = churn({ ORGA_READ_MODELS: "tables" })
    const free = churn({ ORGA_READ_MODELS: "tables", ORGA_HEAP_GROWTH: "0" })
    expect(bounded.ratio).toBeLessThan(2.2)
    expect(free.ratio).toBeGreaterThan(3)
  }, 60_000)
})
