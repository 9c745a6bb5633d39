/**
 * Runs `orga` as a separate process (the workspace's Node 24 on `src/main.ts`), in a folder of its own, and
 * makes the SIECLE files the tests import.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Schema from "effect/Schema"

export const root = Path.resolve(import.meta.dirname, "../../..")
export const node = Path.join(root, "node_modules/.bin/node")
export const main = Path.join(root, "apps/cli/src/main.ts")

export interface Ran {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

export interface Cli {
  readonly dir: string
  readonly env: NodeJS.ProcessEnv
  readonly run: (...args: ReadonlyArray<string>) => Ran
  /** Runs with `--json` and decodes stdout with the command's schema (fails the test on a mismatch). */
  readonly json: <S extends Schema.Top>(schema: S, ...args: ReadonlyArray<string>) => S["Type"]
}

export const makeCli = (env: Readonly<Record<string, string>> = {}): Cli => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-cli-"))
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ORGA_PIX_ADMINS: "pix", ...env }
  delete fullEnv.NO_COLOR
  if (env.DATABASE_URL === undefined) delete fullEnv.DATABASE_URL
  const run = (...args: ReadonlyArray<string>): Ran => {
    const result = spawnSync(node, [main, ...args], { cwd: dir, env: fullEnv, encoding: "utf8", timeout: 120_000 })
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
  }
  const json = <S extends Schema.Top>(schema: S, ...args: ReadonlyArray<string>): S["Type"] => {
    const ran = run("--json", ...args)
    if (ran.status !== 0) throw new Error(`orga ${args.join(" ")} → ${ran.status}\n${ran.stderr}`)
    return Schema.decodeUnknownSync(schema as never)(JSON.parse(ran.stdout)) as S["Type"]
  }
  return { dir, env: fullEnv, run, json }
}

/** A valid SIECLE file of the school `0331234X`. */
export const validFile = (dir: string, students = 60): string => {
  const path = Path.join(dir, "eleves.xml")
  Fs.writeFileSync(path, SiecleTesting.generateFile({ seed: 1, students, uai: "0331234X", schoolYear: "2026" }).bytes)
  return path
}

/** A SIECLE file with three bad students (no first name, no last name, an impossible birthdate). */
export const fileWithErrors = (dir: string): string => {
  const { eleve, validStudent, inDivision } = SiecleTesting
  const document: SiecleTesting.SiecleDocument = {
    uai: "0331234X",
    schoolYear: "2026",
    eleves: [
      eleve("1", validStudent("1234567890A", { PRENOM: null })),
      eleve("2", validStudent("1234567890B", { NOM_DE_FAMILLE: null })),
      eleve("3", validStudent("1234567890C", { DATE_NAISS: null }))
    ],
    structures: [inDivision("1", "3A"), inDivision("2", "3A"), inDivision("3", "3A")]
  }
  const path = Path.join(dir, "erreurs.xml")
  Fs.writeFileSync(path, SiecleTesting.encode(SiecleTesting.render(document), "ISO-8859-15"))
  return path
}

/** The arguments that set up the test school: the Pix admin, the first administrator, and `org-1`. */
export const schoolSteps = {
  pix: ["users", "register", "--id", "pix", "--first-name", "Pix", "--last-name", "Admin", "--email", "admin@pix.fr"],
  claire: [
    "users",
    "register",
    "--id",
    "claire",
    "--first-name",
    "Claire",
    "--last-name",
    "Martin",
    "--email",
    "claire@college.fr"
  ],
  school: [
    "--as",
    "pix",
    "organizations",
    "register",
    "--name",
    "Collège Jean Moulin",
    "--type",
    "SCO",
    "--uai",
    "0331234X",
    "--managing-students",
    "--id",
    "org-1"
  ],
  invite: ["--as", "pix", "organizations", "invite-admin", "org-1", "--email", "claire@college.fr"]
} as const

/** The back office registers `org-1` and its first administrator `claire` joins (every step must succeed). */
export const setUpSchool = (cli: Cli): void => {
  const steps: ReadonlyArray<ReadonlyArray<string>> = [schoolSteps.pix, schoolSteps.claire, schoolSteps.school]
  for (const step of steps) {
    const ran = cli.run(...step)
    if (ran.status !== 0) throw new Error(`orga ${step.join(" ")} → ${ran.status}\n${ran.stderr}`)
  }
  const invited = cli.run("--json", ...schoolSteps.invite)
  const { invitationId, code } = JSON.parse(invited.stdout) as { invitationId: string; code: string }
  const accepted = cli.run("--as", "claire", "team", "accept", "-o", "org-1", invitationId, code)
  if (accepted.status !== 0) throw new Error(accepted.stderr)
}
