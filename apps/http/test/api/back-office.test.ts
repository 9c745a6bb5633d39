/**
 * The back office's organizations and places over HTTP, through the typed client: Pix Admin registers a school,
 * gives it places and lists, shows and archives it; the school's staff asks for its administrator invitation by UAI
 * without signing in; refusals are problem+json with Pix's codes (an unknown UAI 404, a bad lot 422, an archived
 * school 409).
 */
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let admin = ""
let organizationId = ""

beforeAll(async () => {
  app = await startApi()
  admin = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  organizationId = (
    await withClient(app, admin, (client) =>
      client.backOffice.registerOrganization({
        payload: {
          name: "Lycée Montaigne",
          type: "SCO",
          uai: "0330021U",
          isManagingStudents: true,
          contactEmail: "ce.0330021u@ac-bordeaux.fr"
        }
      })
    )
  ).organizationId
}, 60_000)
afterAll(() => app.close())

describe("the back office over HTTP", () => {
  it("Pix Admin records a lot, switches the limit on, and reads the places", async () => {
    const places = await withClient(app, admin, (client) =>
      Effect.gen(function* () {
        const { lotId } = yield* client.backOffice.addPlacesLot({
          params: { organizationId },
          payload: {
            count: 350,
            category: "T1",
            reference: "BC-2026-17",
            activationDate: "2026-09-01",
            expirationDate: "2027-08-31"
          }
        })
        expect(lotId).not.toBe("")
        yield* client.backOffice.setPlacesLimit({ params: { organizationId }, payload: { enabled: true } })
        return yield* client.backOffice.organizationForAdmin({ params: { organizationId } })
      })
    )
    expect(places.places).toMatchObject({ total: 350, occupied: 0, available: 350, limitEnabled: true })
    expect(places.places.lots[0]).toMatchObject({ reference: "BC-2026-17", categoryLabel: "Tarif public" })
  })

  it("a lot the form refuses is a 422 problem with Pix's message", async () => {
    const refused = await call(app, "POST", `/back-office/organizations/${organizationId}/places-lots`, {
      token: admin,
      body: { count: 0, category: "T1", reference: "R", activationDate: "2026-09-01", expirationDate: "2027-08-31" }
    })
    expect(refused.status).toBe(422)
    expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/)
    expect(refused.body).toMatchObject({
      code: "INVALID_PLACES_COUNT",
      detail: "Le nombre de places doit être un nombre sans virgule supérieur à 0."
    })
  })

  it("the school's staff asks for its administrator invitation by UAI, signed in or not", async () => {
    const sent = await withClient(app, undefined, (client) =>
      client.team.sendScoInvitation({ payload: { uai: "0330021u", firstName: "Paul", lastName: "Durand" } })
    )
    expect(sent).toMatchObject({
      organizationId,
      organizationName: "Lycée Montaigne",
      email: "ce.0330021u@ac-bordeaux.fr"
    })
    const unknown = await call(app, "POST", "/organization-invitations/sco", {
      body: { uai: "0339999Z", firstName: "Paul", lastName: "Durand" }
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({
      code: "UAI_NOT_RECOGNIZED",
      detail: "L'UAI/RNE 0339999Z de l'établissement n’est pas reconnu."
    })
  })

  it("Pix Admin lists and archives the school; it then takes no invitation", async () => {
    const listed = await withClient(app, admin, (client) =>
      client.backOffice.organizationsForAdmin({ query: { uai: "0330021" } })
    )
    expect(listed.map((organization) => organization.name)).toEqual(["Lycée Montaigne"])
    await withClient(app, admin, (client) => client.backOffice.archiveOrganization({ params: { organizationId } }))
    const archived = await withClient(app, admin, (client) =>
      client.backOffice.organizationsForAdmin({ query: { archived: "true" } })
    )
    expect(archived.map((organization) => organization.organizationId)).toEqual([organizationId])
    const refused = await call(app, "POST", "/organization-invitations/sco", {
      body: { uai: "0330021U", firstName: "Paul", lastName: "Durand" }
    })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe("ORGANIZATION_ARCHIVED")
  })
})
