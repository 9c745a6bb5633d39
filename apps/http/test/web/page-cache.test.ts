/**
 * The heavy pages through `PageCache` over real HTTP (results, analysis, students): two staff members of one school
 * (and two sessions of one person) never get each other's page, in either order; a member removed from the school
 * is refused although the page was rendered for him before; a write (a student who joins, an import) shows on the
 * next request. And the activity chart's days, counted with one formatting per hour, are those of formatting each
 * participation.
 */
import { French } from "@orga/domain"
import type { Views } from "@orga/orga"
import { Accounts, Campaigns, Participations, Rosters, TargetProfiles, Team } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import { escapeText } from "../../src/web/Html.ts"
import * as CampaignPages from "../../src/web/pages/Campaigns.ts"
import { registerUser, startWebApp, type WebApp } from "./support.ts"

const claire = {
  userId: "claire",
  firstName: "Claire",
  lastName: "Martin",
  email: "claire@college.fr",
  password: "Claire-2026"
}
const paul = { userId: "paul", firstName: "Paul", lastName: "Durand", email: "paul@college.fr", password: "Paul-2026" }

const school = SiecleTesting.generateSchool({ seed: 11, students: 6, uai: "0331234X", schoolYear: "2026" })
const student = school.expected.students[0]!

let app: WebApp
let campaignId = ""
let code = ""
beforeAll(async () => {
  app = await startWebApp(claire)
  await registerUser(app, paul)
  const created = await app.run(
    Effect.gen(function* () {
      const team = yield* Team.Team
      const [invitation] = yield* team.inviteMembers(Library.actor(claire.userId), {
        organizationId: app.organizationId,
        emails: [paul.email],
        role: null
      })
      yield* team.acceptInvitation(Library.actor(paul.userId), {
        organizationId: app.organizationId,
        invitationId: invitation!.invitationId,
        code: invitation!.code
      })
      yield* (yield* Rosters.Rosters).importSiecleFile(Library.actor(claire.userId), {
        organizationId: app.organizationId,
        fileName: "eleves.xml",
        bytes: SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
      })
      return yield* (yield* Campaigns.Campaigns).createCampaign(Library.actor(claire.userId), {
        organizationId: app.organizationId,
        name: "Évaluation 3e",
        type: "ASSESSMENT",
        targetProfileId: TargetProfiles.sample.id,
        title: null,
        externalIdLabel: null,
        externalIdType: null,
        customLandingPageText: null,
        multipleSendings: false
      })
    })
  )
  campaignId = created.campaignId
  code = created.code
})
afterAll(() => app?.close())

/** A browser signed in as `who`, terms accepted. */
const browser = async (who: { readonly email: string; readonly password: string }) => {
  let cookie = ""
  const request = async (path: string, form?: Record<string, string>) => {
    const response = await fetch(`${app.url}${path}`, {
      method: form === undefined ? "GET" : "POST",
      redirect: "manual",
      headers: {
        ...(cookie === "" ? {} : { cookie }),
        ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" })
      },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() })
    })
    const set = response.headers.get("set-cookie")
    if (set !== null) cookie = set.split(";")[0]!
    return { status: response.status, location: response.headers.get("location"), text: await response.text() }
  }
  await request("/connexion", { login: who.email, password: who.password })
  const terms = await request("/cgu")
  if (terms.status === 200) await request("/cgu", { _csrf: csrfOf(terms.text) })
  return request
}

const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? ""
const pages = () => {
  const base = `/espace/${app.organizationId}`
  return [
    `${base}/campagnes/${encodeURIComponent(campaignId)}`,
    `${base}/campagnes/${encodeURIComponent(campaignId)}/analyse`,
    `${base}/eleves`,
    `${base}/eleves?classe=ZZ`
  ]
}

