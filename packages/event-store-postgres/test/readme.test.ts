import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { usage } from "../examples/usage.ts"
import { databaseUrl, freshSchema } from "./support.ts"

describe("README", () => {
  it("shows examples/usage.ts verbatim", () => {
    const readme = Fs.readFileSync(Path.join(import.meta.dirname, "../README.md"), "utf8")
    const example = Fs.readFileSync(Path.join(import.meta.dirname, "../examples/usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it.live("runs the usage example against the test server", () =>
    Effect.gen(function* () {
      const lines = yield* usage(databaseUrl(), freshSchema())
      expect(lines).toEqual(["1 campaign-42 CampaignCreated", "2 campaign-code-ABCDEF123 CampaignCodeReserved"])
    })
  )
})
