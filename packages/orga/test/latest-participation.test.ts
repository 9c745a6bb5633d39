/**
 * The latest-participation rule under retakes (§5.2, multiple sendings), as a property: whatever the order in
 * which students join, re-send and share on a campaign of multiple sendings, the results list one line per
 * student (his latest sending, with how many he shared and the evolution from the previous shared one), the
 * export lists every sending, and his certificability is the one of his latest shared profile. A second sending
 * while one is under way is refused and changes nothing.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Stores from "../src/Stores.ts"
import { harness, pixAdmin } from "./support/harness.ts"

const uai = "0331234X"
const school = SiecleTesting.generateSchool({ seed: 5, students: 8, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")
const students = school.expected.students.slice(0, 4)
const competences = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]

// A profile with `levels` competences at level 1 (8 pix each): certifiable from 5.
const profileOf = (levels: number) => Object.fromEntries(competences.slice(0, levels).map((id) => [id, 8]))

type Step =
  | { readonly student: number; readonly action: "send" }
  | { readonly student: number; readonly action: "share"; readonly levels: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ student: fc.nat(students.length - 1), action: fc.constant("send" as const) }),
  fc.record({
    student: fc.nat(students.length - 1),
    action: fc.constant("share" as const),
    levels: fc.integer({ min: 0, max: competences.length })
  })
)

interface Sending {
  readonly participationId: string
  levels: number | null
}

describe("the latest participation under retakes", () => {
  it("results count each student's latest sending, the export every sending, certificability the latest shared profile", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const h = harness(Stores.memory)
        try {
          const orga = await h.orga()
          for (const userId of [pixAdmin, ...students.map((_, index) => `s${index}`)])
            await h.run(orga.registerUser({ userId, firstName: "Prénom", lastName: userId, username: `u-${userId}` }))
          await h.run(
            orga.registerOrganization(Orga.user(pixAdmin), {
              organizationId: "org",
              name: "Collège",
              type: "SCO",
              uai,
              isManagingStudents: true,
              contactEmail: "ce@ac.fr"
            })
          )
          await h.run(orga.registerUser({ userId: "chef", firstName: "C", lastName: "D", email: "chef@ac.fr" }))
          const first = await h.run(
            orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId: "org", email: "chef@ac.fr" })
          )
          await h.run(orga.acceptInvitation(Orga.user("chef"), { organizationId: "org", ...first }))
          await h.run(orga.importSiecleFile(Orga.user("chef"), { organizationId: "org", fileName: "e.xml", bytes }))
          const campaign = await h.run(
            orga.createCampaign(Orga.user("chef"), {
              organizationId: "org",
              name: "Collecte",
              type: "PROFILES_COLLECTION",
              multipleSendings: true
            })
          )
          const model = students.map((): Array<Sending> => [])
          for (const current of steps) {
            const student = students[current.student]!
            const actor = Orga.user(`s${current.student}`)
            const sendings = model[current.student]!
            const latest = sendings.at(-1)
            if (current.action === "send") {
              const join = orga.joinCampaign(actor, {
                code: campaign.code,
                firstName: student.firstName,
                lastName: student.lastName,
                birthdate: student.birthdate
              })
              if (latest === undefined || latest.levels !== null) {
                const joined = await h.run(join)
                sendings.push({ participationId: joined.participationId, levels: null })
              } else expect(await h.fail(join)).toMatchObject({ meta: { reason: "PREVIOUS_PARTICIPATION_NOT_SHARED" } })
            } else if (latest !== undefined) {
              const share = orga.shareProfile(actor, {
                participationId: latest.participationId,
                pixByCompetence: profileOf(current.levels)
              })
              if (latest.levels === null) {
                await h.run(share)
                latest.levels = current.levels
              } else expect(await h.fail(share)).toMatchObject({ code: "ALREADY_SHARED_CAMPAIGN_PARTICIPATION" })
            }
          }

          const results = await h.run(orga.campaignResults(Orga.user("chef"), campaign.campaignId))
          const taking = model.flatMap((sendings, index) => (sendings.length === 0 ? [] : [{ sendings, index }]))
          expect(results.participants).toHaveLength(taking.length)
          expect(results.sharedParticipationsCount).toBe(
            taking.filter(({ sendings }) => sendings.at(-1)!.levels !== null).length
          )
          for (const { sendings, index } of taking) {
            const latest = sendings.at(-1)!
            const row = results.participants.find(
              (participant) => participant.participationId === latest.participationId
            )
            expect(row, `student ${index}`).toBeDefined()
            const shared = sendings.filter((sending) => sending.levels !== null)
            expect(row!.sharedParticipationsCount).toBe(shared.length)
            expect(row!.status).toBe(latest.levels === null ? "TO_SHARE" : "SHARED")
            const previous = sendings.slice(0, -1).findLast((sending) => sending.levels !== null)
            expect(row!.evolution).toBe(
              latest.levels === null || previous === undefined
                ? null
                : latest.levels > previous.levels!
                  ? "increase"
                  : latest.levels < previous.levels!
                    ? "decrease"
                    : "stable"
            )
          }
          const csv = [...(await h.run(orga.exportResults(Orga.user("chef"), campaign.campaignId))).lines]
          expect(csv.length - 1).toBe(model.reduce((sum, sendings) => sum + sendings.length, 0))

          const learners = await h.run(orga.learners(Orga.user("chef"), "org"))
          for (const [index, student] of students.entries()) {
            const lastShared = model[index]!.findLast((sending) => sending.levels !== null)
            const learner = learners.find((candidate) => candidate.nationalStudentId === student.nationalStudentId)
            expect(learner?.certificability).toBe(
              lastShared === undefined ? "Non communiqué" : lastShared.levels! >= 5 ? "Certifiable" : "Non Certifiable"
            )
          }
        } finally {
          await h.dispose()
        }
      }),
      { numRuns: 25 }
    )
  }, 120_000)
})
