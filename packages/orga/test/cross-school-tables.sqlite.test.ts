/**
 * Calls that cross schools, served from the read-model tables (issue 17): a login (`logIntoOrga`), an invitation by
 * UAI (`sendScoInvitation`) and a user's data read only the schools the router names (the user's memberships, the
 * UAI's organizations, the schools he took part in), never every row, and answer as a memory instance does. The rows
 * an instance reads are counted through its tables' sink.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { type Harness, harness, pixAdmin, tempSqlite } from "./support/harness.ts"
import { clear, noReads, type Reads, schoolsOf, servedBesideMemory } from "./support/tableReads.ts"

const schools = ["college-0", "college-1", "college-2", "college-3"]
const uaiOf = (index: number) => `033123${index}A`

// The schools whose rows were read (the acting user's account and links are read too).
const schoolsRead = (reads: Reads) => schoolsOf(reads.keys)

const byId = <A extends { readonly organizationId: string }>(views: ReadonlyArray<A>) =>
  [...views].sort((a, b) => a.organizationId.localeCompare(b.organizationId))

describe("calls across schools served from the read-model tables of a SQLite file", () => {
  const file = tempSqlite()
  let served: Harness
  let memory: Harness
  let instances: ReturnType<typeof servedBesideMemory> | undefined
  const reads = noReads()

  beforeAll(async () => {
    // Four schools; "m" joins three of them and leaves the third; "p" takes part in a campaign of the fourth.
    const writer = harness(Sqlite.layer(file.filename, { durability: "normal", readModelTables: true }))
    const orga = await writer.orga()
    for (const userId of [pixAdmin, "m", "p", ...schools.map((school) => `admin-${school}`)])
      await writer.run(orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@test.fr` }))
    for (const [index, organizationId] of schools.entries()) {
      await writer.run(
        orga.registerOrganization(Orga.user(pixAdmin), {
          organizationId,
          name: `Collège ${index}`,
          type: "SCO",
          uai: uaiOf(index),
          // The fourth school's campaign is open to anyone (no roster to reconcile with).
          isManagingStudents: index !== 3,
          contactEmail: `ce.${uaiOf(index).toLowerCase()}@ac-bordeaux.fr`
        })
      )
      const first = await writer.run(
        orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: `admin-${organizationId}@test.fr` })
      )
      await writer.run(orga.acceptInvitation(Orga.user(`admin-${organizationId}`), { organizationId, ...first }))
    }
    for (const organizationId of schools.slice(0, 3)) {
      const [invitation] = await writer.run(
        orga.inviteMembers(Orga.user(`admin-${organizationId}`), {
          organizationId,
          emails: ["m@test.fr"],
          role: "MEMBER"
        })
      )
      await writer.run(orga.acceptInvitation(Orga.user("m"), { organizationId, ...invitation! }))
    }
    await writer.run(orga.leaveOrganization(Orga.user("m"), { organizationId: "college-2" }))
    const { code } = await writer.run(
      orga.createCampaign(Orga.user("admin-college-3"), {
        organizationId: "college-3",
        name: "Rentrée",
        type: "PROFILES_COLLECTION"
      })
    )
    await writer.run(orga.joinCampaign(Orga.user("p"), { code }))
    await writer.dispose()
    instances = servedBesideMemory(file.filename, 10, reads)
    served = instances.served
    memory = instances.memory
  }, 120_000)

  afterAll(async () => {
    await instances?.dispose()
    file.cleanup()
  })

  const readBy = async <A>(call: () => Promise<A>) => {
    clear(reads)
    const answer = await call()
    return { answer, schools: schoolsRead(reads), scans: reads.scans }
  }

  it("a login reads the schools the user is a member of only, and lists them as a memory instance", async () => {
    const login = await readBy(async () => (await served.orga()).logIntoOrga(Orga.user("m")).pipe(served.run))
    expect(login.scans).toBe(0)
    expect(login.schools).toEqual(["org:college-0", "org:college-1"])
    const expected = await memory.run((await memory.orga()).logIntoOrga(Orga.user("m")))
    expect(byId(login.answer)).toEqual(byId(expected))
    expect(byId(login.answer).map((view) => view.organizationId)).toEqual(["college-0", "college-1"])
    // A user who is a member of no school is refused as in memory mode, having read no school.
    const refused = await readBy(async () => (await served.orga()).logIntoOrga(Orga.user("p")).pipe(served.fail))
    expect(refused.schools).toEqual([])
    expect(refused.scans).toBe(0)
    expect(refused.answer).toEqual(await memory.fail((await memory.orga()).logIntoOrga(Orga.user("p"))))
  })

  it("an invitation by UAI reads the UAI's school only, and answers as a memory instance", async () => {
    // A school no call loaded before (college-2: the login above loaded college-0 and college-1, which stay cached).
    const input = { uai: ` ${uaiOf(2).toLowerCase()} `, firstName: "Claude", lastName: "Principal" }
    const sent = await readBy(async () =>
      (await served.orga()).sendScoInvitation(Orga.anonymous, input).pipe(served.run)
    )
    expect(sent.scans).toBe(0)
    expect(sent.schools).toEqual(["org:college-2"])
    expect(sent.answer).toMatchObject({ organizationId: "college-2", organizationName: "Collège 2" })
    // The memory instance (after the served one's append) resends the same invitation.
    expect(await memory.run((await memory.orga()).sendScoInvitation(Orga.anonymous, input))).toEqual(sent.answer)
    // A UAI no school has: the same refusal, no school read.
    const unknown = { ...input, uai: "0999999Z" }
    const refused = await readBy(async () =>
      (await served.orga()).sendScoInvitation(Orga.anonymous, unknown).pipe(served.fail)
    )
    expect(refused.schools).toEqual([])
    expect(refused.scans).toBe(0)
    expect(refused.answer).toEqual(await memory.fail((await memory.orga()).sendScoInvitation(Orga.anonymous, unknown)))
  })

  it("a user's data reads the schools he took part in or is a member of only, and answers as a memory instance", async () => {
    const data = await readBy(async () =>
      (await served.orga()).userData(Orga.user(pixAdmin), { userId: "p" }).pipe(served.run)
    )
    expect(data.scans).toBe(0)
    expect(data.schools).toEqual(["org:college-3"])
    const expected = await memory.run((await memory.orga()).userData(Orga.user(pixAdmin), { userId: "p" }))
    expect(data.answer.readModels).toEqual(expected.readModels)
    expect(data.answer.events).toEqual(expected.events)
    expect(data.answer.readModels.participations).toHaveLength(1)
  })
})
