import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { partitions } from "../examples/partitions.ts"
import { program } from "../examples/usage.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

describe("README", () => {
  it("shows examples/usage.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(snippet).toBe(readFileSync(new URL("../examples/usage.ts", import.meta.url), "utf8"))
  })

  it.effect("the example counts the imported students, and running it again appends and counts nothing twice", () =>
    Effect.gen(function* () {
      const filename = freshFile(dir)
      const expected = [{ organization_id: "org-1", students: 2 }]
      expect((yield* program(filename)).map((row) => ({ ...row }))).toEqual(expected)
      expect((yield* program(filename)).map((row) => ({ ...row }))).toEqual(expected)
    })
  )

  it("shows examples/partitions.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    expect(readme).toContain(readFileSync(new URL("../examples/partitions.ts", import.meta.url), "utf8"))
  })

  it.effect("the partitions example reads one school's rows, and a second run counts nothing twice", () =>
    Effect.gen(function* () {
      const filename = freshFile(dir)
      expect(yield* partitions(filename)).toEqual(["org:org-1 v1: 2 students"])
      expect(yield* partitions(filename)).toEqual(["org:org-1 v1: 2 students"])
    })
  )
})
