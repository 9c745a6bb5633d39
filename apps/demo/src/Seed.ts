/**
 * The demo school, seeded through the library's services: what `pnpm demo` prints and what `pnpm start` (the
 * HTTP app) writes on its first start. A collège that manages its students: the school, a generated SIECLE
 * import of a few hundred students, a team, an assessment and a profiles collection per level, students joining
 * (some with accents dropped or a one-letter typo, some refused with the reason shown), outcomes and shares.
 * Running it again changes nothing that exists: ids are fixed and every step checks the state first or meets the
 * domain's own refusal. It speaks only French to people, through the domain's `French` module: dates as
 * `10/12/2026`, school years as `2026-2027`, counts with their plurals, Pix's labels for statuses and roles, names
 * instead of ids.
 *
 * @since 0.1.0
 */
import { createWriteStream } from "node:fs"
import { join } from "node:path"
import { French, TargetProfileCatalogue, TargetProfileDefinition } from "@orga/domain"
import {
  Accounts,
  BackOffice,
  Campaigns,
  Orga,
  Participations,
  Reports,
  Rosters,
  TargetProfiles,
  Team
} from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"

/**
 * How the seed talks: where its lines go, where the CSV exports are written (none when undefined), and the
 * store's name for its first line.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly log: (line: string) => void
  readonly exportsDir?: string | undefined
  readonly where: string
}

/** The demo school's organization id. @category getters @since 0.1.0 */
export const organizationId = "college-demo-0331234X"
const uai = "0331234X"
/** The demo Pix admin's user id. @category getters @since 0.1.0 */
export const pixAdmin = "demo-pix-admin"
/** The demo school's first admin (Claire Martin). @category getters @since 0.1.0 */
export const principal = "demo-principal"
/** The demo teachers. @category getters @since 0.1.0 */
export const teachers = ["demo-teacher-1", "demo-teacher-2"]
const user = Orga.user

/** The generated school (its SIECLE file and expected students). @category getters @since 0.1.0 */
export const school = SiecleTesting.generateSchool({ seed: 2026, students: 320, uai, schoolYear: "2026" })
const siecleBytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")

const strip = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "")
const typo = (text: string) =>
  text.length > 4 ? text.slice(0, 3) + (text[3] === "e" ? "a" : "e") + text.slice(4) : text
const percent = (value: number | null) => (value === null ? "—" : French.percent(value))

/** Names instead of ids: the staff of the demo, and each student by his INE. */
const people = new Map<string, string>([
  [pixAdmin, "Pix Admin"],
  [principal, "Claire Martin"],
  [teachers[0]!, "Paul Durand"],
  [teachers[1]!, "Nadia Benali"],
  ["demo-intruder", "Max Intrus"],
  ...school.expected.students.map((student): [string, string] => [
    `demo-student-${student.nationalStudentId}`,
    `${student.firstName} ${student.lastName}`
  ])
])
const nameOf = (userId: string | null) => (userId === null ? "le système" : (people.get(userId) ?? "un utilisateur"))

/** What each use case is called for people in the journal. */
const actions: Record<string, string> = {
  registerUser: "création d'un compte",
  acceptPixOrgaTerms: "acceptation des conditions d'utilisation",
  registerOrganization: "création de l'établissement",
  inviteFirstAdmin: "invitation du premier administrateur",
  inviteMembers: "invitation de membres",
  acceptInvitation: "acceptation d'une invitation",
  importSiecleFile: "import de la base élèves",
  createCampaign: "création d'une campagne",
  updateCampaign: "modification d'une campagne",
  joinCampaign: "participation à une campagne",
  recordAssessmentOutcome: "résultat d'une évaluation",
  shareResults: "envoi des résultats",
  shareProfile: "envoi du profil",
  setCollectionDeadline: "date limite de collecte",
  setOrganizationFeature: "fonctionnalité de l'établissement",
  createTargetProfile: "création d'un parcours",
  attachTargetProfile: "parcours rattaché à l'établissement",
  detachTargetProfile: "parcours détaché de l'établissement"
}

// The assessments of the demo use the collège 3e profile Orga ships, with its stages and badges.
const demoProfile = TargetProfileCatalogue.college3e
const demoSkills = TargetProfileDefinition.skillsOf(demoProfile.tubes).map((skill) => skill.id)

