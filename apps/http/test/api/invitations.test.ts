/**
 * Reading an invitation by its id and code (`GET /organization-invitations/:id?code=`), as the e-mail's link
 * gives them: anyone holding the link reads the organization's name and the invitation; a wrong code and an
 * unknown id get the same 404, a cancelled or accepted one Pix's 409 with its French text, an expired one says
 * so; a missing code is a 400; none of them changes anything; a flood of reads from one client is limited. An
 * invitation written on another instance (here: straight through the library) is found as soon as it is in the log.
 */
import { EventStore } from "@orga/event-store"
import { Team } from "@orga/orga"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import * as InvitationIndex from "../../src/invitations/InvitationIndex.ts"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let pix: string
let admin: string
let organizationId: string
let adminId: string
const sent: Record<string, { invitationId: string; code: string }> = {}

const head = () =>
  app.run(Effect.flatMap(EventStore.EventStore, (store) => store.head) as unknown as Effect.Effect<bigint>)
const show = (invitationId: string, code: string | undefined, token?: string) =>
  call(
    app,
    "GET",
    `/organization-invitations/${encodeURIComponent(invitationId)}${code === undefined ? "" : `?code=${encodeURIComponent(code)}`}`,
    { token }
  )

beforeAll(async () => {
  app = await startApi()
  pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  organizationId = (
    await call(app, "POST", "/back-office/organizations", {
      token: pix,
      body: { name: "Lycée Montaigne", type: "SCO", uai: "0331234X", isManagingStudents: true }
    })
  ).body.organizationId
  const first = await call(app, "POST", `/back-office/organizations/${organizationId}/first-admin-invitation`, {
    token: pix,
    body: { email: "claire@lycee.fr" }
  })
  await call(app, "POST", "/auth/sign-up", {
    body: { firstName: "Claire", lastName: "M", email: "claire@lycee.fr", password: "Motdepasse1" }
  })
  admin = await tokenFor(app, "claire@lycee.fr", "Motdepasse1")
  sent.accepted = first.body
  await call(app, "POST", `/invitations/${first.body.invitationId}/accept`, {
    token: admin,
    body: { organizationId, code: first.body.code }
  })
  await call(app, "POST", "/me/pix-orga-terms", { token: admin })
  adminId = (await call(app, "GET", "/me", { token: admin })).body.userId
  const invited = await call(app, "POST", `/organizations/${organizationId}/invitations`, {
    token: admin,
    body: { emails: ["paul@lycee.fr", "zoe@lycee.fr"], role: null }
  })
  sent.pending = invited.body[0]
  sent.cancelled = invited.body[1]
  await call(app, "DELETE", `/organizations/${organizationId}/invitations/${sent.cancelled!.invitationId}`, {
    token: admin
  })
}, 30_000)
afterAll(() => app.close())

