/**
 * `orga students account|username` and `orga users show` on the SQLite file: the school is set up with the CLI,
 * two students join a campaign through the library on the same file (the CLI has no student side), then the
 * administrator looks at a student's account and gives it a username, which the back office finds. Bad inputs
 * (a username already set, a student with no account, an unknown student, an outsider, `users show` without the
 * back office) give one French sentence, their exit code, and change nothing.
 */
import * as Path from "node:path"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { beforeAll, describe, expect, it } from "vitest"
import * as Campaigns from "../src/commands/campaigns.ts"
import * as Operations from "../src/commands/operations.ts"
import * as StudentAccounts from "../src/commands/studentAccounts.ts"
import * as Students from "../src/commands/students.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { makeCli, setUpSchool, validFile } from "./support.ts"

const cli = makeCli()
const code = (name: ExitCode.Row["name"]) => ExitCode.named(name).exitCode
const students = SiecleTesting.generateSchool({
  seed: 1,
  students: 60,
  uai: "0331234X",
  schoolYear: "2026"
}).expected.students.slice(0, 2)
const learnerIds = { joined: "", withoutAccount: "" }

const events = () => cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events

/** One French sentence on stderr (one line, a full stop, no stack trace). */
const oneSentence = (stderr: string) => {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1)
  expect(stderr).toMatch(/\.\n$/)
  expect(stderr).not.toMatch(/\bat \S+ \(|Error:/)
}

beforeAll(async () => {
  setUpSchool(cli)
  expect(cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", validFile(cli.dir)).status).toBe(0)
  const created = cli.json(
    Campaigns.CreatedJson,
    "--as",
    "claire",
    "campaigns",
    "create",
    "-o",
    "org-1",
    "--name",
    "Collecte 3e",
    "--type",
    "PROFILES_COLLECTION"
  )
  // The students' side, through the library on the CLI's own file (the CLI is not running meanwhile).
  const layer = Layer.provideMerge(
    Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }),
    Layer.merge(Sqlite.layer(Path.join(cli.dir, "data", "orga.db")), Runtime.live)
  )
  await Effect.runPromise(
    Effect.gen(function* () {
      const orga = yield* Orga.all
      const [first] = students
      if (first === undefined) throw new Error("no student generated")
      yield* orga.registerUser({
        userId: "eleve-0",
        firstName: first.firstName,
        lastName: first.lastName,
        email: "eleve0@college.fr"
      })
      yield* orga.joinCampaign(Orga.user("eleve-0"), { code: created.code, ...first })
    }).pipe(Effect.provide(layer))
  )
  const learners = cli.json(Schema.Array(Students.LearnerJson), "--as", "claire", "students", "list", "-o", "org-1")
  learnerIds.joined = learners.find((l) => l.isLinkedToAccount)?.learnerId ?? ""
  learnerIds.withoutAccount = learners.find((l) => !l.isLinkedToAccount)?.learnerId ?? ""
}, 120_000)

describe("a student's account and username", () => {
  it("the administrator sees the account, adds a username (prenom.nom + DDMM), and the back office finds it", () => {
    const student = students[0]
    if (student === undefined) throw new Error("no student generated")
    const before = cli.json(
      StudentAccounts.AccountJson,
      "--as",
      "claire",
      "students",
      "account",
      "-o",
      "org-1",
      learnerIds.joined
    )
    expect(before).toMatchObject({ userId: "eleve-0", email: "eleve0@college.fr", username: null })
    const added = cli.json(
      StudentAccounts.UsernameJson,
      "--as",
      "claire",
      "students",
      "username",
      "-o",
      "org-1",
      learnerIds.joined
    )
    const [, month, day] = student.birthdate.split("-")
    expect(added.userId).toBe("eleve-0")
    expect(added.username).toMatch(new RegExp(`^[a-z-]+\\.[a-z-]+${day}${month}$`))
    const shown = cli.run("--as", "claire", "students", "account", "-o", "org-1", learnerIds.joined)
    expect(shown.status).toBe(0)
    expect(shown.stdout).toMatch(/^Compte +Prénom +Nom +E-mail +Identifiant/)
    expect(shown.stdout).toContain(added.username)
    const found = cli.json(StudentAccounts.AccountJson, "--as", "pix", "users", "show", added.username.toUpperCase())
    expect(found).toMatchObject({ userId: "eleve-0", username: added.username })
    expect(cli.json(StudentAccounts.AccountJson, "--as", "pix", "users", "show", "eleve-0")?.username).toBe(
      added.username
    )
    const none = cli.run("--as", "pix", "users", "show", "personne@nulle-part.fr")
    expect(none.status).toBe(0)
    expect(none.stdout).toBe("Aucun compte pour « personne@nulle-part.fr ».\n")
    // A student without an account: null, and a sentence for people.
    expect(
      cli.json(
        StudentAccounts.AccountJson,
        "--as",
        "claire",
        "students",
        "account",
        "-o",
        "org-1",
        learnerIds.withoutAccount
      )
    ).toBeNull()
  })

  it("bad inputs: one French sentence, the documented code, nothing changed", () => {
    const before = events()
    const again = cli.run("--as", "claire", "students", "username", "-o", "org-1", learnerIds.joined)
    expect(again.status).toBe(code("conflict"))
    oneSentence(again.stderr)
    expect(again.stderr).toMatch(/^Ce compte utilisateur dispose déjà d’un identifiant : /)
    const noAccount = cli.run(
      "--json",
      "--as",
      "claire",
      "students",
      "username",
      "-o",
      "org-1",
      learnerIds.withoutAccount
    )
    expect(noAccount.status).toBe(code("conflict"))
    oneSentence(noAccount.stderr)
    expect(JSON.parse(noAccount.stdout).error).toMatchObject({ code: "LEARNER_WITHOUT_ACCOUNT", kind: "conflict" })
    const unknown = cli.run("--as", "claire", "students", "username", "-o", "org-1", "eleve-inconnu")
    expect(unknown.status).toBe(code("not-found"))
    oneSentence(unknown.stderr)
    const outsider = cli.run("--as", "pix", "students", "username", "-o", "org-1", learnerIds.joined)
    expect(outsider.status).toBe(code("forbidden"))
    oneSentence(outsider.stderr)
    const notBackOffice = cli.run("--as", "claire", "users", "show", "eleve-0")
    expect(notBackOffice.status).toBe(code("forbidden"))
    oneSentence(notBackOffice.stderr)
    const accountOutsider = cli.run("--as", "pix", "students", "account", "-o", "org-1", learnerIds.joined)
    expect(accountOutsider.status).toBe(code("forbidden"))
    expect(events()).toBe(before)
  })
})
