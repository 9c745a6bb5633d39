/**
 * Invariants that span streams hold under concurrent commands from two Orga instances on one SQLite file (each
 * with its own read models): a learner is linked to at most one account, a campaign code belongs to one
 * campaign, and an import racing a link loses nothing.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import { type Harness, harness, pixAdmin, sqliteStore, tempSqlite } from "./support/harness.ts"

const user = Orga.user
const uai = "0331234X"
const school = SiecleTesting.generateSchool({ seed: 21, students: 30, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")

describe("two instances on one SQLite file", () => {
  const file = tempSqlite()
  let first: Harness
  let second: Harness
  let one: Orga.OrgaShape
  let two: Orga.OrgaShape
  let code = ""

  beforeAll(async () => {
    first = harness(sqliteStore(file.filename), { idPrefix: "a" })
    one = await first.orga()
    for (const userId of [pixAdmin, "admin", "s1", "s2"])
      await first.run(one.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
    await first.run(
      one.registerOrganization(user(pixAdmin), {
        organizationId: "org",
        name: "Collège",
        type: "SCO",
        uai,
        isManagingStudents: true
      })
    )
    const invitation = await first.run(
      one.inviteFirstAdmin(user(pixAdmin), { organizationId: "org", email: "admin@test.fr" })
    )
    await first.run(one.acceptInvitation(user("admin"), { organizationId: "org", ...invitation }))
    await first.run(one.importSiecleFile(user("admin"), { organizationId: "org", fileName: "e.xml", bytes }))
    code = (
      await first.run(
        one.createCampaign(user("admin"), { organizationId: "org", name: "C", type: "PROFILES_COLLECTION" })
      )
    ).code
    // The second instance starts on the same file: its read models are rebuilt from the log.
    second = harness(sqliteStore(file.filename), { idPrefix: "b" })
    two = await second.orga()
  })

  afterAll(async () => {
    await first.dispose()
    await second.dispose()
    file.cleanup()
  })

  it("sees the other instance's writes after its rebuild", async () => {
    expect((await second.run(two.learners(user("admin"), "org"))).length).toBe(school.expected.students.length)
  })

  it("two accounts claiming the same learner at once: exactly one is linked", async () => {
    const target = school.expected.students[3]!
    const typed = { code, firstName: target.firstName, lastName: target.lastName, birthdate: target.birthdate }
    const outcomes = await Promise.allSettled([
      first.run(one.joinCampaign(user("s1"), typed)),
      second.run(two.joinCampaign(user("s2"), typed))
    ])
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled").length).toBe(1)
    const learners = await first.run(one.learners(user("admin"), "org"))
    expect(learners.filter((learner) => learner.isLinkedToAccount).length).toBe(1)
    const results = await second.run(
      two.campaignResults(user("admin"), (await second.run(two.campaigns(user("admin"), "org")))[0]!.campaignId)
    )
    expect(results.participationsCount).toBe(1)
  })

  it("campaigns created at once on both instances get distinct codes", async () => {
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? first : second).run(
          (i % 2 === 0 ? one : two).createCampaign(user("admin"), {
            organizationId: "org",
            name: `C${i}`,
            type: "PROFILES_COLLECTION"
          })
        )
      )
    )
    expect(new Set(created.map((c) => c.code)).size).toBe(created.length)
    expect(new Set(created.map((c) => c.campaignId)).size).toBe(created.length)
  })
})
