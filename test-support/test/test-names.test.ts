/**
 * One naming scheme for test files (docs/architecture.md, "Tests"): a file that specifies one module is named after
 * it, in the module's own spelling (`SqliteEventStore.test.ts` beside `src/SqliteEventStore.ts`); a scenario or a rule
 * that spans modules is a kebab-case topic (`workshop.test.ts`, `error-codes.test.ts`). A store or a variant is one
 * dot segment before `.test.ts` (`workshop.postgres.test.ts`). This test keeps every package and app to it.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"

const root = Path.resolve(import.meta.dirname, "../..")

const filesUnder = (dir: string, keep: (name: string) => boolean): ReadonlyArray<string> =>
  Fs.existsSync(dir)
    ? Fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((file) => !file.split(Path.sep).includes("node_modules") && keep(Path.basename(file)))
        .map((file) => Path.join(dir, file))
    : []

// Every project holding tests: the packages, the apps and the workspace's own.
const projects = (): ReadonlyArray<string> => [
  ...["packages", "apps"].flatMap((group) =>
    Fs.readdirSync(Path.join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => Path.join(root, group, entry.name))
  ),
  Path.join(root, "test-support")
]

const topic = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)?\.test\.ts$/
const moduleTest = /^([A-Za-z][A-Za-z0-9]*)(\.[a-z0-9]+)?\.test\.ts$/

/** Why a test file's name breaks the scheme, or undefined when it follows it. */
const problemOf = (file: string, modules: ReadonlySet<string>): string | undefined => {
  const name = Path.basename(file)
  if (topic.test(name)) return undefined
  const module = moduleTest.exec(name)?.[1]
  if (module === undefined) return `${name}: neither a module's name nor a kebab-case topic`
  return modules.has(module) ? undefined : `${name}: no module ${module}.ts in src/`
}

describe("test file names", () => {
  it("name the module they specify, or a kebab-case topic", () => {
    const problems: Array<string> = []
    for (const project of projects()) {
      const modules = new Set(
        filesUnder(Path.join(project, "src"), (name) => name.endsWith(".ts")).map((file) => Path.basename(file, ".ts"))
      )
      for (const file of filesUnder(Path.join(project, "test"), (name) => name.endsWith(".test.ts"))) {
        const problem = problemOf(file, modules)
        if (problem !== undefined) problems.push(`${Path.relative(root, project)}: ${problem}`)
      }
    }
    expect(problems).toEqual([])
  })

  it("refuses the names the scheme leaves out", () => {
    const modules = new Set(["SqliteEventStore", "toImportCommand"])
    expect(problemOf("SqliteEventStore.test.ts", modules)).toBeUndefined()
    expect(problemOf("toImportCommand.test.ts", modules)).toBeUndefined()
    expect(problemOf("workshop.postgres.test.ts", modules)).toBeUndefined()
    expect(problemOf("ParticipationFold.test.ts", modules)).toContain("no module ParticipationFold.ts")
    expect(problemOf("readChecks.test.ts", modules)).toContain("no module readChecks.ts")
    expect(problemOf("Some_File.test.ts", modules)).toContain("neither")
  })
})
