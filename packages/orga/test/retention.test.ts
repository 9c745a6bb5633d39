/**
 * The retention command reads like docs/retention.md: a learner disabled in 2026-2027 is kept through 2028-2029 and
 * erased in 2029-2030; a user without activity for more than 1,095 days is erased, an active one is not; a dry run
 * says whom and erases no one; a second run erases no one more; bad limits and non-admins are refused.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Stores from "../src/Stores.ts"
import { type Harness, harness, pixAdmin } from "./support/harness.ts"

const user = Orga.user
const admin = user("admin")
const uai = "0331234X"
const organizationId = "org"
const day = 86_400_000

const file = (eleves: ReadonlyArray<SiecleTesting.Eleve>) =>
  SiecleTesting.encode(
    SiecleTesting.render(
      { uai, schoolYear: "2026", eleves, structures: eleves.map((e) => SiecleTesting.inDivision(e.id, "6A")) },
      "UTF-8"
    ),
    "UTF-8"
  )
const alice = SiecleTesting.eleve("1", SiecleTesting.validStudent("111111111AA", { NOM_DE_FAMILLE: "ALICE" }))
const bob = SiecleTesting.eleve("2", SiecleTesting.validStudent("222222222BB", { NOM_DE_FAMILLE: "BOB" }))

describe("the retention command", () => {
  let h: Harness
  let orga: Orga.OrgaShape

  beforeAll(async () => {
    h = harness(Stores.memory, { start: "2026-09-14T08:00:00.000Z" })
    orga = await h.orga()
    for (const userId of [pixAdmin, "admin", "idle"])
      await h.run(orga.registerUser({ userId, firstName: "Prénom", lastName: userId, email: `${userId}@test.fr` }))
    await h.run(
      orga.registerOrganization(user(pixAdmin), {
        organizationId,
        name: "Collège",
        type: "SCO",
        uai,
        isManagingStudents: true
      })
    )
    const invitation = await h.run(orga.inviteFirstAdmin(user(pixAdmin), { organizationId, email: "admin@test.fr" }))
    await h.run(orga.acceptInvitation(admin, { organizationId, ...invitation }))
    await h.run(orga.importSiecleFile(admin, { organizationId, fileName: "a.xml", bytes: file([alice, bob]) }))
    // Bob leaves in October 2026 (school year 2026-2027).
    h.clock.set("2026-10-05T08:00:00.000Z")
    await h.run(orga.importSiecleFile(admin, { organizationId, fileName: "b.xml", bytes: file([alice]) }))
  })

  afterAll(() => h.dispose())

  const bobName = async () =>
    (await h.run(orga.learners(admin, organizationId, { includeDisabled: true }))).find(
      (learner) => learner.nationalStudentId === "222222222BB" || learner.nationalStudentId.startsWith("EFFACE")
    )?.lastName

  it("keeps a learner disabled in 2026-2027 through 2028-2029", async () => {
    h.clock.set("2029-08-31T08:00:00.000Z")
    await h.run(orga.acceptPixOrgaTerms(admin))
    const outcome = await h.run(orga.applyRetention(user(pixAdmin), {}))
    expect(outcome.learners).toEqual([])
    expect(await bobName()).toBe("BOB")
  })

  it("says whom it would erase in a dry run, and erases no one", async () => {
    h.clock.set("2029-09-20T08:00:00.000Z")
    await h.run(orga.acceptPixOrgaTerms(admin))
    const dry = await h.run(orga.applyRetention(user(pixAdmin), {}, { dryRun: true }))
    expect(dry).toMatchObject({ dryRun: true, limits: { disabledSchoolYears: 2, inactiveDays: 1095 } })
    expect(dry.learners).toHaveLength(1)
    expect(dry.users).toEqual(["idle"])
    expect(await bobName()).toBe("BOB")
  })

  it("erases them in 2029-2030: the disabled learner and the idle user, not the active admin nor Pix Admin", async () => {
    const outcome = await h.run(orga.applyRetention(user(pixAdmin), {}))
    expect(outcome.learners).toHaveLength(1)
    expect(outcome.users).toEqual(["idle"])
    expect(await bobName()).toBe("effacé")
    expect(await h.run(orga.account("idle"))).toMatchObject({ firstName: "Utilisateur", lastName: "effacé" })
    expect(await h.run(orga.account("admin"))).toMatchObject({ lastName: "admin" })
    const again = await h.run(orga.applyRetention(user(pixAdmin), {}))
    expect(again.learners).toEqual([])
    expect(again.users).toEqual([])
  })

  it("takes its limits from the command: 30 days of inactivity erase the admin last active 30 days and a bit ago", async () => {
    h.clock.advance(30 * day + 1000)
    const outcome = await h.run(orga.applyRetention(user(pixAdmin), { inactiveDays: 30 }, { dryRun: true }))
    expect(outcome.users).toEqual(["admin"])
  })

  it("refuses bad limits and anyone but Pix Admin, in French, changing nothing", async () => {
    expect(await h.fail(orga.applyRetention(user(pixAdmin), { inactiveDays: 5 }))).toMatchObject({
      _tag: "InvalidInput"
    })
    expect(await h.fail(orga.applyRetention(user(pixAdmin), { disabledSchoolYears: -1 }))).toMatchObject({
      _tag: "InvalidInput"
    })
    expect(await h.fail(orga.applyRetention(admin, {}))).toMatchObject({
      code: "PIX_ADMIN_REQUIRED",
      message: "Cette action est réservée à Pix Admin."
    })
    expect(await h.run(orga.account("admin"))).toMatchObject({ lastName: "admin" })
  })
})
