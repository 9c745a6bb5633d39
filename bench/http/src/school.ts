/**
 * The school both HTTP benchmarks measure: Claire, its administrator (invited by Pix Admin, terms accepted), its
 * SIECLE file imported, and a profiles collection in which `participants` students joined and sent their profile.
 */
import { Accounts, BackOffice, Campaigns, Orga, Participations, Rosters, Team } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"

/** Claire, who administers the school (the benchmarks' requests act as her). */
export const admin = Orga.user("claire")

/** The school's SIECLE export, as the school sends it (ISO-8859-15). */
export const siecleFile = (students: number) => {
  const school = SiecleTesting.generateSchool({ seed: 7, students, uai: "0331234X", schoolYear: "2026" })
  return { school, bytes: SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15") }
}

/** Sets the school up; `before` runs once the accounts exist (e.g. to give Claire a password). */
export const seed = <E, R>(
  students: number,
  participants: number,
  before: Effect.Effect<void, E, R> = Effect.void as Effect.Effect<void, E, R>
) =>
  Effect.gen(function* () {
    const accounts = yield* Accounts.Accounts
    const backOffice = yield* BackOffice.BackOffice
    yield* accounts.registerUser({ userId: "pix", firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" })
    yield* accounts.registerUser({
      userId: "claire",
      firstName: "Claire",
      lastName: "Martin",
      email: "claire@college.fr"
    })
    yield* before
    const { organizationId } = yield* backOffice.registerOrganization(Orga.user("pix"), {
      name: "Collège Jean Moulin",
      type: "SCO",
      uai: "0331234X",
      isManagingStudents: true
    })
    const invitation = yield* backOffice.inviteFirstAdmin(Orga.user("pix"), {
      organizationId,
      email: "claire@college.fr"
    })
    yield* (yield* Team.Team).acceptInvitation(admin, { organizationId, ...invitation })
    yield* accounts.acceptPixOrgaTerms(admin)
    const { school, bytes } = siecleFile(students)
    yield* (yield* Rosters.Rosters).importSiecleFile(admin, { organizationId, fileName: "eleves.xml", bytes })
    const campaign = yield* (yield* Campaigns.Campaigns).createCampaign(admin, {
      organizationId,
      name: "Collecte 3e",
      type: "PROFILES_COLLECTION"
    })
    const participations = yield* Participations.Participations
    let joined = 0
    for (const [index, student] of school.expected.students.entries()) {
      if (joined === participants) break
      const userId = `eleve-${index}`
      yield* accounts.registerUser({
        userId,
        firstName: student.firstName,
        lastName: student.lastName,
        username: `eleve.${index}`
      })
      const outcome = yield* participations
        .joinCampaign(Orga.user(userId), {
          code: campaign.code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        })
        .pipe(Effect.option)
      if (outcome._tag === "None") continue
      yield* participations.shareProfile(Orga.user(userId), {
        participationId: outcome.value.participationId,
        pixByCompetence: { "1.1": 16, "1.2": 8, "2.1": 9, "3.1": 8, "5.2": index % 40 }
      })
      joined++
    }
    return { organizationId, campaignId: campaign.campaignId, division: school.expected.students[0]!.division! }
  })
