import { Orga, Runtime, Stores, TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const admin = Orga.user("claire")
const pixAdmin = Orga.user("pix")

export const program = Effect.gen(function* () {
  const orga = yield* Orga.Orga
  yield* orga.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
  yield* orga.registerUser({ userId: "claire", firstName: "Claire", lastName: "Martin", email: "claire@college.fr" })
  const { organizationId } = yield* orga.registerOrganization(pixAdmin, {
    name: "Collège Jean Moulin",
    type: "SCO",
    uai: "0331234X",
    isManagingStudents: true
  })
  const invitation = yield* orga.inviteFirstAdmin(pixAdmin, { organizationId, email: "claire@college.fr" })
  yield* orga.acceptInvitation(admin, { organizationId, ...invitation })

  const school = SiecleTesting.generateSchool({ seed: 1, students: 40, uai: "0331234X", schoolYear: "2026" })
  const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
  const imported = yield* orga.importSiecleFile(admin, { organizationId, fileName: "eleves.xml", bytes })
  const campaign = yield* orga.createCampaign(admin, {
    organizationId,
    name: "Collecte 3e",
    type: "PROFILES_COLLECTION"
  })

  const student = school.expected.students[0]!
  yield* orga.registerUser({
    userId: "eleve",
    firstName: student.firstName,
    lastName: student.lastName,
    username: "eleve.1403"
  })
  const eleve = Orga.user("eleve")
  const { participationId } = yield* orga.joinCampaign(eleve, {
    code: campaign.code,
    firstName: student.firstName,
    lastName: student.lastName,
    birthdate: student.birthdate
  })
  yield* orga.shareProfile(eleve, {
    participationId,
    pixByCompetence: { "1.1": 16, "1.2": 8, "2.1": 9, "3.1": 8, "5.2": 12 }
  })

  const results = yield* orga.campaignResults(admin, campaign.campaignId)
  return [
    `${imported.added} élèves importés`,
    `${results.participationsCount} participation, ${results.sharedParticipationsCount} profil reçu`,
    `certifiable : ${results.participants[0]?.isCertifiable}`
  ]
})

export const layer = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
  Layer.provide(Layer.merge(Stores.memory, Runtime.deterministic().layer))
)

// With the embedded default instead: Stores.sqlite("./data/orga.db") and Runtime.live.
export const main = () => Effect.runPromise(program.pipe(Effect.provide(layer)))
