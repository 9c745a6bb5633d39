/**
 * A class joining at once: 30 students of one school join one campaign in the same instant on SQLite. Each join
 * links the student's account on the school's roster stream, so they conflict; the write path decides again on
 * fresh states with a jittered back-off, and every student gets his participation (before the one write path, 8
 * of 30 did, the others failing with an English "kept changing" error). A conflict means another join landed, so
 * 30 joiners need at most 29 retries each: within the default schedule.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import { afterAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import { harness, pixAdmin, sqliteStore, tempSqlite } from "./support/harness.ts"

const user = Orga.user
const uai = "0331234X"
const school = SiecleTesting.generateSchool({ seed: 21, students: 40, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")

describe("a class joining at once", () => {
  const file = tempSqlite()
  const h = harness(sqliteStore(file.filename))
  afterAll(async () => {
    await h.dispose()
    file.cleanup()
  })
  it("30 students join at once", async () => {
    const one = await h.orga()
    for (const userId of [pixAdmin, "admin"])
      await h.run(one.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
    await h.run(
      one.registerOrganization(user(pixAdmin), {
        organizationId: "org",
        name: "C",
        type: "SCO",
        uai,
        isManagingStudents: true
      })
    )
    const inv = await h.run(one.inviteFirstAdmin(user(pixAdmin), { organizationId: "org", email: "admin@test.fr" }))
    await h.run(one.acceptInvitation(user("admin"), { organizationId: "org", ...inv }))
    await h.run(one.importSiecleFile(user("admin"), { organizationId: "org", fileName: "e.xml", bytes }))
    const { code } = await h.run(
      one.createCampaign(user("admin"), { organizationId: "org", name: "C", type: "PROFILES_COLLECTION" })
    )
    const students = school.expected.students.slice(0, 30)
    for (const [i] of students.entries())
      await h.run(one.registerUser({ userId: `s${i}`, firstName: "S", lastName: `s${i}`, username: `s${i}.0101` }))
    const outcomes = await Promise.allSettled(
      students.map((s, i) =>
        h.run(
          one.joinCampaign(user(`s${i}`), {
            code,
            firstName: s.firstName,
            lastName: s.lastName,
            birthdate: s.birthdate
          })
        )
      )
    )
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([])
    const learners = await h.run(one.learners(user("admin"), "org"))
    expect(learners.filter((learner) => learner.isLinkedToAccount).length).toBe(30)
  }, 120_000)
})
