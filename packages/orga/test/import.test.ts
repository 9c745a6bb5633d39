/**
 * SIECLE import details on the memory store: a file with problems is refused as a whole with every problem,
 * recorded in the history, and changes nothing; a student who leaves and comes back is disabled then
 * re-enabled, keeping his account link.
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

const file = (eleves: ReadonlyArray<SiecleTesting.Eleve>, divisions: ReadonlyArray<readonly [string, string]>) =>
  SiecleTesting.encode(
    SiecleTesting.render(
      {
        uai,
        schoolYear: "2026",
        eleves,
        structures: divisions.map(([id, division]) => SiecleTesting.inDivision(id, division))
      },
      "UTF-8"
    ),
    "UTF-8"
  )

const alice = SiecleTesting.eleve(
  "1",
  SiecleTesting.validStudent("111111111AA", { NOM_DE_FAMILLE: "ALICE", PRENOM: "Alice" })
)
const bob = SiecleTesting.eleve(
  "2",
  SiecleTesting.validStudent("222222222BB", { NOM_DE_FAMILLE: "BOB", PRENOM: "Bob", DATE_NAISS: "02/05/2012" })
)

describe("SIECLE import", () => {
  let h: Harness
  let orga: Orga.OrgaShape

  beforeAll(async () => {
    h = harness(Stores.memory)
    orga = await h.orga()
    for (const userId of [pixAdmin, "admin", "bob-account"])
      await h.run(orga.registerUser({ userId, firstName: "B", lastName: userId, email: `${userId}@test.fr` }))
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
  })

  afterAll(() => h.dispose())

  it("refuses a file with problems as a whole, listing each in Pix's codes, and records the refusal", async () => {
    const twin = SiecleTesting.eleve("3", SiecleTesting.validStudent("111111111AA", { NOM_DE_FAMILLE: "TWIN" }))
    const noBirthdate = SiecleTesting.eleve("4", SiecleTesting.validStudent("444444444DD", { DATE_NAISS: null }))
    const bytes = file(
      [alice, twin, noBirthdate],
      [
        ["1", "6A"],
        ["3", "6A"],
        ["4", "6B"]
      ]
    )
    const preview = (await h.fail(orga.previewSiecleImport(admin, { organizationId, fileName: "bad.xml", bytes }))) as {
      _tag: string
      errors: ReadonlyArray<{ code: string }>
    }
    expect(preview._tag).toBe("SiecleImportFailed")
    const refused = (await h.fail(orga.importSiecleFile(admin, { organizationId, fileName: "bad.xml", bytes }))) as {
      errors: ReadonlyArray<{ code: string }>
    }
    expect(refused.errors.map((e) => e.code).sort()).toEqual(["BIRTHDATE_REQUIRED", "INE_UNIQUE"])
    expect(await h.run(orga.learners(admin, organizationId))).toEqual([])
    const history = await h.run(orga.importHistory(admin, organizationId))
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ status: "VALIDATION_ERROR", fileName: "bad.xml", importedBy: "admin" })
    expect(history[0]!.errors.map((e) => e.code).sort()).toEqual(["BIRTHDATE_REQUIRED", "INE_UNIQUE"])
  })

  it("disables a student who left and re-enables him when he comes back, keeping his account link", async () => {
    await h.run(
      orga.importSiecleFile(admin, {
        organizationId,
        fileName: "1.xml",
        bytes: file(
          [alice, bob],
          [
            ["1", "6A"],
            ["2", "6A"]
          ]
        )
      })
    )
    const campaign = await h.run(orga.createCampaign(admin, { organizationId, name: "C", type: "PROFILES_COLLECTION" }))
    await h.run(
      orga.joinCampaign(user("bob-account"), {
        code: campaign.code,
        firstName: "Bob",
        lastName: "BOB",
        birthdate: "2012-05-02"
      })
    )
    const left = await h.run(
      orga.importSiecleFile(admin, { organizationId, fileName: "2.xml", bytes: file([alice], [["1", "6A"]]) })
    )
    expect(left).toMatchObject({ disabled: 1, added: 0, reenabled: 0 })
    expect((await h.run(orga.learners(admin, organizationId))).map((l) => l.lastName)).toEqual(["ALICE"])
    const back = await h.run(
      orga.importSiecleFile(admin, {
        organizationId,
        fileName: "3.xml",
        bytes: file(
          [alice, bob],
          [
            ["1", "6A"],
            ["2", "5B"]
          ]
        )
      })
    )
    expect(back).toMatchObject({ reenabled: 1, updated: 1, added: 0, disabled: 0 })
    const bobNow = (await h.run(orga.learners(admin, organizationId))).find((l) => l.lastName === "BOB")!
    expect(bobNow).toMatchObject({ division: "5B", isLinkedToAccount: true, isDisabled: false })
  })
})
