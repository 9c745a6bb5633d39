/**
 * The list filters as properties, on one school of 60 generated students (some with an e-mail, a username or the
 * GAR, some certifiable, some not, some who never shared) and a dozen campaigns of three owners: for any
 * combination of filters, the learner list keeps exactly the learners of the whole list that pass each filter, and
 * its pages, of any size, put end to end give that list back; the campaign list keeps exactly the campaigns that
 * pass its filters.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { NameMatching } from "../src/internal/Domain.ts"
import * as Orga from "../src/Orga.ts"
import type * as Rosters from "../src/Rosters.ts"
import * as Stores from "../src/Stores.ts"
import type * as Views from "../src/Views.ts"
import { type Harness, harness, pixAdmin } from "./support/harness.ts"

const organizationId = "college"
const uai = "0331234X"
const admin = Orga.user("admin")
const school = SiecleTesting.generateSchool({ seed: 7, students: 60, uai, schoolYear: "2026" })
const bytes = SiecleTesting.encode(SiecleTesting.render(school.document, "UTF-8"), "UTF-8")

const certificabilities = ["eligible", "non-eligible", "not-available"] as const
const connectionTypes = ["none", "email", "identifiant", "mediacentre", "without_mediacentre"] as const
const labelOf = { eligible: "Certifiable", "non-eligible": "Non Certifiable", "not-available": "Non communiqué" }

const passes = (row: Views.LearnerView, filter: Rosters.LearnersPageFilter): boolean => {
  if (filter.divisions !== undefined && filter.divisions.length > 0 && !filter.divisions.includes(row.division))
    return false
  if (filter.search !== undefined) {
    const search = NameMatching.normalize(filter.search)
    if (
      !NameMatching.normalize(row.firstName + row.lastName).includes(search) &&
      !NameMatching.normalize(row.lastName + row.firstName).includes(search)
    )
      return false
  }
  if (
    filter.certificability !== undefined &&
    filter.certificability.length > 0 &&
    !filter.certificability.some((value) => labelOf[value] === row.certificability)
  )
    return false
  if (filter.connectionTypes !== undefined && filter.connectionTypes.length > 0) {
    const methods = row.connectionMethods
    const any = filter.connectionTypes.some((type) =>
      type === "none"
        ? methods.length === 0
        : type === "without_mediacentre"
          ? !methods.includes("mediacentre")
          : methods.includes(type)
    )
    if (!any) return false
  }
  return true
}

describe("list filters (properties)", () => {
  let h: Harness
  let orga: Orga.OrgaShape
  let everyone: ReadonlyArray<Views.LearnerView> = []
  let divisions: ReadonlyArray<string> = []

  beforeAll(async () => {
    h = harness(Stores.memory)
    orga = await h.orga()
    const owners = [
      ["admin", "Claire", "Martin"],
      ["teacher1", "Étienne", "Lefèvre"],
      ["teacher2", "Inès", "Martinez"]
    ] as const
    await h.run(orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "a@pix.fr" }))
    for (const [userId, firstName, lastName] of owners)
      await h.run(orga.registerUser({ userId, firstName, lastName, email: `${userId}@college.fr` }))
    await h.run(
      orga.registerOrganization(Orga.user(pixAdmin), {
        organizationId,
        name: "Collège",
        type: "SCO",
        uai,
        isManagingStudents: true
      })
    )
    const first = await h.run(orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "admin@college.fr" }))
    await h.run(orga.acceptInvitation(admin, { organizationId, ...first }))
    const sent = await h.run(
      orga.inviteMembers(admin, {
        organizationId,
        emails: ["teacher1@college.fr", "teacher2@college.fr"],
        role: "MEMBER"
      })
    )
    for (const [index, userId] of ["teacher1", "teacher2"].entries())
      await h.run(orga.acceptInvitation(Orga.user(userId), { organizationId, ...sent[index]! }))
    await h.run(orga.importSiecleFile(admin, { organizationId, fileName: "eleves.xml", bytes }))
    const names = ["Collecte 3e", "Collecte 4e", "Parcours sciences", "Rentrée", "Bilan", "Évaluation"]
    for (const [index, name] of names.entries())
      for (const [ownerIndex, [userId]] of owners.entries()) {
        if ((index + ownerIndex) % 2 === 1) continue
        const created = await h.run(
          orga.createCampaign(Orga.user(userId), { organizationId, name, type: "PROFILES_COLLECTION" })
        )
        if (index % 3 === 0) await h.run(orga.archiveCampaign(admin, { campaignId: created.campaignId }))
      }
    const collecte = await h.run(
      orga.createCampaign(admin, { organizationId, name: "Collecte des profils", type: "PROFILES_COLLECTION" })
    )
    // Student i: an account by e-mail, username, GAR or none (i % 4); certifiable, not, or no share (i % 3).
    for (const [index, student] of school.expected.students.entries()) {
      if (index % 4 === 3) continue
      const userId = `student-${index}`
      await h.run(
        orga.registerUser({
          userId,
          firstName: student.firstName,
          lastName: student.lastName,
          ...(index % 4 === 0
            ? { email: `eleve${index}@mail.fr` }
            : index % 4 === 1
              ? { username: `eleve.${index}` }
              : { samlId: `gar-${index}` })
        })
      )
      const joined = await h.run(
        orga.joinCampaign(Orga.user(userId), {
          code: collecte.code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        })
      )
      if (index % 3 === 2) continue
      await h.run(
        orga.shareProfile(Orga.user(userId), {
          participationId: joined.participationId,
          pixByCompetence:
            index % 3 === 0 ? { "1.1": 8, "1.2": 8, "2.1": 8, "2.2": 8, "3.1": 8 } : { "1.1": 8, "1.2": 8 }
        })
      )
    }
    everyone = await h.run(orga.learners(admin, organizationId))
    divisions = await h.run(orga.divisions(admin, organizationId))
  })

  afterAll(() => h.dispose())

  it("the school is varied enough for the properties to mean something", () => {
    expect(everyone.length).toBeGreaterThan(40)
    expect(new Set(everyone.map((row) => row.certificability)).size).toBe(3)
    expect(new Set(everyone.map((row) => row.connectionMethods.join())).size).toBe(4)
    expect(divisions.length).toBeGreaterThan(2)
  })

  const filterArb = fc.record(
    {
      divisions: fc.subarray(["6A", "5A", "4A", "3A", "2NDE"]),
      search: fc.constantFrom("a", "e", "ma", "é", "le", "zz"),
      certificability: fc.subarray([...certificabilities]),
      connectionTypes: fc.subarray([...connectionTypes])
    },
    { requiredKeys: [] }
  )

  it("keeps exactly the learners of the whole list that pass every filter", async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, async (filter) => {
        const rows = await h.run(orga.learners(admin, organizationId, filter))
        expect(rows).toEqual(everyone.filter((row) => passes(row, filter)))
      }),
      { numRuns: 60 }
    )
  })

  it("its pages, of any size, put end to end give the filtered list back", async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, fc.integer({ min: 1, max: 100 }), async (filter, pageSize) => {
        const whole = await h.run(orga.learners(admin, organizationId, filter))
        const first = await h.run(orga.learnersPage(admin, organizationId, { ...filter, pageSize }))
        expect(first.pagination).toEqual({
          page: 1,
          pageSize,
          rowCount: whole.length,
          pageCount: Math.ceil(whole.length / pageSize)
        })
        const rows = [...first.learners]
        for (let page = 2; page <= first.pagination.pageCount + 1; page++)
          rows.push(...(await h.run(orga.learnersPage(admin, organizationId, { ...filter, pageSize, page }))).learners)
        expect(rows).toEqual(whole)
      }),
      { numRuns: 60 }
    )
  })

  it("the campaign list keeps exactly the campaigns that pass its filters", async () => {
    const all = await h.run(orga.campaigns(admin, organizationId))
    const campaignFilter = fc.record(
      {
        mine: fc.boolean(),
        status: fc.constantFrom("active" as const, "archived" as const),
        ownerId: fc.constantFrom("admin", "teacher1", "teacher2"),
        ownerName: fc.constantFrom("martin", "MARTINEZ", "lefèvre", "ine", "x"),
        name: fc.constantFrom("collecte", "COLLECTE 3", "rentree", "é", "zz")
      },
      { requiredKeys: [] }
    )
    await fc.assert(
      fc.asyncProperty(campaignFilter, fc.constantFrom("admin", "teacher1", "teacher2"), async (filter, viewer) => {
        const rows = await h.run(orga.campaigns(Orga.user(viewer), organizationId, filter))
        const contains = (text: string, part: string) =>
          NameMatching.normalize(text).includes(NameMatching.normalize(part))
        expect(rows).toEqual(
          all.filter(
            (row) =>
              (filter.mine !== true || row.ownerId === viewer) &&
              (filter.status === undefined || (filter.status === "archived") === (row.archivedAt !== null)) &&
              (filter.ownerId === undefined || row.ownerId === filter.ownerId) &&
              (filter.ownerName === undefined ||
                contains(row.ownerFirstName + row.ownerLastName, filter.ownerName) ||
                contains(row.ownerLastName + row.ownerFirstName, filter.ownerName)) &&
              (filter.name === undefined || contains(row.name, filter.name))
          )
        )
      }),
      { numRuns: 60 }
    )
  })
})
