import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { main } from "../examples/serving.ts"

describe("README serving from the tables example", () => {
  it("is the file examples/serving.ts, verbatim", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "..", "examples", "serving.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it("runs and prints what the README says", async () => {
    const lines = await main()
    expect(lines[0]).toBe("36 élèves")
    expect(lines[1]).toMatch(/^repris à la position \d+, sans relire le journal$/)
  })
})
