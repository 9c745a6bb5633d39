/**
 * A retried write changes nothing, for every family of write endpoints (POST, and PATCH, PUT, DELETE): sent again
 * with its `Idempotency-Key`, it is answered the first answer (replayed) and the log does not grow; and when the
 * first answer was never stored (an instance that died after writing, before keeping the response: here the
 * idempotency table is emptied), the retry still appends nothing, because the handler gave the library the key's
 * command id, and answers as the first time.
 */
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { EventStore } from "@orga/event-store"
import { Accounts, TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { pixAdmin, type RunningApi, startApi, tokenFor } from "./support.ts"

let app: RunningApi
const tokens: Record<string, string> = {}
const ids: Record<string, string> = {}
const school = SiecleTesting.generateSchool({ seed: 5, students: 10, uai: "0331234X", schoolYear: "2026" })
const pupil = school.expected.students[0]!
const siecleBytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")

/** The log's head: what must not move when a request is retried. */
const head = () =>
  app.run(Effect.flatMap(EventStore.EventStore, (store) => store.head) as unknown as Effect.Effect<bigint>)

/** Forgets every stored first answer, as if the instance that wrote had died before keeping it. */
const forgetAnswers = () => {
  const db = new DatabaseSync(Path.join(app.dataDir, "idempotency.db"))
  db.exec("DELETE FROM http_idempotency")
  db.close()
}

interface Answer {
  readonly status: number
  readonly text: string
  readonly replayed: string | null
}

const send = async (
  method: string,
  path: string,
  token: string | undefined,
  key: string | undefined,
  body?: unknown,
  form?: () => FormData
): Promise<Answer> => {
  const headers: Record<string, string> = {}
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (key !== undefined) headers["idempotency-key"] = key
  let payload: string | FormData | undefined
  if (form !== undefined) payload = form()
  else if (body !== undefined) {
    headers["content-type"] = "application/json"
    payload = JSON.stringify(body)
  }
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload })
  })
  return {
    status: response.status,
    text: await response.text(),
    replayed: response.headers.get("idempotency-replayed")
  }
}

const post = (
  path: string,
  token: string | undefined,
  key: string | undefined,
  body?: unknown,
  form?: () => FormData
) => send("POST", path, token, key, body, form)

