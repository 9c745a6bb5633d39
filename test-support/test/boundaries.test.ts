/**
 * Package boundaries: every package declares what it imports, the dependency direction of DESIGN.md holds,
 * and pnpm's isolated layout makes an undeclared import fail at resolution.
 */
import * as Fs from "node:fs"
import { builtinModules, createRequire } from "node:module"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"

const root = Path.resolve(import.meta.dirname, "../..")

interface Manifest {
  readonly name: string
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
}

const readManifest = (dir: string): Manifest => JSON.parse(Fs.readFileSync(Path.join(dir, "package.json"), "utf8"))

const workspaceDirs = (): ReadonlyArray<string> =>
  ["packages", "apps"].flatMap((group) => {
    const base = Path.join(root, group)
    if (!Fs.existsSync(base)) return []
    return Fs.readdirSync(base)
      .map((name) => Path.join(base, name))
      .filter((dir) => Fs.existsSync(Path.join(dir, "package.json")))
  })

const sourceFiles = (dir: string): ReadonlyArray<string> => {
  if (!Fs.existsSync(dir)) return []
  return Fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => Path.join(dir, file))
}

/** The package names a source file imports (bare specifiers only, `effect/Schema` → `effect`). */
const importedPackages = (file: string): ReadonlyArray<string> => {
  const text = Fs.readFileSync(file, "utf8")
  const found = new Set<string>()
  const pattern = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? ""
    if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier)) continue
    const parts = specifier.split("/")
    found.add(specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier))
  }
  return [...found]
}

const isBuiltin = (name: string): boolean => builtinModules.includes(name)

describe("package boundaries", () => {
  const dirs = workspaceDirs()

  it("finds the workspace packages", () => {
    expect(dirs.map((dir) => readManifest(dir).name)).toContain("@orga/domain")
  })

  for (const dir of dirs) {
    const manifest = readManifest(dir)
    it(`${manifest.name}: every package its sources import is declared`, () => {
      const declared = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {})
      ])
      const undeclared = sourceFiles(Path.join(dir, "src")).flatMap((file) =>
        importedPackages(file)
          .filter((name) => !declared.has(name) && !isBuiltin(name) && name !== manifest.name)
          .map((name) => `${Path.relative(root, file)} imports ${name}`)
      )
      expect(undeclared).toEqual([])
    })
  }

  it("keeps the domain pure: @orga/domain depends on effect and nothing else", () => {
    const manifest = readManifest(Path.join(root, "packages/domain"))
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["effect"])
  })

  it("follows the dependency direction of DESIGN.md", () => {
    const allowed: Record<string, ReadonlyArray<string>> = {
      "@orga/domain": [],
      "@orga/event-store": [],
      "@orga/siecle": ["@orga/domain"],
      "@orga/event-store-sqlite": ["@orga/event-store"],
      "@orga/event-store-postgres": ["@orga/event-store"],
      "@orga/event-store-kurrentdb": ["@orga/event-store"]
    }
    for (const dir of dirs) {
      const manifest = readManifest(dir)
      const rule = allowed[manifest.name]
      if (rule === undefined) continue
      const internal = Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith("@orga/"))
      expect({ package: manifest.name, internal }).toEqual({
        package: manifest.name,
        internal: internal.filter((name) => rule.includes(name))
      })
    }
  })

  it("makes an undeclared import fail: the domain cannot resolve a package it does not declare", () => {
    const requireFromDomain = createRequire(Path.join(root, "packages/domain/package.json"))
    expect(() => requireFromDomain.resolve("fast-xml-parser")).toThrow(/Cannot find module/)
    expect(() => requireFromDomain.resolve("pg")).toThrow(/Cannot find module/)
    expect(requireFromDomain.resolve("effect")).toContain("effect")
  })
})
