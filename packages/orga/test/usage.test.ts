import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { main } from "../examples/usage.ts"

describe("README usage example", () => {
  it("is the file examples/usage.ts, verbatim", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "..", "examples", "usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it("runs and prints what the README says", async () => {
    expect(await main()).toEqual(["36 élèves importés", "1 participation, 1 profil reçu", "certifiable : true"])
  })
})
