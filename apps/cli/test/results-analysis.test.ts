/**
 * `orga results analysis|participants|participant|activity` on the SQLite file: the school is set up with the
 * CLI, three students take an assessment through the library on the same file (the CLI has no student side),
 * then the teacher reads the analysis, the pages, one student and the activity, in French tables and in `--json`;
 * a bad page is refused with the invalid-input exit code.
 */
import * as Path from "node:path"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Sqlite from "@orga/orga/sqlite"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { beforeAll, describe, expect, it } from "vitest"
import * as Analysis from "../src/commands/analysis.ts"
import * as Campaigns from "../src/commands/campaigns.ts"
import * as ExitCode from "../src/ExitCode.ts"
import { makeCli, setUpSchool, validFile } from "./support.ts"

const cli = makeCli()
let campaignId = ""
const participations: Array<string> = []
const students = SiecleTesting.generateSchool({
  seed: 1,
  students: 60,
  uai: "0331234X",
  schoolYear: "2026"
}).expected.students.slice(0, 3)
const skills = TargetProfiles.sample.skills.map((skill) => skill.id)

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
    "Évaluation 3e",
    "--type",
    "ASSESSMENT",
    "--target-profile",
    TargetProfiles.sample.id
  )
  campaignId = created.campaignId
  // The students' side, through the library on the CLI's own file (the CLI is not running meanwhile).
  const layer = Layer.provideMerge(
    Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }),
    Layer.merge(Sqlite.layer(Path.join(cli.dir, "data", "orga.db")), Runtime.live)
  )
  await Effect.runPromise(
    Effect.gen(function* () {
      const orga = yield* Orga.all
      for (const [index, student] of students.entries()) {
        const actor = Orga.user(`eleve-${index}`)
        yield* orga.registerUser({
          userId: `eleve-${index}`,
          firstName: student.firstName,
          lastName: student.lastName,
          email: `eleve${index}@college.fr`
        })
        const joined = yield* orga.joinCampaign(actor, { code: created.code, ...student })
        participations.push(joined.participationId)
        const validated = index === 0 ? skills.slice(0, 3) : index === 1 ? skills.slice(0, 1) : []
        yield* orga.recordAssessmentOutcome(actor, {
          participationId: joined.participationId,
          validatedSkillIds: validated,
          testedSkillIds: skills
        })
        if (index < 2) yield* orga.shareResults(actor, { participationId: joined.participationId })
      }
    }).pipe(Effect.provide(layer))
  )
}, 120_000)

describe("orga results: analysis, pages, one student, activity", () => {
  it("results analysis: a French table by competence and by area, and --json", () => {
    const json = cli.json(Analysis.AnalysisJson, "--as", "claire", "results", "analysis", campaignId)
    expect(json).toMatchObject({ participantsCount: 3, sharedCount: 2 })
    expect(json.competences[0]).toMatchObject({ id: "1.1", averageValidatedSkills: 2, targetSkillsCount: 3 })
    const human = cli.run("--as", "claire", "results", "analysis", campaignId)
    expect(human.status).toBe(0)
    expect(human.stdout).toContain("Campagne : 3 participants, 2 résultats reçus ; maîtrise globale")
    expect(human.stdout).toMatch(/Compétence +Intitulé +Acquis en moyenne +Acquis visés +Maîtrise/)
    expect(human.stdout).toMatch(/1\.1 +Mener une recherche et une veille d'information +2 +3 +67\s%/)
    expect(human.stdout).toMatch(/Domaine +Intitulé/)
    const division = students[0]!.division
    const ofClass = cli.json(Analysis.AnalysisJson, "--as", "claire", "results", "analysis", campaignId, "-c", division)
    expect(ofClass.division).toBe(division)
  })

  it("results participants: pages sorted by class then name, filters, and a bad page refused", () => {
    const all = cli.json(Analysis.ResultsPageJson, "--as", "claire", "results", "participants", campaignId)
    expect(all.total).toBe(3)
    const first = cli.json(
      Analysis.ResultsPageJson,
      "--as",
      "claire",
      "results",
      "participants",
      campaignId,
      "--size",
      "2"
    )
    const second = cli.json(
      Analysis.ResultsPageJson,
      "--as",
      "claire",
      "results",
      "participants",
      campaignId,
      "--size",
      "2",
      "--page",
      "2"
    )
    expect([...first.participants, ...second.participants]).toEqual(all.participants)
    const shared = cli.json(
      Analysis.ResultsPageJson,
      "--as",
      "claire",
      "results",
      "participants",
      campaignId,
      "--status",
      "SHARED"
    )
    expect(shared.participants.map((p) => p.statusLabel)).toEqual(["Résultats reçus", "Résultats reçus"])
    const human = cli.run("--as", "claire", "results", "participants", campaignId, "--size", "2")
    expect(human.stdout).toMatch(/Classe +Nom +Prénom +Statut +Résultat/)
    expect(human.stdout).toContain("Page 1 sur 2 — 3 participants.")
    for (const bad of [
      ["--page", "0"],
      ["--size", "500"],
      ["--status", "DONE"]
    ]) {
      const refused = cli.run("--as", "claire", "results", "participants", campaignId, ...bad)
      expect(refused.status, bad.join(" ")).toBe(ExitCode.named("invalid-input").exitCode)
      expect(refused.stderr).toMatch(/page|statut/)
    }
  })

  it("results participant and results activity", () => {
    const detail = cli.json(
      Analysis.ParticipantJson,
      "--as",
      "claire",
      "results",
      "participant",
      campaignId,
      participations[0]!
    )
    expect(detail.competences[0]).toMatchObject({ id: "1.1", validatedSkillsCount: 3 })
    const waiting = cli.run("--as", "claire", "results", "participant", campaignId, participations[2]!)
    expect(waiting.stdout).toContain("En attente d'envoi")
    expect(waiting.stdout).toContain("Résultats non envoyés")
    const activity = cli.json(Analysis.ActivityJson, "--as", "claire", "results", "activity", campaignId)
    expect(activity).toMatchObject({ started: 0, completed: 1, shared: 2 })
    const human = cli.run("--as", "claire", "results", "activity", campaignId)
    expect(human.stdout).toContain("En cours : 0 ; En attente d'envoi : 1 ; Résultats reçus : 2.")
    expect(human.stdout).toMatch(/\d\d\/\d\d\/\d{4} +3 +2 +3 +2/)
    // The by-class results are still `orga results C`.
    expect(cli.run("--as", "claire", "results", campaignId).status).toBe(0)
  })
})
