/**
 * On a terminal (a pseudo-terminal made by util-linux's `script`), the progress draws on stderr and clears its
 * line; piped, no esc code is written at all; `NO_COLOR` turns colours off even on a terminal.
 */
import { spawnSync } from "node:child_process"
import { beforeAll, describe, expect, it } from "vitest"
import { type Cli, main, makeCli, node, setUpSchool, validFile } from "./support.ts"

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`

/** Runs `orga` inside a pseudo-terminal: what the terminal received (stdout and stderr together). */
const onTerminal = (cli: Cli, env: Readonly<Record<string, string>>, ...args: ReadonlyArray<string>) => {
  const command = [node, main, ...args].map(quote).join(" ")
  const ran = spawnSync("script", ["-qfec", command, "/dev/null"], {
    cwd: cli.dir,
    env: { ...cli.env, ...env },
    encoding: "utf8",
    timeout: 120_000
  })
  return { status: ran.status, output: ran.stdout }
}

const esc = "\u001b"
const clearLine = "\r\u001b[2K"

describe("progress and colours on a terminal, nothing of them through a pipe", () => {
  let cli: Cli
  beforeAll(() => {
    cli = makeCli()
    setUpSchool(cli)
  })

  it("draws the progress of a SIECLE import on the terminal and clears it before the answer", () => {
    const file = validFile(cli.dir)
    const { status, output } = onTerminal(
      cli,
      {},
      "--as",
      "claire",
      "students",
      "import",
      "siecle",
      "-o",
      "org-1",
      file
    )
    expect(status).toBe(0)
    expect(output).toContain(`${clearLine}[####################] 100 % lecture de`)
    expect(output).toMatch(/\r\u001b\[2K. import du fichier SIECLE \(\d+\.\d s\)/)
    // The last drawing is cleared, then the answer is printed on a clean line.
    const answer = output.lastIndexOf("Import de eleves.xml")
    expect(answer).toBeGreaterThan(0)
    expect(output.lastIndexOf(clearLine)).toBeLessThan(answer)
    expect(output.slice(output.lastIndexOf(clearLine) + clearLine.length, answer)).toMatch(
      /^(\u001b\[\d+m)?✓?\s*(\u001b\[0m)?\s*$/
    )
  })

  it("piped, the same import writes no esc code on stdout or stderr", () => {
    const ran = cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", validFile(cli.dir))
    expect(ran.status).toBe(0)
    expect(ran.stdout).toContain("Import de eleves.xml")
    expect(ran.stdout).not.toContain(esc)
    expect(ran.stderr).toBe("")
    const table = cli.run("--as", "claire", "students", "list", "-o", "org-1")
    expect(table.stdout).not.toContain(esc)
  })

  it("colours on a terminal, none with NO_COLOR", () => {
    expect(onTerminal(cli, {}, "--as", "claire", "team", "list", "-o", "org-1").output).toContain(`${esc}[1m`)
    const plain = onTerminal(cli, { NO_COLOR: "1" }, "--as", "claire", "team", "list", "-o", "org-1").output
    expect(plain).toContain("Utilisateur")
    expect(plain).not.toContain(esc)
  })
})

describe("orga batch at a terminal", () => {
  it("prompts with orga> and goes on after a failure, whose code stays the exit code", () => {
    const cli = makeCli()
    setUpSchool(cli)
    const command = [node, main, "--as", "claire", "batch"].map(quote).join(" ")
    const ran = spawnSync("script", ["-qfec", command, "/dev/null"], {
      cwd: cli.dir,
      env: { ...cli.env, NO_COLOR: "1" },
      // Two commands, then Ctrl-D: the end of input on a terminal.
      input: "organizations lister\norganizations list\n\u0004",
      encoding: "utf8",
      timeout: 120_000
    })
    expect(ran.status).toBe(2)
    expect(ran.stdout).toContain("orga> Commande invalide : sous-commande inconnue « lister »")
    expect(ran.stdout).toMatch(/orga> Identifiant +Nom/)
    expect(ran.stdout).toContain("Collège Jean Moulin")
    expect(ran.stdout).not.toContain("orga batch : arrêt")
  })
})
