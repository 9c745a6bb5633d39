import {
  Accounts,
  BackOffice,
  Campaigns,
  Orga,
  Participations,
  Reports,
  Rosters,
  Runtime,
  Stores,
  TargetProfiles,
  Team
} from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const admin = Orga.user("claire")
const pixAdmin = Orga.user("pix")

// One service per area: a program takes the ones it uses.
export const program = Effect.gen(function* () {
  const accounts = yield* Accounts.Accounts
  const backOffice = yield* BackOffice.BackOffice
  const team = yield* Team.Team
  yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
  yield* accounts.registerUser({
    userId: "claire",
    firstName: "Claire",
    lastName: "Martin",
    email: "claire@college.fr"
  })
  const { organizationId } = yield* backOffice.registerOrganization(pixAdmin, {
    name: "Collège Jean Moulin",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
  const invitation = yield* backOffice.inviteFirstAdmin(pixAdmin, { organizationId, email: "claire@college.fr" })
  // The command id makes the call idempotent: sent again (a retried request), it changes nothing.
  yield* team.acceptInvitation(admin, { organizationId, ...invitation }, { commandId: "accept-claire" })

  const school = SiecleTesting.generateSchool({ seed: 1, students: 40, uai: "0331234X", schoolYear: "2026" })
  const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
  const imported = yield* (yield* Rosters.Rosters).importSiecleFile(admin, {
    organizationId,
    fileName: "eleves.xml",
    bytes
  })
  const campaign = yield* (yield* Campaigns.Campaigns).createCampaign(admin, {
    organizationId,
    name: "Collecte 3e",
    type: "PROFILES_COLLECTION"
  })

  const student = school.expected.students[0]!
  yield* accounts.registerUser({
    userId: "eleve",
    firstName: student.firstName,
    lastName: student.lastName,
    username: "eleve.1403"
  })
  const eleve = Orga.user("eleve")
  const participations = yield* Participations.Participations
  const { participationId } = yield* participations.joinCampaign(eleve, {
    code: campaign.code,
    firstName: student.firstName,
    lastName: student.lastName,
    birthdate: student.birthdate
  })
  yield* participations.shareProfile(eleve, {
    participationId,
    pixByCompetence: { "1.1": 16, "1.2": 8, "2.1": 9, "3.1": 8, "5.2": 12 }
  })

  const results = yield* (yield* Reports.Reports).campaignResults(admin, campaign.campaignId)
  return [
    `${imported.added} élèves importés`,
    `${results.participationsCount} participation, ${results.sharedParticipationsCount} profil reçu`,
    `certifiable : ${results.participants[0]?.isCertifiable}`
  ]
})

export const layer = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
  Layer.provide(Layer.merge(Stores.memory, Runtime.deterministic().layer))
)

// With the embedded default instead: Sqlite.layer("./data/orga.db") from "@orga/orga/sqlite", and Runtime.live.
export const main = () => Effect.runPromise(program.pipe(Effect.provide(layer)))
