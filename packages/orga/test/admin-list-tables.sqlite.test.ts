/**
 * Pix Admin's list of every organization, served from the read-model tables (issue 17): the instance goes over the
 * schools a batch at a time (`Scopes.eachSchool`, as many as it keeps), each batch loaded, answered and released
 * before the next, instead of reading every row at once (twice: a scan listed them with their states). It answers
 * as a memory instance does, filters included; a caller who is not Pix Admin is refused before any school is read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { type Harness, harness, pixAdmin, tempSqlite } from "./support/harness.ts"
import { clear, noReads, schoolsOf, servedBesideMemory } from "./support/tableReads.ts"

// Eleven organizations: SCO schools with a UAI (names out of order), two PRO ones without, the last SCO archived.
const organizations = Array.from({ length: 11 }, (_, index) => ({
  organizationId: `orga-${String(index).padStart(2, "0")}`,
  name: index < 9 ? `Collège ${String.fromCharCode(73 - index)}` : `Entreprise ${index}`,
  type: index < 9 ? ("SCO" as const) : ("PRO" as const),
  uai: index < 9 ? `03312${String(index).padStart(2, "0")}A` : null,
  isManagingStudents: index < 9,
  contactEmail: `contact-${index}@test.fr`
}))
const cacheSchools = 3

describe("Pix Admin's list of every organization served from the read-model tables of a SQLite file", () => {
  const file = tempSqlite()
  let served: Harness
  let memory: Harness
  let instances: ReturnType<typeof servedBesideMemory> | undefined
  const reads = noReads()
  const admin = Orga.user(pixAdmin)

  beforeAll(async () => {
    const writer = harness(Sqlite.layer(file.filename, { durability: "normal", readModelTables: true }))
    const orga = await writer.orga()
    for (const userId of [pixAdmin, "teacher", "colleague"])
      await writer.run(orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
    for (const organization of organizations) await writer.run(orga.registerOrganization(admin, organization))
    // Two members in one school (its count shows), the last SCO school archived.
    const first = await writer.run(
      orga.inviteFirstAdmin(admin, { organizationId: "orga-10", email: "teacher@test.fr" })
    )
    await writer.run(orga.acceptInvitation(Orga.user("teacher"), { organizationId: "orga-10", ...first }))
    const [second] = await writer.run(
      orga.inviteMembers(Orga.user("teacher"), {
        organizationId: "orga-10",
        emails: ["colleague@test.fr"],
        role: "MEMBER"
      })
    )
    await writer.run(orga.acceptInvitation(Orga.user("colleague"), { organizationId: "orga-10", ...second! }))
    await writer.run(orga.archiveOrganization(admin, { organizationId: "orga-08" }))
    await writer.dispose()
    instances = servedBesideMemory(file.filename, cacheSchools, reads)
    served = instances.served
    memory = instances.memory
  }, 120_000)

  afterAll(async () => {
    await instances?.dispose()
    file.cleanup()
  })

  it("reads the schools a batch at a time, never every row, and lists them as a memory instance", async () => {
    clear(reads)
    const listed = await served.run((await served.orga()).organizationsForAdmin(admin))
    expect(listed).toEqual(await memory.run((await memory.orga()).organizationsForAdmin(admin)))
    expect(listed.map((view) => view.name)).toEqual([
      "Collège A",
      "Collège B",
      "Collège C",
      "Collège D",
      "Collège E",
      "Collège F",
      "Collège G",
      "Collège H",
      "Collège I",
      "Entreprise 10",
      "Entreprise 9"
    ])
    expect(listed.find((view) => view.organizationId === "orga-10")?.membersCount).toBe(2)
    expect(reads.scans).toBe(0)
    expect(schoolsOf(reads.keys)).toEqual(organizations.map((organization) => `org:${organization.organizationId}`))
    for (const read of reads.reads) expect(schoolsOf(read).length).toBeLessThanOrEqual(cacheSchools)
    // The schools' own rows and the actor's: nothing a school needs besides (its members' accounts, its INEs).
    expect(new Set(reads.keys.filter((key) => !key.startsWith("org:")))).toEqual(
      new Set([`user:${pixAdmin}`, `links:${pixAdmin}`])
    )
  })

  it("filters as a memory instance does, by name, UAI, type and archive", async () => {
    const filters = [
      { name: "  collège c " },
      { uai: "0331203" },
      { type: "PRO" as const },
      { archived: true },
      { archived: false, type: "SCO" as const },
      { name: "lycée" }
    ]
    const orga = await served.orga()
    const reference = await memory.orga()
    for (const filter of filters)
      expect(await served.run(orga.organizationsForAdmin(admin, filter))).toEqual(
        await memory.run(reference.organizationsForAdmin(admin, filter))
      )
    expect((await served.run(orga.organizationsForAdmin(admin, { archived: true }))).map((view) => view.name)).toEqual([
      "Collège A"
    ])
  })

  it("refuses a caller who is not Pix Admin as a memory instance does, having read no school", async () => {
    clear(reads)
    const refused = await served.fail((await served.orga()).organizationsForAdmin(Orga.user("teacher")))
    expect(refused).toEqual(await memory.fail((await memory.orga()).organizationsForAdmin(Orga.user("teacher"))))
    expect(refused).toMatchObject({ _tag: "Forbidden" })
    expect(schoolsOf(reads.keys)).toEqual([])
    expect(reads.scans).toBe(0)
  })

  it("then serves a school's page as a memory instance does: what a batch loaded alone is completed", async () => {
    // The list loaded the schools' own rows only; the team page also reads the colleague's account (a need).
    await served.run((await served.orga()).organizationsForAdmin(admin, { name: "collège g" }))
    clear(reads)
    const teacher = Orga.user("teacher")
    const team = await served.run((await served.orga()).members(teacher, "orga-10"))
    expect(team).toEqual(await memory.run((await memory.orga()).members(teacher, "orga-10")))
    expect(team.map((member) => member.lastName).sort()).toEqual(["colleague", "teacher"])
    expect(reads.keys).toContain("user:colleague")
  })

  it("folds a write that reaches a school the list loaded alone, and serves it whole afterwards", async () => {
    await served.run((await served.orga()).organizationsForAdmin(admin, { type: "PRO" }))
    // Another instance (the memory one, on the same file) registers a user who joins that school.
    const writer = await memory.orga()
    await memory.run(
      writer.registerUser({ userId: "newcomer", firstName: "N", lastName: "newcomer", email: "n@test.fr" })
    )
    const [invitation] = await memory.run(
      writer.inviteMembers(Orga.user("teacher"), { organizationId: "orga-10", emails: ["n@test.fr"], role: "MEMBER" })
    )
    await memory.run(writer.acceptInvitation(Orga.user("newcomer"), { organizationId: "orga-10", ...invitation! }))
    const teacher = Orga.user("teacher")
    const team = await served.run((await served.orga()).members(teacher, "orga-10"))
    expect(team).toEqual(await memory.run(writer.members(teacher, "orga-10")))
    expect(team.map((member) => member.lastName).sort()).toEqual(["colleague", "newcomer", "teacher"])
    const listed = await served.run((await served.orga()).organizationsForAdmin(admin, { type: "PRO" }))
    expect(listed).toEqual(await memory.run(writer.organizationsForAdmin(admin, { type: "PRO" })))
    expect(listed.find((view) => view.organizationId === "orga-10")?.membersCount).toBe(3)
  })
})
