/**
 * The CLI's acceptance, as a separate process, on whichever store the environment names: the back office sets
 * up a school, SIECLE imports (refused with every error, then accepted), campaigns, results, exports, the
 * operations, and bad inputs that give one French sentence, the documented exit code and change nothing.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as BackOfficeCommands from "../src/commands/backOffice.ts"
import * as Campaigns from "../src/commands/campaigns.ts"
import * as Operations from "../src/commands/operations.ts"
import * as Organizations from "../src/commands/organizations.ts"
import * as Reports from "../src/commands/reports.ts"
import * as Students from "../src/commands/students.ts"
import * as Team from "../src/commands/team.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { type Cli, fileWithErrors, makeCli, root, schoolSteps, validFile } from "./support.ts"

const code = (name: ExitCode.Row["name"]) => ExitCode.named(name).exitCode

/** One French sentence on stderr: one line, ending with a full stop, no stack trace. */
const oneSentence = (stderr: string) => {
  const lines = stderr.trimEnd().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/\.$/)
  expect(stderr).not.toMatch(/\bat \S+ \(|Error:/)
}

const events = (cli: Cli) => cli.json(Operations.StatsJson, "--as", "pix", "store", "stats").events

export const scenario = (title: string, env: () => Record<string, string>) =>
  describe(title, () => {
    let cli: Cli
    let campaignId = ""

    it("the back office sets up a school and its first administrator joins", () => {
      cli = makeCli(env())
      expect(cli.json(Organizations.UserJson, ...schoolSteps.pix)).toEqual({ userId: "pix" })
      expect(cli.json(Organizations.UserJson, ...schoolSteps.claire)).toEqual({ userId: "claire" })
      expect(cli.json(Organizations.RegisteredJson, ...schoolSteps.school)).toEqual({ organizationId: "org-1" })
      const invitation = cli.json(Organizations.InvitationSentJson, ...schoolSteps.invite)
      expect(invitation.email).toBe("claire@college.fr")
      expect(
        cli.run("--as", "claire", "team", "accept", "-o", "org-1", invitation.invitationId, invitation.code).status
      ).toBe(0)
      const team = cli.json(Team.TeamJson, "--as", "claire", "team", "list", "-o", "org-1")
      expect(team.members.map((m) => [m.userId, m.role])).toEqual([["claire", "ADMIN"]])
      expect(
        cli.json(Organizations.OrganizationJson, "--as", "claire", "organizations", "show", "org-1").membersCount
      ).toBe(1)
      const human = cli.run("--as", "claire", "organizations", "list")
      expect(human.stdout).toMatch(/^Identifiant +Nom +Type/)
      expect(human.stdout).toContain("Collège Jean Moulin")
    })

    it("a forbidden action: one French sentence, exit code 4, nothing changed", () => {
      const before = events(cli)
      const refused = cli.run(
        "--as",
        "claire",
        "organizations",
        "register",
        "--name",
        "Autre",
        "--type",
        "SCO",
        "--managing-students"
      )
      expect(refused.status).toBe(code("forbidden"))
      oneSentence(refused.stderr)
      expect(refused.stderr).toContain("Pix Admin")
      const operation = cli.run("--as", "claire", "rebuild")
      expect(operation.status).toBe(code("forbidden"))
      oneSentence(operation.stderr)
      expect(events(cli)).toBe(before)
    })

    it("a SIECLE file with errors prints every error and exits with the invalid-input code", () => {
      const before = events(cli)
      const ran = cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", fileWithErrors(cli.dir))
      expect(ran.status).toBe(code("invalid-input"))
      const lines = ran.stderr.trimEnd().split("\n")
      expect(lines[0]).toBe("Le fichier SIECLE est refusé : 3 erreur(s), rien n'a été importé.")
      expect(
        lines
          .slice(1)
          .map((line) => line.match(/\[(\w+)\]/)?.[1])
          .sort()
      ).toEqual(["BIRTHDATE_REQUIRED", "FIRST_NAME_REQUIRED", "LAST_NAME_REQUIRED"])
      const json = cli.run(
        "--json",
        "--as",
        "claire",
        "students",
        "import",
        "siecle",
        "-o",
        "org-1",
        fileWithErrors(cli.dir)
      )
      expect(JSON.parse(json.stdout).error.errors).toHaveLength(3)
      // The refusal is recorded in the history (as in the app), and no student is added.
      expect(cli.json(Schema.Array(Students.LearnerJson), "--as", "claire", "students", "list", "-o", "org-1")).toEqual(
        []
      )
      expect(events(cli)).toBeGreaterThan(before)
    })

    it("bad inputs: a missing file, a file that is not SIECLE, an unknown organization", () => {
      const before = events(cli)
      const missing = cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", "absent.xml")
      expect(missing.status).toBe(code("invalid-input"))
      oneSentence(missing.stderr)
      expect(missing.stderr).toContain("il n'existe pas")
      const text = Path.join(cli.dir, "notes.txt")
      Fs.writeFileSync(text, "ceci n'est pas un fichier SIECLE\n")
      const notSiecle = cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", text)
      expect(notSiecle.status).toBe(code("invalid-input"))
      expect(notSiecle.stderr.split("\n")[0]).toMatch(/^Le fichier SIECLE est refusé/)
      const unknown = cli.run("--as", "claire", "students", "list", "-o", "nulle-part")
      expect(unknown.status).toBe(code("not-found"))
      oneSentence(unknown.stderr)
      const usage = cli.run("--as", "claire", "students", "lister")
      expect(usage.status).toBe(code("usage"))
      oneSentence(usage.stderr)
      expect(usage.stderr).toContain("vouliez-vous dire : list ?")
      // The refused non-SIECLE file is recorded in the history like any refused import; nothing else is written.
      const history = cli.json(
        Schema.Array(Students.ImportHistoryJson),
        "--as",
        "claire",
        "students",
        "imports",
        "-o",
        "org-1"
      )
      expect(history.map((h) => h.status)).toEqual(["VALIDATION_ERROR", "VALIDATION_ERROR", "VALIDATION_ERROR"])
      expect(events(cli)).toBe(before + 1)
    })

    it("a valid import succeeds, shows the students it left out, and lists the students by class", () => {
      // The generated file has students who left, who have no INE yet, or no class: the dry run and the import
      // both list them, counted by reason (issue 15).
      const { report } = SiecleTesting.generateSchool({
        seed: 1,
        students: 60,
        uai: "0331234X",
        schoolYear: "2026"
      }).expected
      const expected = report.skippedStudents
      expect(expected.length).toBeGreaterThan(0)
      const skipped = report.skipped
      const byReason = (reason: string) => expected.filter((student) => student.reason === reason).length
      const sameStudents = (listed: (typeof Students.ImportJson.Type)["skippedStudents"]) => {
        expect(listed).toHaveLength(expected.length)
        expect(listed).toEqual(expect.arrayContaining([...expected]))
      }
      const dryRun = cli.json(
        Students.ImportJson,
        "--as",
        "claire",
        "students",
        "import",
        "siecle",
        "-o",
        "org-1",
        "--dry-run",
        validFile(cli.dir)
      )
      expect(dryRun.skipped).toEqual(skipped)
      sameStudents(dryRun.skippedStudents)
      const outcome = cli.json(
        Students.ImportJson,
        "--as",
        "claire",
        "students",
        "import",
        "siecle",
        "-o",
        "org-1",
        validFile(cli.dir)
      )
      expect(outcome.added).toBeGreaterThan(40)
      expect(outcome.skipped).toEqual(skipped)
      sameStudents(outcome.skippedStudents)
      const left = outcome.skippedStudents.find((student) => student.reason === "LEFT" && student.leftOn !== null)
      expect(left).toBeDefined()
      const learners = cli.json(
        Schema.Array(Students.LearnerJson),
        "--as",
        "claire",
        "students",
        "list",
        "-o",
        "org-1",
        "--class",
        "3A"
      )
      expect(learners.length).toBeGreaterThan(0)
      expect(new Set(learners.map((l) => l.division))).toEqual(new Set(["3A"]))
      const human = cli.run("--as", "claire", "students", "list", "-o", "org-1")
      expect(human.stdout).toContain("Classe 3A")
      const student = learners[0]!
      const identity = ["--first-name", student.firstName, "--last-name", student.lastName]
      const recognised = cli.json(
        Students.RefusalJson,
        "--as",
        "claire",
        "students",
        "why-refused",
        "-o",
        "org-1",
        ...identity,
        "--birthdate",
        student.birthdate
      )
      expect(recognised.verdict).toBeNull()
      const wrongDay = `${student.birthdate.slice(0, 8)}${student.birthdate.endsWith("28") ? "27" : "28"}`
      const refused = cli.json(
        Students.RefusalJson,
        "--as",
        "claire",
        "students",
        "why-refused",
        "-o",
        "org-1",
        ...identity,
        "--birthdate",
        wrongDay
      )
      expect(refused.verdict?.code).toBe("NO_ORGANIZATION_LEARNER_MATCHING_BIRTHDATE")
      expect(refused.candidates[0]?.learnerId).toBe(student.learnerId)
      const again = cli.json(
        Students.ImportJson,
        "--as",
        "claire",
        "students",
        "import",
        "siecle",
        "-o",
        "org-1",
        validFile(cli.dir)
      )
      expect(again).toMatchObject({ added: 0, unchanged: outcome.added, eventsAppended: 0, skipped })
      // For people: the counts as a French sentence, then one row per student with the reason in French.
      const printed = cli.run("--as", "claire", "students", "import", "siecle", "-o", "org-1", validFile(cli.dir))
      expect(printed.status).toBe(0)
      const total = expected.length
      expect(printed.stdout).toContain(
        `${total} élève${total > 1 ? "s" : ""} ignoré${total > 1 ? "s" : ""} (${skipped.left} parti${skipped.left > 1 ? "s" : ""}, ${skipped.notArrived} sans INE, ${skipped.noDivision} sans classe) :`
      )
      expect(printed.stdout).toMatch(/Nom +Prénom +Classe +Raison/)
      const [day, month, year] = [left!.leftOn!.slice(8, 10), left!.leftOn!.slice(5, 7), left!.leftOn!.slice(0, 4)]
      expect(printed.stdout).toMatch(
        new RegExp(`${left!.lastName} +${left!.firstName} .*parti le ${day}/${month}/${year}`)
      )
      for (const [reason, text] of [
        ["NO_INE", "sans INE"],
        ["NO_DIVISION", "sans classe"]
      ] as const)
        if (byReason(reason) > 0) expect(printed.stdout).toMatch(new RegExp(`  ${text}$`, "m"))
      expect(printed.stdout).not.toMatch(/LEFT|NO_INE|NO_DIVISION/)
    })

    it("campaigns, results by class, certificability, audit", () => {
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
      campaignId = created.campaignId
      expect(created.code).toMatch(/^[A-Z0-9]{9}$/)
      const list = cli.json(Schema.Array(Campaigns.CampaignJson), "--as", "claire", "campaigns", "list", "-o", "org-1")
      expect(list.map((c) => c.campaignId)).toEqual([campaignId])
      const results = cli.json(Schema.Array(Reports.DivisionResultJson), "--as", "claire", "results", campaignId)
      expect(results.map((r) => r.division)).toEqual(["3A", "4A", "5A", "6A"])
      const certificability = cli.json(Reports.CertificabilityJson, "--as", "claire", "certificability", "-o", "org-1")
      expect(certificability.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      const audit = cli.json(Reports.AuditJson, "--as", "claire", "audit", "-o", "org-1", "--limit", "3")
      expect(audit.entries).toHaveLength(3)
      expect(audit.next).toBe(audit.entries[2]!.position)
      // The next page: older entries, none of the first page's.
      const older = cli.json(
        Reports.AuditJson,
        "--as",
        "claire",
        "audit",
        "-o",
        "org-1",
        "--limit",
        "3",
        "--before",
        audit.next!
      )
      expect(older.entries.length).toBeGreaterThan(0)
      expect(BigInt(older.entries[0]!.position)).toBeLessThan(BigInt(audit.entries[2]!.position))
      const human = cli.run("--as", "claire", "audit", "-o", "org-1", "--limit", "3")
      expect(human.stdout).toContain(`--before ${audit.next}`)
      expect(cli.run("--as", "claire", "audit", "-o", "org-1", "--before", "abc").status).toBe(code("invalid-input"))
      expect(cli.run("--as", "claire", "audit", "-o", "org-1", "--limit", "0").status).toBe(code("invalid-input"))
      expect(cli.run("--as", "claire", "campaigns", "archive", campaignId).status).toBe(0)
      expect(cli.run("--as", "claire", "campaigns", "archive", campaignId).status).toBe(code("conflict"))
      expect(cli.run("--as", "claire", "campaigns", "unarchive", campaignId).status).toBe(0)
    })

    it("exports: a file, stdout and one file per class, in Pix's CSV format", () => {
      const file = Path.join(cli.dir, "resultats.csv")
      const written = cli.json(Reports.ExportJson, "--as", "claire", "export", "campaign", campaignId, "--output", file)
      expect(written.files).toHaveLength(1)
      const csv = Fs.readFileSync(file, "utf8")
      expect(cli.run("--as", "claire", "export", "campaign", campaignId).stdout).toBe(csv)
      // Pix's columns, as in the library's golden file for a profiles collection.
      const golden = Fs.readFileSync(Path.join(root, "packages/orga/test/golden/profiles-collection.csv"), "utf8")
      // The golden campaign asks for an external id ("N° élève"); this one does not, so that column is absent.
      expect(csv.split("\r\n")[0]).toBe(golden.split("\r\n")[0]?.replace(";N° élève;", ";"))
      const folder = Path.join(cli.dir, "classes")
      const perClass = cli.json(
        Reports.ExportJson,
        "--as",
        "claire",
        "export",
        "classes",
        campaignId,
        "--folder",
        folder
      )
      expect(perClass.files.map((f) => f.division)).toEqual(["3A", "4A", "5A", "6A"])
      for (const entry of perClass.files) {
        const content = Fs.readFileSync(entry.path, "utf8")
        expect(content.split("\r\n")[0]).toBe(csv.split("\r\n")[0])
        const one = cli.run("--as", "claire", "export", "campaign", campaignId, "--class", entry.division ?? "")
        expect(one.stdout).toBe(content)
      }
    })

    it("the student list's filters and pages; a bad page is one French sentence and exit code 5", () => {
      const all = cli.json(Schema.Array(Students.LearnerJson), "--as", "claire", "students", "list", "-o", "org-1")
      // Nobody has an account yet: no connection method, nobody certifiable.
      expect(all.every((learner) => learner.connectionMethods.length === 0)).toBe(true)
      const list = (...flags: ReadonlyArray<string>) =>
        cli.json(Schema.Array(Students.LearnerJson), "--as", "claire", "students", "list", "-o", "org-1", ...flags)
      expect(list("--connection", "none")).toEqual(all)
      expect(list("--connection", "email", "--connection", "mediacentre")).toEqual([])
      expect(list("--certificability", "eligible")).toEqual([])
      expect(list("--certificability", "not-available", "--class", "3A")).toEqual(
        all.filter((learner) => learner.division === "3A")
      )
      const sorted = [...all].sort(
        (a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr")
      )
      const page = cli.json(
        Students.LearnersPageJson,
        "--as",
        "claire",
        "students",
        "list",
        "-o",
        "org-1",
        "--page",
        "2",
        "--page-size",
        "10"
      )
      expect(page.pagination).toEqual({
        page: 2,
        pageSize: 10,
        rowCount: all.length,
        pageCount: Math.ceil(all.length / 10)
      })
      expect(page.learners.map((learner) => learner.learnerId)).toEqual(
        sorted.slice(10, 20).map((learner) => learner.learnerId)
      )
      const human = cli.run("--as", "claire", "students", "list", "-o", "org-1", "--page", "2", "--page-size", "10")
      expect(human.stdout).toContain(`Page 2 sur ${Math.ceil(all.length / 10)} (${all.length} élèves)`)
      expect(human.stdout).toMatch(/Connexion/)
      expect(human.stdout).toContain("Aucune")
      const before = events(cli)
      const zero = cli.run("--as", "claire", "students", "list", "-o", "org-1", "--page", "0")
      expect(zero.status).toBe(code("invalid-input"))
      oneSentence(zero.stderr)
      expect(zero.stderr).toMatch(/numéro de page/)
      const tooMany = cli.run("--as", "claire", "students", "list", "-o", "org-1", "--page-size", "500")
      expect(tooMany.status).toBe(code("invalid-input"))
      expect(tooMany.stderr).toMatch(/lignes par page/)
      expect(cli.run("--as", "claire", "students", "list", "-o", "org-1", "--page", "deux").status).toBe(code("usage"))
      expect(cli.run("--as", "claire", "students", "list", "-o", "org-1", "--certificability", "oui").status).toBe(
        code("usage")
      )
      expect(events(cli)).toBe(before)
    })

    it("the campaign list's filters with the owner's name; campaigns deleted in a batch disappear", () => {
      const created = ["À supprimer 1", "À supprimer 2"].map(
        (name) =>
          cli.json(
            Campaigns.CreatedJson,
            "--as",
            "claire",
            "campaigns",
            "create",
            "-o",
            "org-1",
            "--name",
            name,
            "--type",
            "PROFILES_COLLECTION"
          ).campaignId
      )
      expect(cli.run("--as", "claire", "campaigns", "archive", created[1]!).status).toBe(0)
      const list = (...flags: ReadonlyArray<string>) =>
        cli
          .json(Schema.Array(Campaigns.CampaignJson), "--as", "claire", "campaigns", "list", "-o", "org-1", ...flags)
          .map((campaign) => campaign.campaignId)
      expect(list("--status", "archived")).toEqual([created[1]])
      expect(list("--mine", "--name", "supprimer")).toEqual(created)
      expect(list("--owner-name", "martin", "--status", "active")).toEqual([campaignId, created[0]])
      expect(list("--owner", "paul")).toEqual([])
      const human = cli.run("--as", "claire", "campaigns", "list", "-o", "org-1")
      expect(human.stdout).toMatch(/Propriétaire/)
      expect(human.stdout).toContain("Claire Martin")
      const deleted = cli.json(
        Campaigns.DeletedJson,
        "--as",
        "claire",
        "campaigns",
        "delete",
        "-o",
        "org-1",
        created[0]!,
        created[1]!
      )
      expect(deleted).toEqual({ campaignIds: created, participationsDeleted: 0 })
      expect(list()).toEqual([campaignId])
      const before = events(cli)
      const again = cli.run("--as", "claire", "campaigns", "delete", "-o", "org-1", created[0]!)
      expect(again.status).toBe(code("conflict"))
      oneSentence(again.stderr)
      expect(again.stderr).toContain("déjà supprimée")
      expect(cli.run("--as", "claire", "campaigns", "delete", "-o", "org-1").status).toBe(code("usage"))
      const unknown = cli.run("--as", "claire", "campaigns", "delete-participation", campaignId, "inconnue")
      expect(unknown.status).toBe(code("not-found"))
      oneSentence(unknown.stderr)
      expect(events(cli)).toBe(before)
    })

    it("operations: store stats, rebuild and verify agree with the live read models", () => {
      const stats = cli.json(Operations.StatsJson, "--as", "pix", "store", "stats")
      expect(stats.events).toBeGreaterThan(50)
      expect(BigInt(stats.lastPosition)).toBeGreaterThanOrEqual(BigInt(stats.events))
      const rebuild = cli.json(Operations.RebuildJson, "--as", "pix", "rebuild")
      expect(rebuild.events).toBe(stats.events)
      const verify = cli.json(Operations.VerifyJson, "--as", "claire", "verify")
      expect(verify.differences).toEqual([])
      expect(verify.organizations).toBe(1)
      expect(verify.answersCompared).toBeGreaterThan(10)
      // The first rebuild starts as the app does, from the newest snapshot if a command wrote one (ADR 0056).
      expect(verify.scratch.snapshotPosition).toBeNull()
      if (verify.live.snapshotPosition == null) expect(verify.live.events).toBe(verify.scratch.events)
      else expect(verify.live.events).toBeLessThan(verify.scratch.events)
    })

    it("the back office: shipped target profiles attached to the school, multiple sendings turned on; refusals in French", () => {
      const created = cli.json(
        BackOfficeCommands.CreatedProfilesJson,
        "--as",
        "pix",
        "organizations",
        "target-profiles",
        "create"
      )
      expect(created.map((p) => p.targetProfileId)).toEqual(["tp-college-3e", "tp-lycee-2nde"])
      const before = events(cli)
      const forbidden = cli.run(
        "--as",
        "claire",
        "organizations",
        "target-profiles",
        "attach",
        "org-1",
        "tp-college-3e"
      )
      expect(forbidden.status).toBe(code("forbidden"))
      oneSentence(forbidden.stderr)
      const notAttached = cli.run("--as", "pix", "organizations", "target-profiles", "detach", "org-1", "tp-lycee-2nde")
      expect(notAttached.status).toBe(code("not-found"))
      oneSentence(notAttached.stderr)
      expect(notAttached.stderr).toContain("n’est pas rattaché")
      expect(events(cli)).toBe(before)
      expect(
        cli.run("--as", "pix", "organizations", "target-profiles", "attach", "org-1", "tp-college-3e").status
      ).toBe(0)
      const profiles = cli.json(
        BackOfficeCommands.TargetProfilesJson,
        "--as",
        "claire",
        "organizations",
        "target-profiles",
        "list",
        "org-1"
      )
      expect(profiles.map((p) => [p.targetProfileId, p.stages.length, p.badges.length])).toEqual([
        ["tp-socle", 0, 0],
        ["tp-college-3e", 5, 3]
      ])
      expect(cli.run("--as", "claire", "organizations", "target-profiles", "list", "org-1").stdout).toMatch(
        /^Profil cible +Nom +Acquis +Paliers +Résultats thématiques/
      )
      const refused = cli.run(
        ...["--as", "claire", "campaigns", "create", "-o", "org-1", "--name", "Évaluation 3e"],
        ...["--type", "ASSESSMENT", "--target-profile", "tp-college-3e", "--multiple-sendings"]
      )
      expect(refused.status).toBe(code("forbidden"))
      expect(refused.stderr).toContain("envoi multiple")
      expect(cli.json(BackOfficeCommands.FeaturesJson, "--as", "claire", "organizations", "features", "org-1")).toEqual(
        []
      )
      expect(
        cli.json(
          BackOfficeCommands.FeaturesJson,
          ...["--as", "pix", "organizations", "features", "org-1", "--enable", "MULTIPLE_SENDING_ASSESSMENT"]
        )
      ).toEqual(["MULTIPLE_SENDING_ASSESSMENT"])
      expect(cli.run("--as", "claire", "organizations", "features", "org-1").stdout).toBe(
        "Fonctionnalités activées : Envoi multiple des campagnes d'évaluation.\n"
      )
      const campaign = cli.json(
        Campaigns.CreatedJson,
        ...["--as", "claire", "campaigns", "create", "-o", "org-1", "--name", "Évaluation 3e"],
        ...["--type", "ASSESSMENT", "--target-profile", "tp-college-3e", "--multiple-sendings"]
      )
      expect(campaign.code).toMatch(/^[A-Z0-9]{9}$/)
    })
  })
