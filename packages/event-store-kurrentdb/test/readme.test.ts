import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { usage } from "../examples/usage.ts"
import { connectionString, freshNamespace, sayWhenNotRun } from "./live.ts"

sayWhenNotRun("the README's usage example against KurrentDB")

describe("README", () => {
  it("shows examples/usage.ts verbatim", () => {
    const readme = Fs.readFileSync(Path.join(import.meta.dirname, "../README.md"), "utf8")
    const example = Fs.readFileSync(Path.join(import.meta.dirname, "../examples/usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
  })

  it.skipIf(connectionString === undefined)("runs the usage example against the KurrentDB server", async () => {
    const answer = await Effect.runPromise(usage(connectionString ?? "", freshNamespace()))
    expect(answer).toEqual({
      duplicate: true,
      log: ["campaign-42@1 CampaignCreated", "campaign-42@2 CampaignCodeReserved"],
      lastIsHead: true
    })
  })
})
