/**
 * Housekeeping over real HTTP through the typed client: the campaign list's filters with the owner's names; the
 * learner list's filters and pages (a bad page or filter is a French 422 problem); a student joining with the code
 * alone; deleting a participation, then campaigns in a batch, after which their results are gone (404).
 */
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let organizationId = ""
let claire = ""
let sam = ""
const school = SiecleTesting.generateSchool({ seed: 5, students: 24, uai: "0331234X", schoolYear: "2026" })
const pupil = school.expected.students[0]!

beforeAll(async () => {
  app = await startApi()
  const admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  const invitation = await withClient(app, admin, (client) =>
    Effect.gen(function* () {
      const registered = yield* client.backOffice.registerOrganization({
        payload: { name: "Collège Jean Moulin", type: "SCO", uai: "0331234X", isManagingStudents: true }
      })
      organizationId = registered.organizationId
      return yield* client.backOffice.inviteFirstAdmin({
        params: { organizationId },
        payload: { email: "claire@college.fr" }
      })
    })
  )
  for (const [firstName, lastName, email] of [
    ["Claire", "Martin", "claire@college.fr"],
    [pupil.firstName, pupil.lastName, "sam@eleve.fr"]
  ] as const)
    await withClient(app, undefined, (client) =>
      client.accounts.signUp({ payload: { firstName, lastName, email, password: "Motdepasse1" } })
    )
  claire = await tokenFor(app, "claire@college.fr", "Motdepasse1")
  sam = await tokenFor(app, "sam@eleve.fr", "Motdepasse1")
  await withClient(app, claire, (client) =>
    Effect.gen(function* () {
      yield* client.team.acceptInvitation({
        params: { invitationId: invitation.invitationId },
        payload: { organizationId, code: invitation.code }
      })
      yield* client.accounts.acceptTerms()
    })
  )
  const form = new FormData()
  form.append("file", new Blob([SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")]), "e.xml")
  expect((await call(app, "POST", `/organizations/${organizationId}/imports`, { token: claire, form })).status).toBe(
    200
  )
}, 60_000)
afterAll(() => app.close())

describe("housekeeping over HTTP", () => {
  it("filters and pages the lists, then deletes a participation and campaigns", async () => {
    const { first, second } = await withClient(app, claire, (client) =>
      Effect.gen(function* () {
        const first = yield* client.campaigns.createCampaign({
          params: { organizationId },
          payload: { name: "Collecte 3e", type: "PROFILES_COLLECTION" }
        })
        const second = yield* client.campaigns.createCampaign({
          params: { organizationId },
          payload: { name: "Rentrée", type: "PROFILES_COLLECTION" }
        })
        yield* client.campaigns.archiveCampaign({ params: { campaignId: second.campaignId } })
        return { first, second }
      })
    )
    // Sam: linked by what he typed the first time, by nothing but the code the second time.
    const joined = await withClient(app, sam, (client) =>
      Effect.gen(function* () {
        const joined = yield* client.participations.joinCampaign({ payload: { code: first.code, ...pupil } })
        yield* client.participations.shareProfile({
          params: { participationId: joined.participationId },
          payload: { pixByCompetence: { "1.1": 8, "1.2": 8, "2.1": 8, "2.2": 8, "3.1": 8 } }
        })
        return joined
      })
    )
    const lists = await withClient(app, claire, (client) =>
      Effect.gen(function* () {
        return {
          archived: yield* client.campaigns.campaigns({ params: { organizationId }, query: { status: "archived" } }),
          mine: yield* client.campaigns.campaigns({
            params: { organizationId },
            query: { mine: "true", ownerName: "claire", name: "collecte" }
          }),
          certifiable: yield* client.rosters.learners({
            params: { organizationId },
            query: { certificability: "eligible", connectionType: ["email", "identifiant"] }
          }),
          page: yield* client.rosters.learnersPage({
            params: { organizationId },
            query: { page: "2", pageSize: "10" }
          })
        }
      })
    )
    expect(lists.archived.map((row) => row.name)).toEqual(["Rentrée"])
    expect(lists.mine.map((row) => [row.name, row.ownerFirstName, row.ownerLastName])).toEqual([
      ["Collecte 3e", "Claire", "Martin"]
    ])
    expect(lists.certifiable.map((row) => [row.learnerId, row.connectionMethods])).toEqual([
      [joined.learnerId, ["email"]]
    ])
    expect(lists.page.pagination.rowCount).toBeGreaterThan(10)
    expect(lists.page.learners).toHaveLength(Math.min(10, lists.page.pagination.rowCount - 10))
    expect(lists.page.pagination).toMatchObject({ page: 2, pageSize: 10 })
    expect(lists.page.pagination.pageCount).toBe(Math.ceil(lists.page.pagination.rowCount / 10))

    for (const [path, detail] of [
      ["learners/page?page=0", /numéro de page/],
      ["learners/page?pageSize=500", /lignes par page/],
      ["learners/page?page=deux", /numéro de page/],
      ["learners?certificability=oui", /certificability/]
    ] as const) {
      const refused = await call(app, "GET", `/organizations/${organizationId}/${path}`, { token: claire })
      expect(refused.status, path).toBe(422)
      expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect(refused.body.code).toBe("INVALID_INPUT")
      expect(refused.body.detail).toMatch(detail)
    }
    const badStatus = await call(app, "GET", `/organizations/${organizationId}/campaigns?status=deleted`, {
      token: claire
    })
    expect(badStatus.status).toBe(422)

    // The second join of the same campaign is refused; a new campaign needs only the code.
    const third = await withClient(app, claire, (client) =>
      client.campaigns.createCampaign({
        params: { organizationId },
        payload: { name: "Bilan", type: "PROFILES_COLLECTION" }
      })
    )
    const again = await withClient(app, sam, (client) =>
      client.participations.joinCampaign({ payload: { code: third.code } })
    )
    expect(again.learnerId).toBe(joined.learnerId)

    await withClient(app, claire, (client) =>
      client.campaigns.deleteParticipation({
        params: { campaignId: third.campaignId, participationId: again.participationId }
      })
    )
    const results = await withClient(app, claire, (client) =>
      client.reports.campaignResults({ params: { campaignId: third.campaignId }, query: {} })
    )
    expect(results.participants).toEqual([])

    const deleted = await withClient(app, claire, (client) =>
      client.campaigns.deleteCampaigns({
        params: { organizationId },
        payload: { campaignIds: [first.campaignId, second.campaignId] }
      })
    )
    expect(deleted).toEqual({ campaignIds: [first.campaignId, second.campaignId], participationsDeleted: 1 })
    const gone = await call(app, "GET", `/campaigns/${first.campaignId}/results`, { token: claire })
    expect(gone.status).toBe(404)
    expect(gone.body.code).toBe("CAMPAIGN_NOT_FOUND")
    const empty = await call(app, "DELETE", `/organizations/${organizationId}/campaigns`, {
      token: claire,
      body: { campaignIds: [] }
    })
    expect(empty.status).toBe(422)
    expect(empty.body.detail).toMatch(/campaignIds/)
    const remaining = await withClient(app, claire, (client) =>
      client.campaigns.campaigns({ params: { organizationId }, query: {} })
    )
    expect(remaining.map((row) => row.name)).toEqual(["Bilan"])
  }, 60_000)
})
