/**
 * The results' lines are kept from one query to the next while what they show is unchanged (ADR 0055): a query of
 * a campaign whose participants did not change hands back the lines it made before, and a line that would show
 * something else is made again. The property: whatever students do between two queries (join, share, re-send, be
 * renamed by a re-import, be deleted), the results of the running front door, queried after every step, equal
 * those of a front door started afresh over the same log.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import { harness, pixAdmin, sqliteStore, tempSqlite } from "./support/harness.ts"

const uai = "0331234X"
const school = SiecleTesting.generateSchool({ seed: 11, students: 8, uai, schoolYear: "2026" })
const students = school.expected.students.slice(0, 3)
const competences = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
const names = ["DURAND", "LEFEBVRE", "MOREAU"]

// The school's file, with each student's family name as given (a re-import renames a learner).
const fileWith = (lastNames: ReadonlyArray<string>): Uint8Array => {
  const renamed = new Map(students.map((student, index) => [student.nationalStudentId, lastNames[index]!]))
  const document: SiecleTesting.SiecleDocument = {
    ...school.document,
    eleves: school.document.eleves.map((eleve) => {
      const ine = eleve.fields.find(([name]) => name === "ID_NATIONAL")?.[1]
      const lastName = typeof ine === "string" ? renamed.get(ine) : undefined
      return lastName === undefined
        ? eleve
        : {
            ...eleve,
            fields: eleve.fields.map((field) => (field[0] === "NOM_DE_FAMILLE" ? [field[0], lastName] : field))
          }
    })
  }
  return SiecleTesting.encode(SiecleTesting.render(document, "UTF-8"), "UTF-8")
}

type Step =
  | { readonly action: "join"; readonly student: number }
  | { readonly action: "share"; readonly student: number; readonly levels: number }
  | { readonly action: "rename"; readonly student: number; readonly name: number }
  | { readonly action: "delete"; readonly student: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ action: fc.constant("join" as const), student: fc.nat(students.length - 1) }),
  fc.record({
    action: fc.constant("share" as const),
    student: fc.nat(students.length - 1),
    levels: fc.integer({ min: 0, max: competences.length })
  }),
  fc.record({
    action: fc.constant("rename" as const),
    student: fc.nat(students.length - 1),
    name: fc.nat(names.length - 1)
  }),
  fc.record({ action: fc.constant("delete" as const), student: fc.nat(students.length - 1) })
)

const chef = Orga.user("chef")

describe("the results' lines kept between queries", () => {
  it("results queried after every step equal those of a front door started afresh over the same log", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const file = tempSqlite()
        const h = harness(sqliteStore(file.filename))
        try {
          const orga = await h.orga()
          for (const userId of [pixAdmin, ...students.map((_, index) => `s${index}`)])
            await h.run(orga.registerUser({ userId, firstName: "Prénom", lastName: userId, username: `u-${userId}` }))
          await h.run(orga.registerUser({ userId: "chef", firstName: "C", lastName: "D", email: "chef@ac.fr" }))
          await h.run(
            orga.registerOrganization(Orga.user(pixAdmin), {
              organizationId: "org",
              name: "Collège",
              type: "SCO",
              uai,
              isManagingStudents: true
            })
          )
          const first = await h.run(
            orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "chef@ac.fr" })
          )
          await h.run(orga.acceptInvitation(chef, { organizationId: "org", ...first }))
          const lastNames = students.map((student) => student.lastName)
          await h.run(
            orga.importSiecleFile(chef, { organizationId: "org", fileName: "e.xml", bytes: fileWith(lastNames) })
          )
          const campaign = await h.run(
            orga.createCampaign(chef, {
              organizationId: "org",
              name: "Collecte",
              type: "PROFILES_COLLECTION",
              multipleSendings: true
            })
          )
          const latest = students.map((): string | undefined => undefined)
          const query = () => h.run(orga.campaignResults(chef, campaign.campaignId))
          await query()
          for (const current of steps) {
            const student = students[current.student]!
            const actor = Orga.user(`s${current.student}`)
            // Refused steps (a second sending under way, a share twice) change nothing: the results still compare.
            if (current.action === "join") {
              const joined = await h.run(
                Effect.option(
                  orga.joinCampaign(actor, {
                    code: campaign.code,
                    firstName: student.firstName,
                    lastName: lastNames[current.student]!,
                    birthdate: student.birthdate
                  })
                )
              )
              if (joined._tag === "Some") latest[current.student] = joined.value.participationId
            } else if (current.action === "share") {
              const participationId = latest[current.student]
              if (participationId !== undefined)
                await h.run(
                  Effect.option(
                    orga.shareProfile(actor, {
                      participationId,
                      pixByCompetence: Object.fromEntries(competences.slice(0, current.levels).map((id) => [id, 8]))
                    })
                  )
                )
            } else if (current.action === "rename") {
              lastNames[current.student] = names[current.name]!
              await h.run(
                orga.importSiecleFile(chef, { organizationId: "org", fileName: "e.xml", bytes: fileWith(lastNames) })
              )
            } else {
              const participationId = latest[current.student]
              if (participationId !== undefined)
                await h.run(
                  Effect.option(orga.deleteParticipation(chef, { campaignId: campaign.campaignId, participationId }))
                )
            }
            // Queried after every step, so that each query starts from the lines the previous one kept.
            await query()
          }
          const fresh = harness(sqliteStore(file.filename))
          try {
            const rebuilt = await fresh.run((await fresh.orga()).campaignResults(chef, campaign.campaignId))
            expect(await query()).toEqual(rebuilt)
          } finally {
            await fresh.dispose()
          }
        } finally {
          await h.dispose()
          file.cleanup()
        }
      }),
      { numRuns: 25 }
    )
  }, 120_000)

  it("a query of an unchanged campaign hands back the lines it made before", async () => {
    const file = tempSqlite()
    const h = harness(sqliteStore(file.filename))
    try {
      const orga = await h.orga()
      await h.run(orga.registerUser({ userId: "chef", firstName: "C", lastName: "D", email: "chef@ac.fr" }))
      await h.run(orga.registerUser({ userId: "s0", firstName: "Prénom", lastName: "s0", username: "u-s0" }))
      await h.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId: "org",
          name: "Collège",
          type: "SCO",
          uai,
          isManagingStudents: true
        })
      )
      const first = await h.run(
        orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "chef@ac.fr" })
      )
      await h.run(orga.acceptInvitation(chef, { organizationId: "org", ...first }))
      const lastNames = students.map((student) => student.lastName)
      await h.run(orga.importSiecleFile(chef, { organizationId: "org", fileName: "e.xml", bytes: fileWith(lastNames) }))
      const campaign = await h.run(
        orga.createCampaign(chef, { organizationId: "org", name: "Collecte", type: "PROFILES_COLLECTION" })
      )
      const student = students[0]!
      await h.run(
        orga.joinCampaign(Orga.user("s0"), {
          code: campaign.code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        })
      )
      const once = await h.run(orga.campaignResults(chef, campaign.campaignId))
      const twice = await h.run(orga.campaignResults(chef, campaign.campaignId))
      expect(twice.participants).toHaveLength(1)
      expect(twice.participants[0]).toBe(once.participants[0])
      // The learner renamed by a re-import: his line is made again, with his new name.
      await h.run(
        orga.importSiecleFile(chef, {
          organizationId: "org",
          fileName: "e.xml",
          bytes: fileWith(["LEFEBVRE", ...lastNames.slice(1)])
        })
      )
      const renamed = await h.run(orga.campaignResults(chef, campaign.campaignId))
      expect(renamed.participants[0]).not.toBe(once.participants[0])
      expect(renamed.participants[0]).toMatchObject({ lastName: "LEFEBVRE", firstName: student.firstName })
    } finally {
      await h.dispose()
      file.cleanup()
    }
  })
})
