/**
 * Two instances serving from the read-model tables of one PostgreSQL schema (issue 17), each with its own pool and
 * cache: a write on one is read on the other at once (every call folds the log's tail up to its head first), both
 * ways; and the golden exports come out of a served instance byte for byte.
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { describe, expect, inject, it } from "vitest"
import * as Orga from "../src/Orga.ts"
import * as Postgres from "../src/stores/Postgres.ts"
import * as GoldenExport from "./support/goldenExport.ts"
import * as GoldenScenario from "./support/goldenScenario.ts"
import { harness, pixAdmin } from "./support/harness.ts"

const schemaName = (what: string) => `orga_${what}_${process.pid}_${Date.now()}`

describe("two instances serving from the read-model tables of one PostgreSQL schema", () => {
  it("each reads the other's writes at once (read-your-writes across instances)", async () => {
    const schema = schemaName("served_two")
    const layer = () => Postgres.layer(inject("databaseUrl"), schema, { readModels: "tables", cacheSchools: 1 })
    const a = harness(layer(), { idPrefix: "a" })
    const b = harness(layer(), { idPrefix: "b" })
    try {
      const onA = await a.orga()
      const onB = await b.orga()
      const organizationId = "college-a"
      const principal = Orga.user("principal")
      await a.run(onA.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "admin@pix.fr" }))
      // Registered on A, the principal is known on B.
      await a.run(
        onA.registerUser({ userId: "principal", firstName: "Claire", lastName: "Martin", email: "claire@college.fr" })
      )
      expect(await b.run(onB.accountByLogin("claire@college.fr"))).toMatchObject({ userId: "principal" })
      await b.run(
        onB.registerOrganization(Orga.user(pixAdmin), {
          organizationId,
          name: "Collège A",
          type: "SCO",
          uai: "0331234X",
          isManagingStudents: true
        })
      )
      const invitation = await a.run(
        onA.inviteFirstAdmin(Orga.user(pixAdmin), { organizationId, email: "claire@college.fr" })
      )
      await b.run(
        onB.acceptInvitation(principal, {
          organizationId,
          invitationId: invitation.invitationId,
          code: invitation.code
        })
      )
      expect((await a.run(onA.members(principal, organizationId))).map((member) => member.userId)).toEqual([
        "principal"
      ])
      const school = SiecleTesting.generateSchool({ seed: 5, students: 40, uai: "0331234X", schoolYear: "2026" })
      const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
      await a.run(onA.importSiecleFile(principal, { organizationId, fileName: "eleves.zip", bytes }))
      expect(await b.run(onB.learners(principal, organizationId))).toEqual(
        await a.run(onA.learners(principal, organizationId))
      )
      const { campaignId } = await b.run(
        onB.createCampaign(principal, { organizationId, name: "Rentrée", type: "PROFILES_COLLECTION" })
      )
      expect((await a.run(onA.campaigns(principal, organizationId))).map((campaign) => campaign.campaignId)).toEqual([
        campaignId
      ])
      // A concurrent writer on the other instance: the stale decision conflicts and is decided again, never lost.
      await Promise.all([
        a.run(onA.updateCampaign(principal, { campaignId, name: "Rentrée (A)" })),
        b.run(onB.updateCampaign(principal, { campaignId, name: "Rentrée (B)" }))
      ])
      const [onANames, onBNames] = [
        (await a.run(onA.campaigns(principal, organizationId))).map((campaign) => campaign.name),
        (await b.run(onB.campaigns(principal, organizationId))).map((campaign) => campaign.name)
      ]
      expect(onANames).toEqual(onBNames)
      expect(["Rentrée (A)", "Rentrée (B)"]).toContain(onANames[0])
    } finally {
      await a.dispose()
      await b.dispose()
    }
  }, 60_000)
})

const servedExport = async (appends: ReadonlyArray<GoldenScenario.Append>) => {
  const schema = schemaName(`served_golden_${appends.length}`)
  const layer = (options: Parameters<typeof Postgres.layer>[2]) =>
    Postgres.layer(inject("databaseUrl"), schema, options)
  await Effect.runPromise(Effect.provide(GoldenScenario.write(appends), layer({})))
  return GoldenExport.exportOver(layer({ readModels: "tables", cacheSchools: 1 }))
}

describe("the golden scenario served from the read-model tables of PostgreSQL", () => {
  it("exports the assessment's golden file", async () => {
    expect(await servedExport(GoldenScenario.assessmentScenario())).toBe(GoldenExport.golden("assessment-results.csv"))
  })

  it("exports the profiles collection's golden file", async () => {
    expect(await servedExport(GoldenScenario.profilesScenario())).toBe(GoldenExport.golden("profiles-collection.csv"))
  })
})
