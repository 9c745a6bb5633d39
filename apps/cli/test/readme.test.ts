/**
 * The README's example runs as printed, its exit-code table is `ExitCode.table`, and it names every schema.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import * as ExitCode from "../src/ExitCode.ts"
import { main, makeCli, node, validFile } from "./support.ts"

const readme = Fs.readFileSync(Path.join(import.meta.dirname, "../README.md"), "utf8")
const block = (language: string, after: string) => {
  const start = readme.indexOf(`\`\`\`${language}\n`, readme.indexOf(after))
  return readme.slice(start + language.length + 4, readme.indexOf("```", start + 3))
}

describe("README", () => {
  it("runs the example and prints what it shows", () => {
    const cli = makeCli()
    validFile(cli.dir)
    const script = `orga() { ${JSON.stringify(node)} ${JSON.stringify(main)} "$@"; }\n${block("sh", "## Example")}`
    const ran = spawnSync("bash", ["-euo", "pipefail", "-c", script], {
      cwd: cli.dir,
      env: { ...cli.env, PATH: `${Path.dirname(node)}:${process.env.PATH}` },
      encoding: "utf8",
      timeout: 300_000
    })
    expect(ran.stderr).toBe("")
    expect(ran.status).toBe(0)
    const normalize = (text: string) => text.replace(/code [A-Z0-9]{9}\./, "code ?.")
    expect(normalize(ran.stdout)).toBe(normalize(block("text", "## Example")))
  })

  it("documents the exit codes of src/ExitCode.ts", () => {
    const rows = ExitCode.table.map((row) =>
      `| ${row.exitCode} | ${row.name} | ${row.tags.join(", ")} | ${row.meaning} |`.replace("|  |", "| |")
    )
    for (const row of rows) expect(readme).toContain(row)
  })

  it("names every JSON schema the commands export", () => {
    const sources = Fs.readdirSync(Path.join(import.meta.dirname, "../src/commands"))
      .map((file) => Fs.readFileSync(Path.join(import.meta.dirname, "../src/commands", file), "utf8"))
      .join("\n")
    const names = [...sources.matchAll(/export const (\w+Json) =/g)].map((match) => match[1] ?? "")
    expect(names.length).toBeGreaterThan(15)
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([])
  })
})
