import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { usage } from "../examples/usage.ts"
import { tempDir } from "./support.ts"

describe("README", () => {
  it("shows examples/usage.ts verbatim", () => {
    const readme = Fs.readFileSync(Path.join(import.meta.dirname, "../README.md"), "utf8")
    const example = Fs.readFileSync(Path.join(import.meta.dirname, "../examples/usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it("runs the usage example", async () => {
    expect(await Effect.runPromise(usage(tempDir()))).toEqual([
      "ok",
      "ready",
      "404 application/problem+json ROUTE_NOT_FOUND Cette adresse n'existe pas."
    ])
  })
})