const ok = async (path: string, token: string | undefined, body?: unknown) => {
  const answer = await post(path, token, undefined, body)
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.text}`)
  return answer.text === "" ? undefined : JSON.parse(answer.text)
}

/**
 * Sends a write with a fresh key, then the same request twice more: once replayed from the stored answer, once
 * after the stored answers are forgotten. Answers the three answers and the log's growth after the first.
 */
const retried = async (path: string, token: string, body?: unknown, form?: () => FormData, method = "POST") => {
  const key = `retry-${path}-${Math.random()}`
  const first = await send(method, path, token, key, body, form)
  const after = await head()
  const replayed = await send(method, path, token, key, body, form)
  forgetAnswers()
  const redelivered = await send(method, path, token, key, body, form)
  return { first, replayed, redelivered, growth: (await head()) - after }
}

const siecleForm = () => {
  const form = new FormData()
  form.append("file", new Blob([siecleBytes]), "ElevesSansAdresses.xml")
  return form
}

beforeAll(async () => {
  app = await startApi()
  tokens.pix = await tokenFor(app, pixAdmin.email, pixAdmin.password)
  for (const [name, email] of [
    ["claire", "claire@college.fr"],
    ["paul", "paul@college.fr"]
  ] as const) {
    await ok("/auth/sign-up", undefined, { firstName: name, lastName: "Test", email, password: "Motdepasse1" })
    tokens[name] = await tokenFor(app, email, "Motdepasse1")
  }
  await ok("/auth/sign-up", undefined, { ...pupil, email: "eleve@college.fr", password: "Motdepasse1" })
  tokens.student = await tokenFor(app, "eleve@college.fr", "Motdepasse1")
}, 30_000)
afterAll(() => app.close())

describe("a retried POST with its Idempotency-Key", () => {
  it("back office: registers one organization and invites its first admin once", async () => {
    const registered = await retried("/back-office/organizations", tokens.pix!, {
      name: "Collège Jean Moulin",
      type: "SCO",
      uai: "0331234X",
      isManagingStudents: true
    })
    expect([registered.first.status, registered.replayed.replayed, registered.growth]).toEqual([200, "true", 0n])
    expect([registered.redelivered.status, registered.redelivered.replayed]).toEqual([200, null])
    expect(registered.redelivered.text).toBe(registered.first.text)
    ids.organization = JSON.parse(registered.first.text).organizationId

    const invited = await retried(
      `/back-office/organizations/${ids.organization}/first-admin-invitation`,
      tokens.pix!,
      {
        email: "claire@college.fr"
      }
    )
    expect([invited.first.status, invited.replayed.replayed, invited.growth]).toEqual([200, "true", 0n])
    expect(invited.redelivered.text).toBe(invited.first.text)
    const invitation = JSON.parse(invited.first.text)
    await ok(`/invitations/${invitation.invitationId}/accept`, tokens.claire, {
      organizationId: ids.organization,
      code: invitation.code
    })
  })

  it("accounts: accepts the terms once", async () => {
    const accepted = await retried("/me/pix-orga-terms", tokens.claire!)
    expect([accepted.first.status, accepted.replayed.status, accepted.redelivered.status]).toEqual([204, 204, 204])
    expect([accepted.replayed.replayed, accepted.growth]).toEqual(["true", 0n])
  })

  it("team: invites once, resends once, and an invitation accepted by a retry is accepted once", async () => {
    const invited = await retried(`/organizations/${ids.organization}/invitations`, tokens.claire!, {
      emails: ["paul@college.fr"],
      role: "MEMBER"
    })
    expect([invited.first.status, invited.replayed.replayed, invited.growth]).toEqual([200, "true", 0n])
    expect(invited.redelivered.text).toBe(invited.first.text)
    const [sent] = JSON.parse(invited.first.text)
    const resent = await retried(
      `/organizations/${ids.organization}/invitations/${sent.invitationId}/resend`,
      tokens.claire!
    )
    expect([resent.first.status, resent.redelivered.status, resent.growth]).toEqual([204, 204, 0n])
    const accepted = await retried(`/invitations/${sent.invitationId}/accept`, tokens.paul!, {
      organizationId: ids.organization,
      code: sent.code
    })
    // Without the command id, the second acceptance would be refused (already accepted): it answers as the first.
    expect([accepted.first.status, accepted.replayed.status, accepted.redelivered.status]).toEqual([204, 204, 204])
    expect(accepted.growth).toBe(0n)
  })

  it("team, other methods: a role changed (PATCH), a deadline set (PUT), an invitation cancelled (DELETE) once", async () => {
    const paul = (await app.run(
      Effect.flatMap(Accounts.Accounts, (accounts) => accounts.accountByLogin("paul@college.fr"))
    ))!
    const promoted = await retried(
      `/organizations/${ids.organization}/members/${paul.userId}`,
      tokens.claire!,
      { role: "ADMIN" },
      undefined,
      "PATCH"
    )
    expect([promoted.first.status, promoted.replayed.replayed, promoted.redelivered.status]).toEqual([204, "true", 204])
    expect(promoted.growth).toBe(0n)
    const deadline = await retried(
      `/organizations/${ids.organization}/collection-deadline`,
      tokens.claire!,
      { schoolYear: "2026", deadline: "2027-03-31" },
      undefined,
      "PUT"
    )
    expect([deadline.first.status, deadline.redelivered.status, deadline.growth]).toEqual([204, 204, 0n])
    const [pending] = await ok(`/organizations/${ids.organization}/invitations`, tokens.claire, {
      emails: ["zoe@college.fr"],
      role: null
    })
    const cancelled = await retried(
      `/organizations/${ids.organization}/invitations/${pending.invitationId}`,
      tokens.claire!,
      undefined,
      undefined,
      "DELETE"
    )
    // Without the command id, cancelling again would be refused (no longer pending).
    expect([cancelled.first.status, cancelled.replayed.status, cancelled.redelivered.status]).toEqual([204, 204, 204])
    expect(cancelled.growth).toBe(0n)
  })

  it("rosters: imports a SIECLE upload once (a retry builds the form again)", async () => {
    const imported = await retried(`/organizations/${ids.organization}/imports`, tokens.claire!, undefined, siecleForm)
    expect([imported.first.status, imported.replayed.replayed, imported.growth]).toEqual([200, "true", 0n])
    expect(imported.redelivered.status).toBe(200)
    expect(JSON.parse(imported.redelivered.text).added).toBe(JSON.parse(imported.first.text).added)
  })

  it("campaigns: creates one campaign and archives it once", async () => {
    const created = await retried(`/organizations/${ids.organization}/campaigns`, tokens.claire!, {
      name: "Évaluation 3e",
      type: "ASSESSMENT",
      targetProfileId: TargetProfiles.sample.id
    })
    expect([created.first.status, created.replayed.replayed, created.growth]).toEqual([200, "true", 0n])
    expect(created.redelivered.text).toBe(created.first.text)
    const campaign = JSON.parse(created.first.text)
    ids.campaign = campaign.campaignId
    ids.code = campaign.code
    const archived = await retried(`/campaigns/${ids.campaign}/archive`, tokens.claire!)
    // Without the command id, archiving again would be refused (already archived).
    expect([archived.first.status, archived.replayed.status, archived.redelivered.status]).toEqual([204, 204, 204])
    expect(archived.growth).toBe(0n)
    await ok(`/campaigns/${ids.campaign}/unarchive`, tokens.claire)
  })

  it("participations: joins once, records the outcome once and shares once", async () => {
    const joined = await retried("/participations/reconciliation", tokens.student!, { code: ids.code, ...pupil })
    expect([joined.first.status, joined.replayed.replayed, joined.growth]).toEqual([200, "true", 0n])
    expect(joined.redelivered.text).toBe(joined.first.text)
    const { participationId } = JSON.parse(joined.first.text)
    const outcome = await retried(`/participations/${participationId}/assessment-outcome`, tokens.student!, {
      validatedSkillIds: TargetProfiles.sample.skills.slice(0, 3).map((skill) => skill.id),
      testedSkillIds: TargetProfiles.sample.skills.map((skill) => skill.id)
    })
    expect([outcome.first.status, outcome.redelivered.status, outcome.growth]).toEqual([204, 204, 0n])
    const shared = await retried(`/participations/${participationId}/share-results`, tokens.student!)
    expect([shared.first.status, shared.replayed.status, shared.redelivered.status]).toEqual([204, 204, 204])
    expect(shared.growth).toBe(0n)
  })

  it("refuses the key reused for another request, and keeps keys apart per account", async () => {
    const key = "one-key-two-requests"
    const created = await post(`/organizations/${ids.organization}/campaigns`, tokens.claire, key, {
      name: "Collecte",
      type: "PROFILES_COLLECTION"
    })
    expect(created.status).toBe(200)
    const before = await head()
    const other = await post(`/organizations/${ids.organization}/campaigns`, tokens.claire, key, {
      name: "Autre",
      type: "PROFILES_COLLECTION"
    })
    expect([other.status, JSON.parse(other.text).code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"])
    expect(await head()).toBe(before)
    // Paul's same key is his own: a campaign of his, not Claire's answer.
    await ok("/me/pix-orga-terms", tokens.paul)
    const paul = await post(`/organizations/${ids.organization}/campaigns`, tokens.paul, key, {
      name: "Collecte",
      type: "PROFILES_COLLECTION"
    })
    expect([paul.status, paul.replayed]).toEqual([200, null])
    expect(JSON.parse(paul.text).campaignId).not.toBe(JSON.parse(created.text).campaignId)
  })

  it("rosters and accounts: confirms a SIECLE preview once, adds a student's username once", async () => {
    const preview = await post(
      `/organizations/${ids.organization}/imports/preview`,
      tokens.claire,
      undefined,
      undefined,
      siecleForm
    )
    const { previewId } = JSON.parse(preview.text)
    const confirmed = await retried(
      `/organizations/${ids.organization}/imports/previews/${previewId}/confirm`,
      tokens.claire!
    )
    // Without the command id, confirming again would be refused (already confirmed).
    expect([confirmed.first.status, confirmed.replayed.replayed, confirmed.redelivered.status]).toEqual([
      200,
      "true",
      200
    ])
    expect(confirmed.growth).toBe(0n)
    expect(JSON.parse(confirmed.redelivered.text)).toEqual(JSON.parse(confirmed.first.text))
    const learner = JSON.parse(
      (await send("GET", `/organizations/${ids.organization}/learners`, tokens.claire, undefined)).text
    ).find((one: { lastName: string; isLinkedToAccount: boolean }) => one.isLinkedToAccount)
    const added = await retried(
      `/organizations/${ids.organization}/learners/${learner.learnerId}/username`,
      tokens.claire!
    )
    // Without the command id, adding again would be refused (the account has one).
    expect([added.first.status, added.replayed.replayed, added.redelivered.status, added.growth]).toEqual([
      200,
      "true",
      200,
      0n
    ])
    expect(JSON.parse(added.redelivered.text)).toEqual(JSON.parse(added.first.text))
  })
})
