/**
 * The school's workshop end to end over real HTTP through the typed client: a Pix admin registers the school and
 * invites its first admin, who receives the French e-mail (a real SMTP server on loopback), reads the invitation
 * from its link's id and code, signs up, accepts it and the terms, imports SIECLE, invites a member (e-mail
 * received, accepted the same way) and creates campaigns; students sign up and join (an accent missing, a wrong
 * birthdate explained); results by class, certificability and both CSVs downloaded and checked.
 */
import { TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as SmtpSink from "../fixtures/SmtpSink.ts"
import { call, pixAdmin, type RunningApi, startApi, tokenFor, withClient } from "./support.ts"

let app: RunningApi
let sink: SmtpSink.Sink
beforeAll(async () => {
  sink = await SmtpSink.start()
  app = await startApi({ SMTP_URL: sink.url })
})
afterAll(async () => {
  await app.close()
  await sink.close()
})

/** The e-mail received for `to` (waiting for the `count`-th message), and the invitation id and code of its link. */
const invitationMail = async (to: string, count: number) => {
  await sink.waitFor(count)
  const mail = sink.received.find((received) => received.to.includes(to))
  if (mail === undefined) throw new Error(`no e-mail to ${to}`)
  const link = /\/invitations\/([^?\s]+)\?code=([^\s&]+)/.exec(mail.text)
  if (link === null) throw new Error(`no invitation link in ${mail.text}`)
  return { mail, invitationId: decodeURIComponent(link[1]!), code: decodeURIComponent(link[2]!) }
}

const school = SiecleTesting.generateSchool({ seed: 7, students: 30, uai: "0331234X", schoolYear: "2026" })
const siecle = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
const siecleForm = () => {
  const form = new FormData()
  form.append("file", new Blob([siecle], { type: "text/xml" }), "ElevesSansAdresses.xml")
  return form
}
const strip = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "")

const signUp = (body: Record<string, string>) =>
  withClient(app, undefined, (client) => client.accounts.signUp({ payload: body as never }))

