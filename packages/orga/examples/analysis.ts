import {
  Accounts,
  Analysis,
  BackOffice,
  Campaigns,
  Orga,
  Participations,
  Rosters,
  Runtime,
  Stores,
  TargetProfiles,
  Team
} from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const teacher = Orga.user("claire")
const pixAdmin = Orga.user("pix")

// Set-up as in the usage example: a school, its admin, its students, an assessment campaign.
const school = Effect.gen(function* () {
  const accounts = yield* Accounts.Accounts
  yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
  yield* accounts.registerUser({
    userId: "claire",
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@college.fr"
  })
  const { organizationId } = yield* (yield* BackOffice.BackOffice).registerOrganization(pixAdmin, {
    name: "Collège Jean Moulin",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
  const invitation = yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(pixAdmin, {
    organizationId,
    email: "claire@college.fr"
  })
  yield* (yield* Team.Team).acceptInvitation(teacher, { organizationId, ...invitation })
  const generated = SiecleTesting.generateSchool({ seed: 1, students: 40, uai: "0331234X", schoolYear: "2026" })
  const bytes = SiecleTesting.encode(SiecleTesting.render(generated.document), "ISO-8859-15")
  yield* (yield* Rosters.Rosters).importSiecleFile(teacher, { organizationId, fileName: "eleves.xml", bytes })
  const campaign = yield* (yield* Campaigns.Campaigns).createCampaign(teacher, {
    organizationId,
    name: "Évaluation 3e",
    type: "ASSESSMENT",
    targetProfileId: TargetProfiles.sample.id
  })
  return { campaign, students: generated.expected.students.slice(0, 2) }
})

export const program = Effect.gen(function* () {
  const { campaign, students } = yield* school
  const participations = yield* Participations.Participations
  // Two students take the assessment and share: one validates the 3 skills of 1.1, the other 1 of them.
  for (const [index, student] of students.entries()) {
    const userId = `eleve-${index}`
    yield* (yield* Accounts.Accounts).registerUser({ userId, ...student, username: `eleve.${index}` })
    const { participationId } = yield* participations.joinCampaign(Orga.user(userId), {
      code: campaign.code,
      ...student
    })
    const validated = index === 0 ? ["sk-1", "sk-2", "sk-3"] : ["sk-1"]
    yield* participations.recordAssessmentOutcome(Orga.user(userId), {
      participationId,
      validatedSkillIds: validated,
      testedSkillIds: validated
    })
    yield* participations.shareResults(Orga.user(userId), { participationId })
  }

  const analysis = yield* Analysis.Analysis
  const byCompetence = yield* analysis.campaignAnalysis(teacher, campaign.campaignId)
  const activity = yield* analysis.campaignActivity(teacher, campaign.campaignId)
  const page = yield* analysis.resultsPage(teacher, campaign.campaignId, { page: 1, size: 10, statuses: ["SHARED"] })
  const first = byCompetence.competences[0]!
  return [
    `${first.id} : ${first.averageValidatedSkills} acquis sur ${first.targetSkillsCount} en moyenne`,
    `${activity.shared} résultats reçus`,
    `page ${page.page} sur ${page.pageCount} : ${page.participants.length} participants`
  ]
})

export const layer = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
  Layer.provide(Layer.merge(Stores.memory, Runtime.deterministic().layer))
)

export const main = () => Effect.runPromise(program.pipe(Effect.provide(layer)))
