/**
 * Serving from the read-model tables on SQLite (issue 17): a log written through the app on a file, the app stopped,
 * then an instance started over the same file with `readModels: "tables"` reads the tables' router and checkpoint,
 * not the log (the events it reads from the store are counted), and answers as the memory instance did. The golden
 * exports come out the same from a served instance.
 */
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, describe, expect, it } from "vitest"
import * as BackOffice from "../src/BackOffice.ts"
import * as Orga from "../src/Orga.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { exportOnSqlite, golden } from "./support/goldenExport.ts"
import * as GoldenScenario from "./support/goldenScenario.ts"
import { harness, pixAdmin, tablesSettled, tempSqlite } from "./support/harness.ts"

// The store as the front door sees it, counting the events it reads.
const counting = (
  layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>,
  counter: { events: number }
) =>
  Layer.effectContext(
    Effect.map(Effect.context<EventStore.EventStore>(), (context) => {
      const store = Context.get(context, EventStore.EventStore)
      return Context.add(context, EventStore.EventStore, {
        ...store,
        readAll: (options) =>
          Effect.map(store.readAll(options), (events) => {
            counter.events += events.length
            return events
          }),
        readStream: (...args) =>
          Effect.map(store.readStream(...args), (events) => {
            counter.events += events.length
            return events
          })
      } satisfies EventStore.EventStoreShape)
    })
  ).pipe(Layer.provide(layer))

describe("an instance serving from the read-model tables of a SQLite file", () => {
  const file = tempSqlite()
  afterAll(() => file.cleanup())
  const organizationId = "lycee-victor-hugo"
  const uai = "0331234X"
  const principal = Orga.user("principal")
  const school = SiecleTesting.generateSchool({ seed: 11, students: 1500, uai, schoolYear: "2026" })
  const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")

  const answers = async (h: ReturnType<typeof harness>, orga: Orga.OrgaShape) => ({
    organization: await h.run(orga.organization(principal, organizationId)),
    members: await h.run(orga.members(principal, organizationId)),
    learners: await h.run(orga.learners(principal, organizationId)),
    campaigns: await h.run(orga.campaigns(principal, organizationId)),
    mine: await h.run(orga.logIntoOrga(principal)),
    history: await h.run(orga.importHistory(principal, organizationId))
  })

  it("restarts without a replay: it reads the tables' router and checkpoint, not the log, and answers the same", async () => {
    // Written through the app, in memory mode, the tables kept beside the log.
    const first = harness(Sqlite.layer(file.filename, { durability: "normal", readModelTables: true }))
    const orga = await first.orga()
    for (const [userId, email] of [
      [pixAdmin, "admin@pix.fr"],
      ["principal", "principal@lycee.fr"]
    ] as const)
      await first.run(orga.registerUser({ userId, firstName: "Prénom", lastName: "Nom", email }))
    await first.run(
      orga.registerOrganization(Orga.user(pixAdmin), {
        organizationId,
        name: "Lycée Victor Hugo",
        type: "SCO",
        uai,
        isManagingStudents: true
      })
    )
    const invitation = await first.run(
      orga.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "principal@lycee.fr" })
    )
    await first.run(
      orga.acceptInvitation(principal, { organizationId, invitationId: invitation.invitationId, code: invitation.code })
    )
    await first.run(orga.importSiecleFile(principal, { organizationId, fileName: "eleves.zip", bytes }))
    await first.run(orga.createCampaign(principal, { organizationId, name: "Rentrée", type: "PROFILES_COLLECTION" }))
    const before = await answers(first, orga)
    await first.dispose()
    const head = await tablesSettled(file.filename)
    expect(head).toBeGreaterThan(1200)

    const counter = { events: 0 }
    const served = harness(
      counting(Sqlite.layer(file.filename, { durability: "normal", readModels: "tables", cacheSchools: 1 }), counter),
      { idPrefix: "served" }
    )
    try {
      const again = await served.orga()
      const started = counter.events
      // Only the command ids of the log's last events (Follower.commandWindow), never the whole log.
      expect(started).toBeLessThanOrEqual(1000)
      expect(started).toBeLessThan(head)
      const rebuild = await served.run(Effect.map(BackOffice.BackOffice, (backOffice) => backOffice.rebuild))
      expect(rebuild.snapshotPosition).toBe(BigInt(head))
      expect(await answers(served, again)).toEqual(before)
      // The answers came from the rows: the log's tail was empty.
      expect(counter.events).toBe(started)
      // A write on the served instance is read back at once (read-your-writes).
      await served.run(
        again.createCampaign(principal, { organizationId, name: "Second trimestre", type: "PROFILES_COLLECTION" })
      )
      expect((await served.run(again.campaigns(principal, organizationId))).map((each) => each.name).sort()).toEqual([
        "Rentrée",
        "Second trimestre"
      ])
    } finally {
      await served.dispose()
    }
  })
})

const servedExport = (appends: ReadonlyArray<GoldenScenario.Append>) => exportOnSqlite(appends, "tables")

describe("the golden scenario served from the read-model tables of a SQLite file", () => {
  it("exports the assessment's golden file", async () => {
    expect(await servedExport(GoldenScenario.assessmentScenario())).toBe(golden("assessment-results.csv"))
  })

  it("exports the profiles collection's golden file", async () => {
    expect(await servedExport(GoldenScenario.profilesScenario())).toBe(golden("profiles-collection.csv"))
  })
})