describe("the workshop over HTTP", () => {
  it("runs from the Pix admin to the CSV exports", async () => {
    // 1. Pix Admin registers the school and invites its first admin.
    const adminToken = await tokenFor(app, pixAdmin.email, pixAdmin.password)
    const { organizationId, invitation } = await withClient(app, adminToken, (client) =>
      Effect.gen(function* () {
        const { organizationId } = yield* client.backOffice.registerOrganization({
          payload: { name: "Collège Jean Moulin", type: "SCO", uai: "0331234X", isManagingStudents: true }
        })
        const invitation = yield* client.backOffice.inviteFirstAdmin({
          params: { organizationId },
          payload: { email: "claire@college.fr" }
        })
        return { organizationId, invitation }
      })
    )

    // 2. Claire receives the French e-mail, reads the invitation from its link, signs up, accepts it, then Pix
    // Orga's terms (nothing else before).
    const claireMail = await invitationMail("claire@college.fr", 1)
    expect(claireMail.mail.subject).toBe("Invitation à rejoindre Collège Jean Moulin sur Pix Orga")
    expect(claireMail.mail.text).toContain("Vous êtes invité(e) à rejoindre l'organisation « Collège Jean Moulin »")
    expect([claireMail.invitationId, claireMail.code]).toEqual([invitation.invitationId, invitation.code])
    const shown = await withClient(app, undefined, (client) =>
      client.team.showInvitation({
        params: { invitationId: claireMail.invitationId },
        query: { code: claireMail.code }
      })
    )
    expect(shown).toMatchObject({
      organizationId,
      organizationName: "Collège Jean Moulin",
      email: "claire@college.fr",
      status: "pending"
    })
    const claire = await signUp({
      firstName: "Claire",
      lastName: "Martin",
      email: "claire@college.fr",
      password: "Claire-2026"
    })
    expect(claire.username).toBeNull()
    const claireApp = await tokenFor(app, "claire@college.fr", "Claire-2026")
    await withClient(app, claireApp, (client) =>
      client.team.acceptInvitation({
        params: { invitationId: claireMail.invitationId },
        payload: { organizationId: shown.organizationId, code: claireMail.code }
      })
    )
    const claireToken = await tokenFor(app, "CLAIRE@college.fr", "Claire-2026", "orga")
    const gated = await call(app, "GET", `/organizations/${organizationId}/members`, { token: claireToken })
    expect(gated.status).toBe(403)
    expect(gated.body.code).toBe("PIX_ORGA_TERMS_NOT_ACCEPTED")
    expect(gated.body.detail).toMatch(/conditions d’utilisation de Pix Orga/)
    const organizations = await withClient(app, claireToken, (client) =>
      Effect.gen(function* () {
        yield* client.accounts.acceptTerms()
        return yield* client.accounts.organizations()
      })
    )
    expect(organizations.map((o) => o.organizationId)).toEqual([organizationId])

    // 3. SIECLE: preview (multipart), then confirm it without the file, then history.
    const preview = await call(app, "POST", `/organizations/${organizationId}/imports/preview`, {
      token: claireToken,
      form: siecleForm()
    })
    expect(preview.status).toBe(200)
    expect(preview.body.added.length).toBeGreaterThan(20)
    const confirmed = await withClient(app, claireToken, (client) =>
      client.rosters.confirmImport({ params: { organizationId, previewId: preview.body.previewId } })
    )
    expect(confirmed.added).toBe(preview.body.added.length)
    // The typed client sends an upload as a FormData: the same file again adds nothing.
    const imported = await withClient(app, claireToken, (client) =>
      client.rosters.importSiecle({ params: { organizationId }, payload: siecleForm() })
    )
    expect([imported.added, imported.updated, imported.disabled]).toEqual([0, 0, 0])

    // 4. A member is invited and joins; two campaigns are created.
    const { sent, campaigns, divisions, history } = await withClient(app, claireToken, (client) =>
      Effect.gen(function* () {
        const [sent] = yield* client.team.inviteMembers({
          params: { organizationId },
          payload: { emails: ["paul@college.fr"], role: "MEMBER" }
        })
        const assessment = yield* client.campaigns.createCampaign({
          params: { organizationId },
          payload: { name: "Évaluation 3e", type: "ASSESSMENT", targetProfileId: TargetProfiles.sample.id }
        })
        const collection = yield* client.campaigns.createCampaign({
          params: { organizationId },
          payload: { name: "Collecte de profils", type: "PROFILES_COLLECTION" }
        })
        return {
          sent: sent!,
          campaigns: { assessment, collection },
          divisions: yield* client.rosters.divisions({ params: { organizationId } }),
          history: yield* client.rosters.importHistory({ params: { organizationId } })
        }
      })
    )
    expect(history.map((entry) => entry.status)).toEqual(["IMPORTED", "IMPORTED"])
    expect(divisions.length).toBeGreaterThan(0)
    const invitations = await withClient(app, claireToken, (client) =>
      client.team.invitations({ params: { organizationId } })
    )
    const paulInvitation = invitations.find((i) => i.email === "paul@college.fr")!
    expect(paulInvitation.status).toBe("pending")
    // Paul receives his e-mail, signs up, reads the invitation from its link, accepts it, and sees the team.
    const paulMail = await invitationMail("paul@college.fr", 2)
    expect([paulMail.invitationId, paulMail.code]).toEqual([sent.invitationId, sent.code])
    await signUp({ firstName: "Paul", lastName: "Durand", email: "paul@college.fr", password: "Paul-2026" })
    const paulToken = await tokenFor(app, "paul@college.fr", "Paul-2026")
    const team = await withClient(app, paulToken, (client) =>
      Effect.gen(function* () {
        const read = yield* client.team.showInvitation({
          params: { invitationId: paulMail.invitationId },
          query: { code: paulMail.code }
        })
        yield* client.team.acceptInvitation({
          params: { invitationId: paulMail.invitationId },
          payload: { organizationId: read.organizationId, code: paulMail.code }
        })
        yield* client.accounts.acceptTerms()
        return yield* client.team.members({ params: { organizationId } })
      })
    )
    expect(team.map((member) => [member.email, member.role])).toEqual(
      expect.arrayContaining([
        ["claire@college.fr", "ADMIN"],
        ["paul@college.fr", "MEMBER"]
      ])
    )

    // 5. Students sign up (a username is generated: prenom.nom + JJMM) and join.
    const [first, second, third] = school.expected.students
    const student = await signUp({
      firstName: first!.firstName,
      lastName: first!.lastName,
      birthdate: first!.birthdate,
      password: "Eleve-2026"
    })
    const [, month, day] = first!.birthdate.split("-")
    expect(student.username).toMatch(new RegExp(`\\.[a-z-]+${day}${month}$`))
    const studentToken = await tokenFor(app, student.username!, "Eleve-2026")
    // An accent missing still finds the student.
    const joined = await withClient(app, studentToken, (client) =>
      Effect.gen(function* () {
        const joined = yield* client.participations.joinCampaign({
          payload: {
            code: campaigns.collection.code,
            firstName: strip(first!.firstName),
            lastName: strip(first!.lastName),
            birthdate: first!.birthdate
          }
        })
        yield* client.participations.shareProfile({
          params: { participationId: joined.participationId },
          payload: { pixByCompetence: { "1.1": 16, "1.2": 8, "2.1": 9, "3.1": 8, "5.2": 12 } }
        })
        const assessment = yield* client.participations.joinCampaign({
          payload: { code: campaigns.assessment.code, ...first! }
        })
        yield* client.participations.recordAssessmentOutcome({
          params: { participationId: assessment.participationId },
          payload: {
            validatedSkillIds: TargetProfiles.sample.skills.slice(0, 6).map((s) => s.id),
            testedSkillIds: TargetProfiles.sample.skills.map((s) => s.id)
          }
        })
        yield* client.participations.shareResults({ params: { participationId: assessment.participationId } })
        return joined
      })
    )
    expect(joined.campaignId).toBe(campaigns.collection.campaignId)
    const mine = await withClient(app, studentToken, (client) => client.participations.myParticipations())
    expect(mine.map((p) => [p.campaignName, p.status])).toEqual([
      ["Collecte de profils", "SHARED"],
      ["Évaluation 3e", "SHARED"]
    ])

    // A wrong birthdate is refused in plain French, and the staff sees why.
    const other = await signUp({
      firstName: second!.firstName,
      lastName: second!.lastName,
      email: "eleve2@example.net",
      password: "Eleve-2026"
    })
    expect(other.username).toBeNull()
    const otherToken = await tokenFor(app, "eleve2@example.net", "Eleve-2026")
    const refused = await call(app, "POST", "/participations/reconciliation", {
      token: otherToken,
      body: {
        code: campaigns.collection.code,
        firstName: second!.firstName,
        lastName: second!.lastName,
        birthdate: "2001-01-01"
      }
    })
    expect([404, 409, 422]).toContain(refused.status)
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/)
    expect(refused.body.detail).toMatch(/[a-zé]/)
    const why = await withClient(app, claireToken, (client) =>
      client.rosters.whyRefused({
        params: { organizationId },
        payload: { firstName: second!.firstName, lastName: second!.lastName, birthdate: "2001-01-01" }
      })
    )
    expect(why.verdict?.message).toBe(refused.body.detail)
    expect(why.candidates[0]?.reasons.some((reason) => /naissance/i.test(reason.message))).toBe(true)
    // Claiming a classmate already claimed: an R-code in French.
    const claimed = await call(app, "POST", "/participations/reconciliation", {
      token: otherToken,
      body: { code: campaigns.collection.code, ...first! }
    })
    expect(claimed.status).toBe(409)
    expect(claimed.body.meta.shortCode).toMatch(/^R\d\d$/)
    expect(claimed.body.detail).toMatch(/compte/)
    void third

    // 6. Results by class, certificability, both CSVs.
    const reports = await withClient(app, claireToken, (client) =>
      Effect.gen(function* () {
        return {
          results: yield* client.reports.campaignResults({
            params: { campaignId: campaigns.collection.campaignId },
            query: {}
          }),
          byDivision: yield* client.reports.resultsByDivision({
            params: { campaignId: campaigns.assessment.campaignId }
          }),
          certificability: yield* client.reports.certificability({ params: { organizationId } }),
          audit: yield* client.reports.auditTrail({ params: { organizationId }, query: { limit: 5 } })
        }
      })
    )
    expect(reports.results.sharedParticipationsCount).toBe(1)
    expect(reports.results.participants[0]?.isCertifiable).toBe(true)
    expect(reports.byDivision.find((row) => row.division === first!.division)?.shared).toBe(1)
    const division = reports.certificability.divisions.find((d) => d.division === first!.division)!
    expect(division.certifiable).toHaveLength(1)
    // The audit trail by pages: the next page (`before` = the first's `next`) holds older entries, none repeated;
    // a cursor that is not a position of the log is a French 422.
    expect(reports.audit.entries.length).toBe(5)
    // People read names: each entry with an actor names them.
    for (const entry of reports.audit.entries) if (entry.actorId !== null) expect(entry.actorName).toMatch(/\S \S/)
    expect(reports.audit.next).toBe(reports.audit.entries[4]?.position)
    const older = await call(
      app,
      "GET",
      `/organizations/${organizationId}/audit-trail?limit=5&before=${reports.audit.next}`,
      { token: claireToken }
    )
    expect(older.status).toBe(200)
    const positions = [...reports.audit.entries, ...older.body.entries].map((entry: { position: string }) =>
      BigInt(entry.position)
    )
    expect(positions).toEqual([...positions].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
    expect(new Set(positions).size).toBe(positions.length)
    const badCursor = await call(app, "GET", `/organizations/${organizationId}/audit-trail?before=abc`, {
      token: claireToken
    })
    expect(badCursor.status).toBe(422)
    expect(badCursor.body.code).toBe("INVALID_INPUT")
    expect(badCursor.body.detail).toContain("before")

    // Each invitation was mailed once.
    expect(sink.received.map((received) => received.to)).toEqual([["claire@college.fr"], ["paul@college.fr"]])

    for (const [campaign, name, column] of [
      [campaigns.assessment, "Évaluation 3e", "% maitrise de l'ensemble des acquis du profil"],
      [campaigns.collection, "Collecte de profils", "Certifiable (O/N)"]
    ] as const) {
      const response = await fetch(`${app.url}/campaigns/${campaign.campaignId}/export.csv`, {
        headers: { authorization: `Bearer ${claireToken}` }
      })
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      const disposition = response.headers.get("content-disposition")!
      const stamp = "\\d{4}-\\d{2}-\\d{2}-\\d{4}"
      expect(disposition).toMatch(
        new RegExp(
          `^attachment; filename="Resultats-${strip(name)}-${campaign.campaignId}-${stamp}\\.csv"; filename\\*=UTF-8''`
        )
      )
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(
        new RegExp(`^Resultats-${name}-${campaign.campaignId}-${stamp}\\.csv$`)
      )
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const lines = new TextDecoder().decode(bytes).slice(1).split("\r\n")
      expect(lines[0]).toContain(column)
      expect(lines[1]).toContain(first!.lastName)
    }
  }, 60_000)
})