describe("the heavy pages through the cache", () => {
  it("never give one viewer's page to another, nor one session's to another session, in either order", async () => {
    const first = await browser(claire)
    const second = await browser(paul)
    const again = await browser(claire)
    for (const path of pages()) {
      // Each viewer twice: the second answer comes from the cache, and still names its own viewer and session.
      for (const [request, who] of [
        [first, claire],
        [second, paul],
        [again, claire],
        [second, paul],
        [first, claire]
      ] as const) {
        const page = await request(path)
        expect(page.status).toBe(200)
        expect(page.text).toContain(`${who.firstName} ${who.lastName}`)
        expect(page.text).not.toContain(who === claire ? "Paul Durand" : "Claire Martin")
      }
      const distinct = new Set(
        await Promise.all([first, second, again].map(async (request) => csrfOf((await request(path)).text)))
      )
      expect(distinct.size).toBe(3)
      expect(distinct.has("")).toBe(false)
    }
  })

  it("refuse a member removed from the school, although his page was rendered before", async () => {
    const member = { ...paul, userId: "jeanne", email: "jeanne@college.fr", firstName: "Jeanne" }
    await registerUser(app, member)
    await app.run(
      Effect.gen(function* () {
        const team = yield* Team.Team
        const [invitation] = yield* team.inviteMembers(Library.actor(claire.userId), {
          organizationId: app.organizationId,
          emails: [member.email],
          role: null
        })
        yield* team.acceptInvitation(Library.actor(member.userId), {
          organizationId: app.organizationId,
          invitationId: invitation!.invitationId,
          code: invitation!.code
        })
      })
    )
    const request = await browser(member)
    for (const path of pages()) expect((await request(path)).status).toBe(200)
    await app.run(
      Effect.flatMap(Team.Team, (team) =>
        team.removeMember(Library.actor(claire.userId), { organizationId: app.organizationId, userId: member.userId })
      )
    )
    for (const path of pages()) {
      const page = await request(path)
      expect(page.status).not.toBe(200)
      expect(page.text).not.toContain("Évaluation 3e")
    }
  })

  it("show a write on the next request: a student who joins, a class imported", async () => {
    const request = await browser(claire)
    const [results, analysis, learners] = pages() as [string, string, string]
    const participants = (text: string) =>
      /<span class="card-title">Participants<\/span><span class="figure">(\d+)<\/span>/.exec(text)?.[1]
    expect(participants((await request(results)).text)).toBe("0")
    expect(participants((await request(analysis)).text)).toBe("0")
    expect((await request(learners)).text).toContain(escapeText(student.lastName))
    await app.run(
      Effect.gen(function* () {
        yield* (yield* Accounts.Accounts).registerUser({
          userId: "eleve",
          firstName: student.firstName,
          lastName: student.lastName,
          username: "eleve.un"
        })
        yield* (yield* Participations.Participations).joinCampaign(Library.actor("eleve"), {
          code,
          firstName: student.firstName,
          lastName: student.lastName,
          birthdate: student.birthdate
        })
      })
    )
    const after = await request(results)
    expect(participants(after.text)).toBe("1")
    expect(after.text).toContain(`>${escapeText(student.lastName)}</a>`)
    expect(participants((await request(analysis)).text)).toBe("1")
    // A new import that leaves the first student out: the list shows it at once.
    const next = SiecleTesting.generateSchool({ seed: 12, students: 4, uai: "0331234X", schoolYear: "2026" })
    await app.run(
      Effect.flatMap(Rosters.Rosters, (rosters) =>
        rosters.importSiecleFile(Library.actor(claire.userId), {
          organizationId: app.organizationId,
          fileName: "eleves-2.xml",
          bytes: SiecleTesting.encode(SiecleTesting.render(next.document), "ISO-8859-15")
        })
      )
    )
    const list = (await request(learners)).text
    for (const added of next.expected.students) expect(list).toContain(escapeText(added.lastName))
  })
})

describe("the activity chart", () => {
  it("counts the participations of each Paris day as formatting each one would, in the same order", () => {
    const naive = (participants: ReadonlyArray<{ readonly createdAt: string }>) => {
      const counts = new Map<string, number>()
      for (const participant of participants) {
        const day = French.date(participant.createdAt)
        counts.set(day, (counts.get(day) ?? 0) + 1)
      }
      return [...counts.entries()].slice(-14).map(([label, value]) => ({ label, value }))
    }
    // Instants around the changes of time (Paris's offset moves at 01:00 UTC) and midnight, some unreadable.
    const instant = fc.oneof(
      fc
        .date({ min: new Date("2019-01-01T00:00:00Z"), max: new Date("2027-12-31T23:59:59Z"), noInvalidDate: true })
        .map((date) => date.toISOString()),
      fc
        .record({
          day: fc.constantFrom("2026-03-29", "2026-10-25", "2026-12-31"),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 })
        })
        .map(
          ({ day, hour, minute }) =>
            `${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00.000Z`
        ),
      fc.constantFrom("pas une date", "1960-05-01T23:30:00Z")
    )
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 60 }), (instants) => {
        const participants = instants.map((createdAt) => ({ createdAt }) as unknown as Views.ParticipantResult)
        expect(CampaignPages.byDay(participants)).toEqual(naive(participants))
      })
    )
  })
})
