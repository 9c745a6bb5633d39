import { readFileSync } from "node:fs"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { program } from "../examples/usage.ts"

describe("README usage example", () => {
  it("runs and prints what the README says", async () => {
    expect(await Effect.runPromise(program)).toEqual([
      "invited at position 1",
      "re-delivered: duplicate=true",
      "refused: AlreadyInvited",
      "invitations: 1"
    ])
  })

  it("is the code the README shows", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    const example = readFileSync(new URL("../examples/usage.ts", import.meta.url), "utf8")
    expect(readme).toContain(example.trim())
  })
})
