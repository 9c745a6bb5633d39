/**
 * `students import siecle --preview` and `orga batch` (`students import preview` / `confirm`) as a separate
 * process, on whichever store the environment names: the preview (first JSON document),
 * the question answered on stdin, then the confirmation (second document). Declined or unanswered, nothing is
 * written; the roster changed by another process between the preview and the answer, the import is decided again
 * on the current roster (no stale write); a preview that expired while waiting (the process's clock moved by
 * `clock-shift.ts`), the file as read is planned again.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Schema from "effect/Schema"
import { beforeAll, describe, expect, it } from "vitest"
import * as Operations from "../src/commands/operations.ts"
import * as SiecleImport from "../src/commands/siecleImport.ts"
import * as Students from "../src/commands/students.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { type Cli, main, makeCli, node, setUpSchool } from "./support.ts"

const clockShift = Path.join(import.meta.dirname, "clock-shift.ts")

interface Running {
  readonly child: ChildProcessWithoutNullStreams
  readonly stdout: () => string
  readonly stderr: () => string
  /** Resolves once the predicate holds on what was printed (checked at every chunk). */
  readonly until: (predicate: () => boolean) => Promise<void>
  readonly exited: Promise<number>
}

/** Starts `orga` without waiting for it, so a test can answer its question (and do things meanwhile). */
const start = (cli: Cli, args: ReadonlyArray<string>, preload?: string): Running => {
  const child = spawn(node, [...(preload === undefined ? [] : ["--import", preload]), main, ...args], {
    cwd: cli.dir,
    env: cli.env
  })
  let stdout = ""
  let stderr = ""
  const waiting = new Set<() => void>()
  const check = () => {
    for (const wake of waiting) wake()
  }
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk
    check()
  })
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk
    check()
  })
  const exited = new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? -1)))
  const until = (predicate: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const wake = () => {
        if (!predicate()) return
        waiting.delete(wake)
        resolve()
      }
      waiting.add(wake)
      void exited.then(() => {
        if (waiting.delete(wake)) reject(new Error(`orga exited before it was expected to:\n${stdout}${stderr}`))
      })
      wake()
    })
  return { child, stdout: () => stdout, stderr: () => stderr, until, exited }
}

const file = (cli: Cli, name: string, seed: number, students: number): string => {
  const path = Path.join(cli.dir, name)
  Fs.writeFileSync(path, SiecleTesting.generateFile({ seed, students, uai: "0331234X", schoolYear: "2026" }).bytes)
  return path
}

const previewArgs = (path: string) => [
  "--json",
  "--as",
  "claire",
  "students",
  "import",
  "siecle",
  "-o",
  "org-1",
  "--preview",
  path
]

const documents = (stdout: string) => {
  const [preview, confirmation, ...rest] = stdout.trimEnd().split("\n")
  expect(rest).toEqual([])
  return {
    preview: Schema.decodeUnknownSync(SiecleImport.PreviewJson)(JSON.parse(preview ?? "")),
    confirmation: Schema.decodeUnknownSync(SiecleImport.ConfirmationJson)(JSON.parse(confirmation ?? ""))
  }
}

const events = (cli: Cli) => cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events
const learners = (cli: Cli) =>
  cli.json(Schema.Array(Students.LearnerJson), "--as", "claire", "students", "list", "-o", "org-1").length

/** `orga --json --as claire batch`, fed one line at a time; `answer(n)` waits for its n-th JSON document. */
const batch = (cli: Cli, preload?: string) => {
  const running = start(cli, ["--json", "--as", "claire", "batch"], preload)
  const lines = () => running.stdout().split("\n").slice(0, -1)
  return {
    running,
    send: (line: string) => running.child.stdin.write(`${line}\n`),
    answer: async (n: number): Promise<unknown> => {
      await running.until(() => lines().length >= n)
      return JSON.parse(lines()[n - 1] ?? "")
    }
  }
}

