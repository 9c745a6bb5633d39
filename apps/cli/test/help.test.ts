/**
 * `--help` on every command (in French, with an example), and the completion scripts for bash and zsh.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { Completions } from "effect/cli"
import { describe, expect, it } from "vitest"
import { root } from "../src/Root.ts"
import { makeCli } from "./support.ts"

const paths = (descriptor: Completions.CommandDescriptor, prefix: ReadonlyArray<string> = []): Array<Array<string>> => {
  const here = [...prefix, descriptor.name]
  return [here, ...descriptor.subcommands.flatMap((child) => paths(child, here))]
}

describe("help and completions", () => {
  const cli = makeCli()
  const commands = paths(Completions.fromCommand(root)).map((path) => path.slice(1))

  it("lists every command of the tree", () => {
    expect(commands.map((path) => path.join(" "))).toEqual(
      expect.arrayContaining([
        "students import siecle",
        "export classes",
        "store stats",
        "verify",
        "backup",
        "students import preview",
        "students import confirm",
        "students account",
        "students username",
        "users show",
        "team resend",
        "team cancel",
        "team leave",
        "campaigns update",
        "batch"
      ])
    )
  })

  it("has --help on every command, in French, with an example that starts with orga", () => {
    const missing: Array<string> = []
    for (const path of commands) {
      const ran = cli.run(...path, "--help")
      const ok =
        ran.status === 0 &&
        ran.stdout.includes("UTILISATION") &&
        ran.stdout.includes("EXEMPLES") &&
        /\n {2}orga /.test(ran.stdout) &&
        !/FLAGS|USAGE|EXAMPLES|Show help/.test(ran.stdout)
      if (!ok) missing.push(path.join(" ") || "(orga)")
    }
    expect(missing).toEqual([])
    // One process per command (about 50 of them): seconds each on a loaded machine.
  }, 300_000)

  it("prints completion scripts for bash and zsh that name the commands", () => {
    const bash = cli.run("--completions", "bash")
    expect(bash.status).toBe(0)
    expect(bash.stdout).toContain("complete -F")
    expect(bash.stdout).toContain("why-refused")
    const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-completion-")), "orga.bash")
    Fs.writeFileSync(file, bash.stdout)
    expect(spawnSync("bash", ["-n", file]).status).toBe(0)
    const zsh = cli.run("--completions", "zsh")
    expect(zsh.status).toBe(0)
    expect(zsh.stdout).toContain("#compdef orga")
    expect(zsh.stdout).toContain("certificability")
  })
})
