import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { partitions } from "../examples/partitions.ts"
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

  it("shows examples/partitions.ts verbatim", () => {
    const readme = Fs.readFileSync(Path.join(import.meta.dirname, "../README.md"), "utf8")
    const example = Fs.readFileSync(Path.join(import.meta.dirname, "../examples/partitions.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it.live("runs the partitions example: one school's rows, and nothing counted twice on a second run", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      expect(yield* partitions(databaseUrl(), schema)).toEqual(["org:org-1 v1: 2 students"])
      expect(yield* partitions(databaseUrl(), schema)).toEqual(["org:org-1 v1: 2 students"])
    })
  )
})