/** The scenario, on the store of `env` (`{}`: the SQLite file `./data/orga.db`). */
export const previews = (title: string, env: () => Record<string, string>) => {
  describe(`students import siecle --preview, ${title}`, () => {
    let cli: Cli
    beforeAll(() => {
      cli = makeCli(env())
      setUpSchool(cli)
    }, 120_000)

    it("answered yes: the preview's plan is imported, as the preview said", async () => {
      const before = events(cli)
      const running = start(cli, previewArgs(file(cli, "premier.xml", 1, 60)))
      await running.until(() => running.stdout().includes("\n") && running.stderr().includes("[o/N]"))
      expect(running.stderr()).toContain("Importer ces élèves ? [o/N] ")
      running.child.stdin.end("o\n")
      expect(await running.exited).toBe(0)
      const { preview, confirmation } = documents(running.stdout())
      expect(preview.status).toBe("PREVIEW")
      expect(preview.added.length).toBeGreaterThan(0)
      expect(Date.parse(preview.expiresAt)).toBeGreaterThan(Date.now())
      expect(confirmation).toMatchObject({
        previewId: preview.previewId,
        confirmed: true,
        fileReadAgain: false,
        changedSincePreview: false
      })
      expect(confirmation.import?.added).toBe(preview.added.length)
      expect(learners(cli)).toBe(preview.added.length)
      expect(events(cli)).toBeGreaterThan(before)
    }, 120_000)

    it("answered no, or not at all: nothing is written", async () => {
      const before = events(cli)
      const path = file(cli, "second.xml", 2, 40)
      for (const answer of ["n\n", ""]) {
        const running = start(cli, previewArgs(path))
        await running.until(() => running.stdout().includes("\n"))
        running.child.stdin.end(answer)
        expect(await running.exited).toBe(0)
        const { confirmation } = documents(running.stdout())
        expect(confirmation).toMatchObject({ confirmed: false, import: null })
      }
      const human = start(cli, ["--as", "claire", "students", "import", "siecle", "-o", "org-1", "--preview", path])
      await human.until(() => human.stderr().includes("[o/N]"))
      human.child.stdin.end("non\n")
      expect(await human.exited).toBe(0)
      expect(human.stdout()).toMatch(/^Aperçu de second\.xml \(année 2026\), rien n'est encore enregistré : /)
      expect(human.stdout()).toContain("Aperçu valable jusqu'au ")
      expect(human.stdout().trimEnd().split("\n").at(-1)).toBe("Import abandonné : rien n'a été enregistré.")
      expect(events(cli)).toBe(before)
    }, 120_000)

    it("the roster changed by another process after the preview: decided again on the current roster", async () => {
      const path = file(cli, "troisieme.xml", 3, 50)
      const running = start(cli, previewArgs(path))
      await running.until(() => running.stdout().includes("\n"))
      // Meanwhile, another process imports the same file: the preview's plan (all added) is stale.
      const other = cli.run("--json", "--as", "claire", "students", "import", "siecle", "-o", "org-1", path)
      expect(other.status).toBe(0)
      const imported = learners(cli)
      running.child.stdin.end("oui\n")
      expect(await running.exited).toBe(0)
      const { preview, confirmation } = documents(running.stdout())
      expect(confirmation.confirmed).toBe(true)
      expect(confirmation.changedSincePreview).toBe(true)
      expect(preview.added.length).toBeGreaterThan(0)
      // Nothing added twice: the confirmation found every student already there.
      expect(confirmation.import?.added).toBe(0)
      expect(learners(cli)).toBe(imported)
      const history = cli.json(
        Schema.Array(Students.ImportHistoryJson),
        "--as",
        "claire",
        "students",
        "imports",
        "-o",
        "org-1"
      )
      expect(history.filter((entry) => entry.fileName === "troisieme.xml")).toHaveLength(2)
    }, 120_000)

    it("a preview expired while waiting: the file as read is planned again and imported", async () => {
      const path = file(cli, "quatrieme.xml", 4, 30)
      const running = start(cli, previewArgs(path), clockShift)
      await running.until(() => running.stdout().includes("\n"))
      running.child.kill("SIGUSR2")
      await running.until(() => running.stderr().includes("[horloge avancée de 31 minutes]"))
      // The file on disk changes after the preview: the import uses the bytes the preview read.
      Fs.writeFileSync(path, "plus un fichier SIECLE")
      running.child.stdin.end("o\n")
      expect(await running.exited).toBe(0)
      const { preview, confirmation } = documents(running.stdout())
      expect(confirmation).toMatchObject({ confirmed: true, fileReadAgain: true })
      expect(confirmation.import?.fileName).toBe("quatrieme.xml")
      expect(confirmation.import?.added).toBe(preview.added.length)
    }, 120_000)

    it("bad inputs before the question: an outsider, --dry-run with --preview; nothing asked, nothing written", async () => {
      const before = events(cli)
      const path = file(cli, "cinquieme.xml", 5, 20)
      const outsider = cli.run("--as", "pix", "students", "import", "siecle", "-o", "org-1", "--preview", path)
      expect(outsider.status).toBe(ExitCode.named("forbidden").exitCode)
      expect(outsider.stderr).not.toContain("[o/N]")
      const both = cli.run(
        "--as",
        "claire",
        "students",
        "import",
        "siecle",
        "-o",
        "org-1",
        "--preview",
        "--dry-run",
        path
      )
      expect(both.status).toBe(ExitCode.named("invalid-input").exitCode)
      expect(both.stderr).toBe(
        "Choisissez --dry-run (rien n'est enregistré) ou --preview (aperçu puis confirmation), pas les deux.\n"
      )
      expect(events(cli)).toBe(before)
    }, 120_000)
  })

  describe(`orga batch: students import preview, then confirm without the file, ${title}`, () => {
    let cli: Cli
    beforeAll(() => {
      cli = makeCli(env())
      setUpSchool(cli)
    }, 120_000)

    it("confirms a preview of the same process once; a second confirmation is a conflict and stops the batch", async () => {
      const { running, send, answer } = batch(cli)
      send(`students import preview -o org-1 ${file(cli, "premier.xml", 1, 60)}`)
      const preview = Schema.decodeUnknownSync(SiecleImport.PreviewJson)(await answer(1))
      send(`students import confirm -o org-1 ${preview.previewId}`)
      const imported = Schema.decodeUnknownSync(Students.ImportJson)(await answer(2))
      expect(imported.added).toBe(preview.added.length)
      const before = events(cli)
      send(`students import confirm -o org-1 ${preview.previewId}`)
      send("students list -o org-1")
      expect(await running.exited).toBe(ExitCode.named("conflict").exitCode)
      expect((await answer(3)) as unknown).toMatchObject({ error: { code: "SIECLE_PREVIEW_ALREADY_CONFIRMED" } })
      // The batch stopped at the failure: the list after it did not run.
      expect(running.stdout().trimEnd().split("\n")).toHaveLength(3)
      expect(running.stderr()).toBe(
        "Cet import a déjà été confirmé : consultez l’historique des imports.\n" +
          `orga batch : arrêt à la ligne 3 (students import confirm -o org-1 ${preview.previewId}).\n`
      )
      expect(learners(cli)).toBe(preview.added.length)
      expect(events(cli)).toBe(before)
    }, 120_000)

    it("an unknown preview (made by another process, or never): not found, nothing written", async () => {
      const before = events(cli)
      const { running, send, answer } = batch(cli)
      send("students import confirm -o org-1 00000000-0000-4000-8000-000000000000")
      expect(await running.exited).toBe(ExitCode.named("not-found").exitCode)
      expect(await answer(1)).toMatchObject({ error: { code: "SIECLE_PREVIEW_NOT_FOUND", kind: "not-found" } })
      expect(running.stderr().split("\n")[0]).toBe(
        "Cet aperçu d’import est inconnu ou a expiré : envoyez à nouveau le fichier SIECLE pour l’importer."
      )
      // A single `orga students import confirm` is its own process: no preview of another can be found there.
      const alone = cli.run(
        "--as",
        "claire",
        "students",
        "import",
        "confirm",
        "-o",
        "org-1",
        "00000000-0000-4000-8000-000000000000"
      )
      expect(alone.status).toBe(ExitCode.named("not-found").exitCode)
      // An id that cannot be a preview's is refused before any look-up.
      const malformed = cli.run("--as", "claire", "students", "import", "confirm", "-o", "org-1", "aperçu inconnu")
      expect(malformed.status).toBe(ExitCode.named("invalid-input").exitCode)
      expect(events(cli)).toBe(before)
    }, 120_000)

    it("an expired preview (31 minutes later on the process's clock): not found, nothing written", async () => {
      const before = events(cli)
      const { running, send, answer } = batch(cli, clockShift)
      send(`students import preview -o org-1 ${file(cli, "second.xml", 2, 40)}`)
      const preview = Schema.decodeUnknownSync(SiecleImport.PreviewJson)(await answer(1))
      running.child.kill("SIGUSR2")
      await running.until(() => running.stderr().includes("[horloge avancée de 31 minutes]"))
      send(`students import confirm -o org-1 ${preview.previewId}`)
      expect(await running.exited).toBe(ExitCode.named("not-found").exitCode)
      expect(await answer(2)).toMatchObject({ error: { code: "SIECLE_PREVIEW_NOT_FOUND" } })
      expect(events(cli)).toBe(before)
    }, 120_000)

    it("the roster changed by another process since the preview: the confirmation decides again", async () => {
      const path = file(cli, "troisieme.xml", 3, 50)
      const { running, send, answer } = batch(cli)
      send(`students import preview -o org-1 ${path}`)
      const preview = Schema.decodeUnknownSync(SiecleImport.PreviewJson)(await answer(1))
      expect(preview.added.length).toBeGreaterThan(0)
      expect(cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", path).status).toBe(0)
      const imported = learners(cli)
      send(`students import confirm -o org-1 ${preview.previewId}`)
      const confirmed = Schema.decodeUnknownSync(Students.ImportJson)(await answer(2))
      expect(confirmed.added).toBe(0)
      running.child.stdin.end()
      expect(await running.exited).toBe(0)
      expect(learners(cli)).toBe(imported)
    }, 120_000)

    it("--preview in a batch takes its answer from the script's next line", async () => {
      const { running, send, answer } = batch(cli)
      send(`students import siecle -o org-1 --preview ${file(cli, "quatrieme.xml", 4, 30)}`)
      send("oui")
      send("students imports -o org-1")
      running.child.stdin.end()
      expect(await running.exited).toBe(0)
      expect(await answer(2)).toMatchObject({ confirmed: true, fileReadAgain: false })
      const history = Schema.decodeUnknownSync(Schema.Array(Students.ImportHistoryJson))(await answer(3))
      expect(history.map((entry) => entry.fileName)).toContain("quatrieme.xml")
    }, 120_000)
  })
}