/** Why a student of the file is not imported, as the référent reads it. */
const skipReason = (student: { reason: string; leftOn: string | null }) =>
  student.reason === "LEFT"
    ? `parti${student.leftOn === null || student.leftOn === "" ? "" : ` le ${French.calendarDate(student.leftOn)}`}`
    : student.reason === "NO_INE"
      ? "sans INE (pas encore arrivé)"
      : "sans classe (ou seulement « Inactifs »)"

/**
 * Seeds (or checks) the demo school; answers its organization id and the students who were given accounts.
 *
 * @category constructors
 * @since 0.1.0
 */
export const seed = (options: Options) =>
  Effect.gen(function* () {
    const log = options.log
    const exportsDir = options.exportsDir
    let skipped = 0
    const once = <A>(label: string, step: Effect.Effect<A, Orga.OrgaError>, quiet = false) =>
      step.pipe(
        Effect.map((value) => value as A | undefined),
        Effect.catchIf(
          (error): error is Orga.OrgaError =>
            error._tag === "Conflict" &&
            /ALREADY|EXIST|UNIQUE/.test(error.code) &&
            !/ACCOUNT_WITH_|R\d\d/.test(error.code),
          () =>
            Effect.sync(() => {
              skipped++
              if (!quiet) log(`  · ${label} : déjà fait`)
              return undefined
            })
        )
      )
    // The demo takes every area's service; an app takes the ones it uses.
    const backOffice = yield* BackOffice.BackOffice
    const accounts = yield* Accounts.Accounts
    const team = yield* Team.Team
    const rosters = yield* Rosters.Rosters
    const campaigns = yield* Campaigns.Campaigns
    const participations = yield* Participations.Participations
    const reports = yield* Reports.Reports
    log(
      `Démo Orga — ${options.where} (données relues en ${French.count(Math.round(backOffice.rebuild.millis), "milliseconde")})`
    )

    log("\n1. Accès : l'établissement et son administrateur")
    for (const [userId, firstName, lastName, email] of [
      [pixAdmin, "Pix", "Admin", "admin@pix.example"],
      [principal, "Claire", "Martin", "ce.0331234x@ac-bordeaux.example"],
      [teachers[0]!, "Paul", "Durand", "paul.durand@ac-bordeaux.example"],
      [teachers[1]!, "Nadia", "Benali", "nadia.benali@ac-bordeaux.example"]
    ] as const)
      yield* once(`compte ${email}`, accounts.registerUser({ userId, firstName, lastName, email }))
    yield* once(
      "établissement",
      backOffice.registerOrganization(user(pixAdmin), {
        organizationId,
        name: "Collège Jean Moulin",
        type: "SCO",
        uai,
        isManagingStudents: true,
        contactEmail: "ce.0331234x@ac-bordeaux.example"
      })
    )
    const staff = yield* team.members(user(principal), organizationId).pipe(Effect.orElseSucceed(() => []))
    if (staff.length === 0) {
      const invitation = yield* backOffice.inviteFirstAdmin(user(pixAdmin), {
        organizationId,
        email: "ce.0331234x@ac-bordeaux.example"
      })
      yield* team.acceptInvitation(user(principal), { organizationId, ...invitation })
      yield* accounts.acceptPixOrgaTerms(user(principal))
    }
    log(`  Espaces de Claire Martin : ${(yield* accounts.logIntoOrga(user(principal))).map((o) => o.name).join(", ")}`)
    // Pix Admin ships the catalogue's profiles, offers the 3e one to the school and allows multiple sendings.
    for (const definition of TargetProfiles.catalogue)
      yield* once(`parcours ${definition.name}`, backOffice.createTargetProfile(user(pixAdmin), { definition }), true)
    yield* backOffice.attachTargetProfile(user(pixAdmin), { organizationId, targetProfileId: demoProfile.id })
    yield* backOffice.setOrganizationFeature(user(pixAdmin), {
      organizationId,
      feature: "MULTIPLE_SENDING_ASSESSMENT",
      enabled: true
    })
    for (const offered of yield* backOffice.availableTargetProfiles(user(principal), organizationId))
      log(
        `  Parcours proposé : ${offered.name} (${French.count(offered.stages.length, "palier")}, ${French.count(offered.badges.length, "résultat thématique", "résultats thématiques")})`
      )

    log("\n2. Import SIECLE")
    const preview = yield* rosters.previewSiecleImport(user(principal), {
      organizationId,
      fileName: "ElevesSansAdresses.xml",
      bytes: siecleBytes
    })
    const skippedTotal = preview.skipped.left + preview.skipped.notArrived + preview.skipped.noDivision
    log(
      `  Aperçu : ${French.count(preview.studentsInFile + skippedTotal, "élève")} dans le fichier, ${French.count(preview.studentsInFile, "élève importable", "élèves importables")} (${preview.added.length} à ajouter, ${preview.updated.length} à mettre à jour, ${preview.disabled.length} à désactiver, ${French.count(preview.unchanged, "inchangé", "inchangés")})`
    )
    log(
      `  ${French.count(skippedTotal, "élève ignoré", "élèves ignorés")} : ${French.count(preview.skipped.left, "parti", "partis")}, ${preview.skipped.notArrived} sans INE, ${preview.skipped.noDivision} sans classe`
    )
    for (const student of preview.skippedStudents.slice(0, 4))
      log(
        `    - ${student.lastName} ${student.firstName}${student.division === null ? "" : ` (${student.division})`} : ${skipReason(student)}`
      )
    if (preview.skippedStudents.length > 4)
      log(`    … et ${French.count(preview.skippedStudents.length - 4, "autre", "autres")}`)
    const imported = yield* rosters.importSiecleFile(user(principal), {
      organizationId,
      fileName: "ElevesSansAdresses.xml",
      bytes: siecleBytes
    })
    log(
      `  Import : ${French.importStatus(imported.status)}, année scolaire ${French.schoolYear(imported.schoolYear)}, ${French.count(imported.added, "élève ajouté", "élèves ajoutés")}, ${French.count(imported.updated, "mis à jour", "mis à jour")}, ${French.count(imported.disabled, "désactivé", "désactivés")}`
    )
    const history = yield* rosters.importHistory(user(principal), organizationId)
    log(`  Historique des imports (${French.count(history.length, "import")}, les 3 derniers) :`)
    for (const entry of history.slice(-3))
      log(
        `    ${French.dateTime(entry.occurredAt)} ${entry.fileName}, ${entry.schoolYear === null ? "année inconnue" : French.schoolYear(entry.schoolYear)}, par ${entry.importedByName ?? nameOf(entry.importedBy)} : ${French.importStatus(entry.status)}, ${French.count(entry.counts.imported, "élève importé", "élèves importés")}, ${French.count(entry.skipped.left + entry.skipped.notArrived + entry.skipped.noDivision, "élève ignoré", "élèves ignorés")}`
      )
    const divisions = yield* rosters.divisions(user(principal), organizationId)
    log(`  Classes : ${divisions.join(", ")}`)

    log("\n3. Équipe")
    const members = yield* team.members(user(principal), organizationId)
    const missing = teachers.filter((id) => !members.some((member) => member.userId === id))
    if (missing.length > 0) {
      const sent = yield* team.inviteMembers(user(principal), {
        organizationId,
        emails: ["paul.durand@ac-bordeaux.example", "nadia.benali@ac-bordeaux.example"],
        role: "MEMBER"
      })
      for (const [index, invitation] of sent.entries())
        yield* team.acceptInvitation(user(teachers[index]!), { organizationId, ...invitation })
    }
    for (const member of yield* team.members(user(principal), organizationId))
      log(`  ${French.role(member.role).padEnd(14)} ${member.firstName} ${member.lastName}`)

    log("\n4. Campagnes par niveau")
    const levels = [...new Set(divisions.map((division) => division.slice(0, 1)))].sort()
    const existing = yield* campaigns.campaigns(user(principal), organizationId)
    const campaignsOf: Array<{ level: string; assessment: string; collection: string }> = []
    for (const [index, level] of levels.entries()) {
      const owner = user(teachers[index % teachers.length]!)
      const ensure = (campaignId: string, name: string, type: "ASSESSMENT" | "PROFILES_COLLECTION") =>
        Effect.gen(function* () {
          const found = existing.find((campaign) => campaign.campaignId === campaignId)
          if (found !== undefined) return found.code
          const created = yield* campaigns.createCampaign(owner, {
            organizationId,
            campaignId,
            name,
            type,
            ...(type === "ASSESSMENT" ? { targetProfileId: demoProfile.id } : {}),
            multipleSendings: true
          })
          return created.code
        })
      const assessment = yield* ensure(`demo-eval-${level}e`, `Évaluation ${level}e`, "ASSESSMENT")
      const collection = yield* ensure(
        `demo-collecte-${level}e`,
        `Collecte de profils ${level}e`,
        "PROFILES_COLLECTION"
      )
      campaignsOf.push({ level, assessment, collection })
      log(`  ${level}e : évaluation ${assessment}, collecte ${collection}`)
    }

    log("\n5. Les élèves rejoignent les campagnes")
    const learners = yield* rosters.learners(user(principal), organizationId)
    const students = school.expected.students.filter((record) =>
      learners.some((l) => l.nationalStudentId === record.nationalStudentId)
    )
    let joined = 0
    let refused = 0
    for (const [index, student] of students.entries()) {
      if (index % 3 === 2) continue // a third of the school has not connected yet
      const userId = `demo-student-${student.nationalStudentId}`
      yield* once(
        "compte élève",
        accounts.registerUser({
          userId,
          firstName: student.firstName,
          lastName: student.lastName,
          username: `eleve.${student.nationalStudentId.toLowerCase()}`
        }),
        true
      )
      const campaigns = campaignsOf.find((c) => student.division.startsWith(c.level))!
      const firstName =
        index % 7 === 0 ? strip(student.firstName) : index % 11 === 0 ? typo(student.firstName) : student.firstName
      for (const code of [campaigns.assessment, campaigns.collection]) {
        const result = yield* once(
          "participation",
          participations.joinCampaign(user(userId), {
            code,
            firstName,
            lastName: student.lastName,
            birthdate: student.birthdate
          }),
          true
        ).pipe(Effect.result)
        if (Result.isFailure(result)) {
          refused++
          continue
        }
        if (result.success !== undefined) joined++
      }
    }
    log(
      `  ${French.count(joined, "nouvelle participation", "nouvelles participations")}, ${French.count(refused, "refus", "refus")}, ${French.count(skipped, "étape déjà faite", "étapes déjà faites")} (comptes, participations)`
    )

    // Someone types a classmate's name: refused, and the staff sees why.
    const classmate = students[0]!
    yield* once(
      "compte intrus",
      accounts.registerUser({ userId: "demo-intruder", firstName: "Max", lastName: "Intrus", email: "max@example.net" })
    )
    const refusal = yield* participations
      .joinCampaign(user("demo-intruder"), {
        code: campaignsOf[0]!.assessment,
        firstName: classmate.firstName,
        lastName: classmate.lastName,
        birthdate: classmate.birthdate
      })
      .pipe(Effect.result)
    if (Result.isFailure(refusal)) {
      const error: Orga.OrgaError = refusal.failure
      log(`  Refus pour Max : ${"message" in error ? error.message : ""}`)
    }
    const unknownStudent = students[students.length - 1]!
    const why = yield* rosters.whyRefused(user(teachers[0]!), organizationId, {
      firstName: unknownStudent.firstName,
      lastName: unknownStudent.lastName,
      birthdate: "2011-01-01"
    })
    log(
      `  « Pourquoi ${unknownStudent.firstName} ${unknownStudent.lastName} (né le 01/01/2011) est-il refusé ? » ${why.verdict?.message ?? ""}`
    )
    for (const candidate of why.candidates.slice(0, 2))
      log(
        `    - ${candidate.lastName} ${candidate.firstName} (${candidate.division}) : ${candidate.reasons.map((r) => r.message).join(" ")}`
      )

    log("\n6. Résultats et partages")
    let shared = 0
    for (const { level } of campaignsOf) {
      const assessment = yield* reports.campaignResults(user(principal), `demo-eval-${level}e`)
      for (const [index, participant] of assessment.participants.entries()) {
        if (participant.status === "SHARED") continue
        const owner = user(
          `demo-student-${learners.find((l) => l.learnerId === participant.learnerId)!.nationalStudentId}`
        )
        const validated = demoSkills.filter((_, i) => (i + index) % 3 !== 0).slice(0, 8 + ((index * 13) % 60))
        // One student in six has not finished the assessment yet: no outcome, nothing to share.
        if (participant.status === "STARTED" && index % 6 !== 5)
          yield* participations.recordAssessmentOutcome(owner, {
            participationId: participant.participationId,
            validatedSkillIds: validated,
            testedSkillIds: demoSkills
          })
        if (index % 6 !== 5) {
          yield* participations.shareResults(owner, { participationId: participant.participationId })
          shared++
        }
      }
      const collection = yield* reports.campaignResults(user(principal), `demo-collecte-${level}e`)
      for (const [index, participant] of collection.participants.entries()) {
        if (participant.status === "SHARED" || index % 5 === 4) continue
        const owner = user(
          `demo-student-${learners.find((l) => l.learnerId === participant.learnerId)!.nationalStudentId}`
        )
        const pixByCompetence: Record<string, number> = {}
        const competences = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.4", "4.1", "5.2"]
        // One student in four has reached level 1 in fewer than 5 competences: not certifiable yet.
        const reached = index % 4 === 0 ? 3 : competences.length
        for (const [i, id] of competences.slice(0, reached).entries())
          pixByCompetence[id] = 8 + ((index * 7 + i * 5) % 24)
        yield* participations.shareProfile(owner, { participationId: participant.participationId, pixByCompetence })
        shared++
      }
    }
    log(`  ${French.count(shared, "nouveau partage", "nouveaux partages")}`)

    log("\n7. Résultats par classe")
    for (const { level } of campaignsOf) {
      log(`  Évaluation ${level}e`)
      const results = yield* reports.campaignResults(user(principal), `demo-eval-${level}e`)
      const stages = new Map<string, number>()
      for (const participant of results.participants)
        if (participant.reachedStage !== null)
          stages.set(participant.reachedStage.title, (stages.get(participant.reachedStage.title) ?? 0) + 1)
      for (const [title, count] of [...stages].sort(([a], [b]) => a.localeCompare(b, "fr")))
        log(`    ${title} : ${French.count(count, "élève")}`)
      for (const row of yield* reports.resultsByDivision(user(principal), `demo-eval-${level}e`))
        if (row.division.startsWith(level))
          log(
            `    ${row.division.padEnd(5)} ${French.count(row.participants, "participant")} sur ${French.count(row.learners, "élève")}, ${French.count(row.shared, "résultat reçu", "résultats reçus")}, maîtrise moyenne ${percent(row.averageResult)}`
          )
    }

    log("\n8. Certificabilité par classe avant la date limite")
    const report = yield* reports.certificability(user(principal), organizationId)
    log(
      `  Date limite de collecte : ${French.calendarDate(report.deadline)} (${report.daysLeft >= 0 ? `dans ${French.count(report.daysLeft, "jour")}` : "passée"})`
    )
    for (const division of report.divisions)
      log(
        `    ${division.division.padEnd(5)} ${French.count(division.certifiable.length, "certifiable")}, ${French.count(division.notCertifiable.length, "non certifiable", "non certifiables")}, ${French.count(division.notSharedYet.length, "sans profil envoyé", "sans profil envoyé")}`
      )

    log("\n9. Exports CSV")
    for (const campaignId of exportsDir === undefined
      ? []
      : [`demo-eval-${campaignsOf[0]!.level}e`, `demo-collecte-${campaignsOf[0]!.level}e`]) {
      const csv = yield* reports.exportResults(user(principal), campaignId)
      const path = join(exportsDir ?? ".", csv.fileName)
      yield* Effect.promise(
        () =>
          new Promise<void>((done, failed) => {
            const out = createWriteStream(path)
            out.on("error", failed)
            for (const line of csv.lines) out.write(line)
            out.end(done)
          })
      )
      log(`  ${path}`)
    }

    log("\n10. Journal (5 dernières actions)")
    for (const entry of (yield* reports.auditTrail(user(principal), organizationId, { limit: 5 })).entries)
      log(
        `  ${French.dateTime(entry.occurredAt)} ${entry.actorName ?? nameOf(entry.actorId)} : ${actions[entry.useCase] ?? "autre action"}`
      )
    return { organizationId, learners: students }
  })
