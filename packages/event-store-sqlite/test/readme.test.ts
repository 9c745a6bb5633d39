import { readFileSync } from "node:fs"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { program } from "../examples/usage.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

describe("README", () => {
  it("shows examples/usage.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(snippet).toBe(readFileSync(new URL("../examples/usage.ts", import.meta.url), "utf8"))
  })

  it("the example counts the imported students, and running it again appends and counts nothing twice", async () => {
    const filename = freshFile(dir)
    const expected = [{ organization_id: "org-1", students: 2 }]
    expect((await Effect.runPromise(program(filename))).map((row) => ({ ...row }))).toEqual(expected)
    expect((await Effect.runPromise(program(filename))).map((row) => ({ ...row }))).toEqual(expected)
  })
})
