import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..")
const src = join(root, "src")

const sources = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : []
  })

const importsOf = (text: string): ReadonlyArray<string> =>
  [
    ...text.matchAll(/(?:^|\s)(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)
  ].map((m) => m[1] ?? m[2] ?? "")

// Code without comments, so that a doc comment may mention what the code may not do.
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1")

describe("the domain depends on effect only", () => {
  it("package.json has effect as its only dependency; fast-check is an optional peer", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
    expect(Object.keys(pkg.dependencies)).toEqual(["effect"])
    expect(pkg.devDependencies).toBeUndefined()
    expect(pkg.peerDependencies).toEqual({ "fast-check": "4.11.0" })
    expect(pkg.peerDependenciesMeta).toEqual({ "fast-check": { optional: true } })
  })

  const files = sources(src)
  it("finds the sources", () => expect(files.length).toBeGreaterThan(20))

  it.each(files.map((f) => relative(root, f)))("%s imports only effect and relative files", (file) => {
    // Test support (the testing entry point, and `testing.ts` files beside a concept) may use fast-check.
    const testing = file.startsWith(join("src", "testing")) || file.endsWith(`${"/"}testing.ts`)
    for (const specifier of importsOf(readFileSync(join(root, file), "utf8"))) {
      const allowed =
        specifier === "effect" ||
        specifier.startsWith("effect/") ||
        (specifier.startsWith(".") && specifier.endsWith(".ts")) ||
        (testing && specifier === "fast-check")
      expect(allowed, `${file} imports ${specifier}`).toBe(true)
    }
  })

  it.each(files.map((f) => relative(root, f)))("%s reads no clock and draws no random number", (file) => {
    const text = code(readFileSync(join(root, file), "utf8"))
    expect(text).not.toMatch(/Date\.now\s*\(/)
    expect(text).not.toMatch(/new\s+Date\s*\(\s*\)/)
    expect(text).not.toMatch(/Math\.random/)
    expect(text).not.toMatch(/\bcrypto\b/)
    expect(text).not.toMatch(/performance\.now/)
    expect(text).not.toMatch(/\bprocess\./)
  })

  it("the checks do catch a forbidden line", () => {
    expect(importsOf(`import * as fs from "node:fs"`)).toEqual(["node:fs"])
    expect(importsOf(`export { x } from "./x.ts"`)).toEqual(["./x.ts"])
    expect(code("const t = Date.now() // now")).toMatch(/Date\.now\s*\(/)
    expect(code("/** Date.now() */ const a = 1")).not.toMatch(/Date\.now/)
  })
})

describe("deciders never throw", () => {
  // Checked on the organization, roster, policies and values (this suite's part of the domain).
  const mine = ["organization", "roster", "policy", "values"].map((d) => join(src, d))
  const deciders = sources(src).filter((f) => mine.some((d) => f.startsWith(d)))
  it.each(deciders.map((f) => relative(root, f)))("%s has no throw statement and no try/catch", (file) => {
    const text = code(readFileSync(join(root, file), "utf8"))
    expect(text).not.toMatch(/\bthrow\b/)
    expect(text).not.toMatch(/\btry\s*\{/)
  })
})