describe("an invitation read by id and code", () => {
  it("shows the organization and the invitation to anyone holding the link, through the typed client", async () => {
    const shown = await withClient(app, undefined, (client) =>
      client.team.showInvitation({ params: { invitationId: sent.pending!.invitationId }, query: sent.pending! })
    )
    expect(shown).toEqual({
      invitationId: sent.pending!.invitationId,
      organizationId,
      organizationName: "Lycée Montaigne",
      email: "paul@lycee.fr",
      role: null,
      status: "pending",
      lastSentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
    })
    // Signed in or not, as anyone: the link is the credential.
    expect((await show(sent.pending!.invitationId, sent.pending!.code, admin)).status).toBe(200)
  })

  it("answers a wrong code and an unknown id with the same 404, a missing code with a 400, changing nothing", async () => {
    const before = await head()
    const wrong = await show(sent.pending!.invitationId, "AAAAAAAAAA")
    const unknown = await show("no-such-invitation", sent.pending!.code)
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(404)
      expect(answer.headers.get("content-type")).toMatch(/application\/problem\+json/)
      expect(answer.body).toMatchObject({ code: "INVITATION_NOT_FOUND", detail: "Cette invitation n'existe pas." })
    }
    const missing = await show(sent.pending!.invitationId, undefined)
    expect([missing.status, missing.body.code]).toEqual([400, "INVALID_REQUEST"])
    expect(await head()).toBe(before)
  })

  it("says a cancelled invitation is no longer valid, and an accepted one was accepted (409, Pix's text)", async () => {
    const cancelled = await show(sent.cancelled!.invitationId, sent.cancelled!.code)
    expect([cancelled.status, cancelled.body.code, cancelled.body.detail]).toEqual([
      409,
      "CANCELLED_INVITATION",
      "Cette invitation n’est plus valide. Contactez l’administrateur de votre espace Pix Orga."
    ])
    const accepted = await show(sent.accepted!.invitationId, sent.accepted!.code)
    expect([accepted.status, accepted.body.code, accepted.body.detail]).toEqual([
      409,
      "ALREADY_EXISTING_INVITATION",
      "Cette invitation a déjà été acceptée."
    ])
  })

  it("finds an invitation written after the index was filled, and follows its acceptance", async () => {
    const [later] = await app.run(
      Effect.flatMap(Team.Team, (team) =>
        team.inviteMembers(Library.actor(adminId), {
          organizationId,
          emails: ["late@lycee.fr"],
          role: "ADMIN"
        })
      )
    )
    const shown = await show(later!.invitationId, later!.code)
    expect([shown.status, shown.body.role, shown.body.email]).toEqual([200, "ADMIN", "late@lycee.fr"])
    await call(app, "POST", "/auth/sign-up", {
      body: { firstName: "Late", lastName: "L", email: "late@lycee.fr", password: "Motdepasse1" }
    })
    const late = await tokenFor(app, "late@lycee.fr", "Motdepasse1")
    const accept = await call(app, "POST", `/invitations/${later!.invitationId}/accept`, {
      token: late,
      body: { organizationId: shown.body.organizationId, code: later!.code }
    })
    expect(accept.status).toBe(204)
    expect((await show(later!.invitationId, later!.code)).body.code).toBe("ALREADY_EXISTING_INVITATION")
  })
})

describe("guessing codes", () => {
  // Last in the file: the client's budget is spent afterwards.
  it("is limited per client address: a flood of reads gets a French 429 with Retry-After", async () => {
    let answer = await show(sent.pending!.invitationId, "GUESS00000")
    for (let attempt = 1; attempt < 40 && answer.status !== 429; attempt++)
      answer = await show(sent.pending!.invitationId, `GUESS${String(attempt).padStart(5, "0")}`)
    expect(answer.status).toBe(429)
    expect(answer.headers.get("retry-after")).toMatch(/^\d+$/)
    expect(answer.headers.get("content-type")).toMatch(/application\/problem\+json/)
    expect(answer.body.detail).toMatch(/[a-zé]/)
  })
})

describe("the read rule", () => {
  const recorded = (type: string, data: Record<string, unknown>) =>
    ({ type, data }) as unknown as EventStore.RecordedEvent
  const events = [
    recorded("OrganizationRegistered", { name: "Collège" }),
    recorded("MemberInvited", {
      invitationId: "i1",
      email: "a@b.fr",
      code: "ABCDEFGHIJ",
      role: "MEMBER",
      occurredAt: "2026-01-01T10:00:00.000Z"
    }),
    recorded("InvitationResent", { invitationId: "i1", role: null, occurredAt: "2026-02-01T10:00:00.000Z" })
  ]

  it("counts the 30 days from the last sending, and names the expiry", () => {
    const folded = InvitationIndex.fold(events, "i1")
    const inTime = InvitationIndex.check(folded, "o1", "i1", "ABCDEFGHIJ", "2026-03-02T10:00:00.000Z")
    expect(inTime).toMatchObject({ organizationName: "Collège", role: null, lastSentAt: "2026-02-01T10:00:00.000Z" })
    const late = InvitationIndex.check(folded, "o1", "i1", "ABCDEFGHIJ", "2026-03-04T10:00:00.000Z")
    expect(late).toMatchObject({ _tag: "Conflict", code: "INVITATION_EXPIRED" })
  })

  it("refuses a code of another length or case as a wrong code", () => {
    const folded = InvitationIndex.fold(events, "i1")
    for (const code of ["abcdefghij", "ABCDEFGHI", "ABCDEFGHIJK", ""])
      expect(InvitationIndex.check(folded, "o1", "i1", code, "2026-02-02T00:00:00.000Z")).toMatchObject({
        code: "INVITATION_NOT_FOUND"
      })
  })
})
