import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { main } from "../examples/analysis.ts"

describe("README campaign analysis example", () => {
  it("is the file examples/analysis.ts, verbatim", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "..", "examples", "analysis.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it("runs and prints what the README says", async () => {
    expect(await main()).toEqual([
      "1.1 : 2 acquis sur 3 en moyenne",
      "2 résultats reçus",
      "page 1 sur 1 : 2 participants"
    ])
  })
})
