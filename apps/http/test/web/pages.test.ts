/**
 * The pages over plain HTTP (no browser): escaping, the gates (signed out, terms, outsiders, CSRF), the French error
 * pages, and the weight of what a page loads: no script at all, one stylesheet, no inline style (the CSP refuses
 * it); the test prints each page's compressed size.
 */
import { gzipSync } from "node:zlib"
import { Accounts, BackOffice, Campaigns, Participations, Privacy, Rosters, TargetProfiles, Team } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import * as Charts from "../../src/web/Charts.ts"
import { escapeText, html, raw } from "../../src/web/Html.ts"
import * as CampaignPages from "../../src/web/pages/Campaigns.ts"
import * as Style from "../../src/web/Style.ts"
import { pixAdmin, registerUser, startWebApp, type WebApp } from "./support.ts"

const claire = {
  userId: "claire",
  firstName: "Claire",
  lastName: "Martin",
  email: "claire@college.fr",
  password: "Claire-2026"
}

let app: WebApp
beforeAll(async () => {
  app = await startWebApp(claire)
})
afterAll(() => app?.close())

/** A browser's cookie jar, reduced to the session cookie. */
const session = () => {
  let cookie = ""
  const request = async (path: string, init: { method?: string; form?: Record<string, string> } = {}) => {
    const response = await fetch(`${app.url}${path}`, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: {
        ...(cookie === "" ? {} : { cookie }),
        ...(init.form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" })
      },
      ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() })
    })
    const set = response.headers.get("set-cookie")
    if (set !== null) cookie = set.split(";")[0]!
    return {
      status: response.status,
      location: response.headers.get("location"),
      headers: response.headers,
      text: await response.text()
    }
  }
  const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? ""
  return { request, csrfOf }
}

describe("Html", () => {
  it("escapes every interpolated string, whatever it holds", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = html`<p title="${text}">${text}</p>`.value
        const inner = out.slice('<p title="'.length, out.indexOf('">'))
        expect(inner).not.toMatch(/[<>"']/)
        expect(
          inner
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, "&")
        ).toBe(text)
      })
    )
  })

  it("keeps markup built by the template, and renders nothing for null, undefined and false", () => {
    expect(html`<ul>${["<a>", html`<li>b</li>`]}</ul>`.value).toBe("<ul>&lt;a&gt;<li>b</li></ul>")
    expect(html`${null}${undefined}${false}${0}`.value).toBe("0")
    expect(raw("<b>").value).toBe("<b>")
    expect(escapeText(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;")
  })
})

describe("Charts", () => {
  const chart = (labels: ReadonlyArray<string>) =>
    Charts.bars({ id: "c", title: "T", description: "D", rows: labels.map((label) => ({ label, value: 0.5 })) }).value

  it("puts short labels left of their bars, and every label above its bar once one is too long to fit there", () => {
    expect(chart(["3A", "04/12/2026"])).toContain('text-anchor="end"')
    const long = chart(["3A", "Protéger les données personnelles et la vie privée"])
    expect(long).not.toContain('text-anchor="end"')
    expect(long).toContain('<text x="0" y="18" font-size="14" fill="#161616">3A</text>')
    expect(long).toContain(">Protéger les données personnelles et la vie privée</text>")
  })
})

describe("the pages over HTTP", () => {
  it("send the signed-out to the sign-in page, and come back after it", async () => {
    const browser = session()
    const root = await browser.request("/")
    expect([root.status, root.location]).toEqual([303, "/connexion"])
    const gated = await browser.request(`/espace/${app.organizationId}/eleves?classe=3A`)
    expect(gated.status).toBe(303)
    expect(gated.location).toBe(
      `/connexion?retour=${encodeURIComponent(`/espace/${app.organizationId}/eleves?classe=3A`)}`
    )
    const signIn = await browser.request("/connexion", {
      method: "POST",
      form: { login: claire.email, password: claire.password, retour: "//evil.example/" }
    })
    // Only a path of this site is a destination: `//evil.example/` is dropped; the terms gate comes first.
    expect([signIn.status, signIn.location]).toEqual([303, "/espace"])
    const terms = await browser.request("/espace")
    expect([terms.status, terms.location]).toEqual([303, "/cgu?retour=%2Fespace"])
    // Nor a destination that would put a line break (or anything but visible ASCII) in the Location header.
    for (const retour of ["/espace\r\nSet-Cookie: x=1", "/\\evil.example", "/élèves"]) {
      const again = await session().request("/connexion", {
        method: "POST",
        form: { login: claire.email, password: claire.password, retour }
      })
      expect([again.status, again.location]).toEqual([303, "/espace"])
    }
  })

  it("refuse a form without the session's CSRF token, and an outsider's look at a school", async () => {
    await registerUser(app, {
      userId: "eve",
      firstName: "Eve",
      lastName: "Dehors",
      email: "eve@ailleurs.fr",
      password: "Eve-2026x"
    })
    const eve = session()
    await eve.request("/connexion", { method: "POST", form: { login: "eve@ailleurs.fr", password: "Eve-2026x" } })
    const forged = await eve.request("/cgu", { method: "POST", form: {} })
    expect(forged.status).toBe(403)
    const terms = await eve.request("/cgu")
    const accepted = await eve.request("/cgu", { method: "POST", form: { _csrf: eve.csrfOf(terms.text) } })
    expect(accepted.status).toBe(303)
    const outsider = await eve.request(`/espace/${app.organizationId}`)
    expect(outsider.status).toBe(403)
    expect(outsider.headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(outsider.text).toContain("<h1>Accès refusé</h1>")
    const unknown = await eve.request("/invitations/nope?code=ABC")
    expect(unknown.status).toBe(404)
    expect(unknown.text).toContain("Cette invitation n&#39;existe pas.")
  })

  it("escape what people typed: a name made of markup is shown as text", async () => {
    const student = session()
    const signUp = await student.request("/inscription", {
      method: "POST",
      form: {
        firstName: "<script>alert(1)</script>",
        lastName: "O'Brien",
        birthdate: "14/05/2012",
        password: "Eleve-2026"
      }
    })
    expect(signUp.status).toBe(303)
    const welcome = await student.request(signUp.location!)
    expect(welcome.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien")
    expect(welcome.text).not.toContain("<script>")
  })

  it("refuse a bad sign-up with a summary that names each field, and keep what was typed", async () => {
    const page = await session().request("/inscription", {
      method: "POST",
      form: { firstName: "Léa", lastName: "", email: "pas-une-adresse", birthdate: "", password: "court" }
    })
    expect(page.status).toBe(422)
    expect(page.text).toContain("<title>Erreur : Créer un compte | Pix Orga</title>")
    const links = [...page.text.matchAll(/<li><a href="#([a-zA-Z]+)">/g)].map((match) => match[1])
    expect(links).toEqual(["lastName", "email", "password"])
    expect(page.text).toContain('value="Léa"')
    expect(page.text).not.toContain('value="court"')
    expect(page.text).toMatch(
      /id="email" name="email" value="pas-une-adresse"[^>]*aria-describedby="email-aide email-erreur"[^>]*aria-invalid="true"/
    )
  })

  it("weigh little: no script, one cached stylesheet, no inline style; each page's size printed", async () => {
    const browser = session()
    await browser.request("/connexion", { method: "POST", form: { login: claire.email, password: claire.password } })
    const terms = await browser.request("/cgu")
    await browser.request("/cgu", { method: "POST", form: { _csrf: browser.csrfOf(terms.text) } })
    const base = `/espace/${app.organizationId}`
    const stylesheet = await browser.request(Style.href)
    expect(stylesheet.headers.get("cache-control")).toBe("public, max-age=31536000, immutable")
    const styleBytes = gzipSync(stylesheet.text).length
    const lines: Array<string> = []
    for (const path of [
      "/connexion",
      "/inscription",
      "/cgu",
      base,
      `${base}/eleves`,
      `${base}/imports`,
      `${base}/equipe`,
      `${base}/campagnes`,
      `${base}/campagnes/nouvelle`,
      `${base}/certificabilite`,
      `${base}/journal`,
      "/eleve",
      "/eleve/rejoindre"
    ]) {
      const page = await browser.request(path)
      expect(page.status, path).toBe(200)
      expect(page.text, path).not.toMatch(/<script|\sstyle="|\son[a-z]+=/i)
      expect(
        [...page.text.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((match) => match[1]),
        path
      ).toEqual([Style.href])
      const own = gzipSync(page.text).length + styleBytes
      expect(own, path).toBeLessThan(150 * 1024)
      lines.push(
        `${path.replace(app.organizationId, ":id").padEnd(32)} HTML ${(gzipSync(page.text).length / 1024).toFixed(1)} KB gz + style ${(styleBytes / 1024).toFixed(1)} KB gz + script 0 KB`
      )
    }
    process.stdout.write(`Poids des pages (compressé, gzip -6) :\n${lines.join("\n")}\n`)
  })
})

/**
 * Claire's session, signed in once for the tests below: every sign-in of this file draws on one address's rate-limit
 * bucket (20 a minute), which the last test empties on purpose.
 */
let staffSession: Promise<ReturnType<typeof session>> | undefined
const signedIn = () => {
  staffSession ??= (async () => {
    const browser = session()
    await browser.request("/connexion", { method: "POST", form: { login: claire.email, password: claire.password } })
    const terms = await browser.request("/cgu")
    await browser.request("/cgu", { method: "POST", form: { _csrf: browser.csrfOf(terms.text) } })
    return browser
  })()
  return staffSession
}

describe("a campaign's results and analysis", () => {
  it("link the results to the analysis, which draws mastery by area and competence with a table of the same figures", async () => {
    const browser = await signedIn()
    const base = `/espace/${app.organizationId}`
    const form = await browser.request(`${base}/campagnes/nouvelle`)
    const created = await browser.request(`${base}/campagnes/nouvelle`, {
      method: "POST",
      form: {
        _csrf: browser.csrfOf(form.text),
        name: "Analyse 3e",
        type: "ASSESSMENT",
        targetProfileId: TargetProfiles.sample.id
      }
    })
    expect(created.status).toBe(303)
    const campaignPath = created.location!.split("?")[0]!
    const results = await browser.request(campaignPath)
    expect(results.text).toContain(`href="${campaignPath}/analyse"`)
    const page = await browser.request(`${campaignPath}/analyse`)
    expect(page.status).toBe(200)
    expect(page.text).toContain("<h1>Analyse de « Analyse 3e »</h1>")
    for (const id of ["par-domaine", "par-competence"]) {
      expect(page.text).toContain(`aria-labelledby="${id}-titre ${id}-desc"`)
    }
    expect(page.text).toContain("<caption>Maîtrise par compétence</caption>")
    // Nobody shared: every average is "—", never a made-up 0 %.
    expect(page.text).toContain("Aucun résultat reçu pour l’instant")
    expect(page.text).not.toMatch(/\d\s%/)
    expect(page.text).not.toMatch(/<script|\sstyle="/i)
    // An unknown class is ignored (the whole campaign), not an error.
    const unknownClass = await browser.request(`${campaignPath}/analyse?classe=ZZ`)
    expect(unknownClass.status).toBe(200)
    expect(unknownClass.text).toContain("<h1>Analyse de « Analyse 3e »</h1>")
    const unknownCampaign = await browser.request(`${base}/campagnes/inconnue/analyse`)
    expect([unknownCampaign.status, unknownCampaign.location]).toEqual([303, `${base}/campagnes`])
  })

  it("create a campaign that allows multiple sendings, among the profiles the school may use", async () => {
    const browser = await signedIn()
    const base = `/espace/${app.organizationId}`
    const form = await browser.request(`${base}/campagnes/nouvelle`)
    expect(form.text).toContain(`<option value="${TargetProfiles.sample.id}">${TargetProfiles.sample.name}</option>`)
    expect(form.text).toContain('<input type="checkbox" id="multipleSendings" name="multipleSendings" value="oui"')
    const created = await browser.request(`${base}/campagnes/nouvelle`, {
      method: "POST",
      form: {
        _csrf: browser.csrfOf(form.text),
        name: "Collecte à renvoyer",
        type: "PROFILES_COLLECTION",
        multipleSendings: "oui"
      }
    })
    expect(created.status).toBe(303)
    const all = await app.run(
      Campaigns.Campaigns.pipe(
        Effect.flatMap((campaigns) => campaigns.campaigns(Library.actor(claire.userId), app.organizationId))
      )
    )
    expect(all.find((campaign) => campaign.name === "Collecte à renvoyer")?.multipleSendings).toBe(true)
    expect(all.find((campaign) => campaign.name === "Analyse 3e")?.multipleSendings).toBe(false)
  })

  it("delete a campaign from the list after a confirmation, and only with the session's CSRF token", async () => {
    const browser = await signedIn()
    const base = `/espace/${app.organizationId}`
    const form = await browser.request(`${base}/campagnes/nouvelle`)
    const created = await browser.request(`${base}/campagnes/nouvelle`, {
      method: "POST",
      form: { _csrf: browser.csrfOf(form.text), name: "À supprimer", type: "PROFILES_COLLECTION" }
    })
    const campaignPath = created.location!.split("?")[0]!
    const list = await browser.request(`${base}/campagnes`)
    expect(list.text).toContain(
      `<a href="${campaignPath}/supprimer">Supprimer<span class="skip-label"> À supprimer</span></a>`
    )
    const confirm = await browser.request(`${campaignPath}/supprimer`)
    expect(confirm.status).toBe(200)
    expect(confirm.text).toContain("<h1>Supprimer la campagne « À supprimer » ?</h1>")
    expect(confirm.text).toContain("Personne n’a encore rejoint cette campagne.")
    const forged = await browser.request(`${campaignPath}/supprimer`, { method: "POST", form: {} })
    expect(forged.status).toBe(403)
    expect((await browser.request(`${base}/campagnes`)).text).toContain("À supprimer")
    const deleted = await browser.request(`${campaignPath}/supprimer`, {
      method: "POST",
      form: { _csrf: browser.csrfOf(confirm.text) }
    })
    expect([deleted.status, deleted.location]).toEqual([303, `${base}/campagnes?fait=supprimee`])
    const after = await browser.request(deleted.location!)
    expect(after.text).toContain("La campagne est supprimée.")
    expect(after.text).not.toContain("À supprimer")
    // Deleted already (a second tab, a back button): back to the list, nothing to confirm.
    const again = await browser.request(`${campaignPath}/supprimer`, {
      method: "POST",
      form: { _csrf: browser.csrfOf(confirm.text) }
    })
    expect([again.status, again.location]).toEqual([303, `${base}/campagnes`])
  })

  it("refuse a member's deletion of a campaign he does not own, in French, and delete nothing", async () => {
    const owner = await signedIn()
    const base = `/espace/${app.organizationId}`
    const form = await owner.request(`${base}/campagnes/nouvelle`)
    const created = await owner.request(`${base}/campagnes/nouvelle`, {
      method: "POST",
      form: { _csrf: owner.csrfOf(form.text), name: "Celle de Claire", type: "PROFILES_COLLECTION" }
    })
    const campaignPath = created.location!.split("?")[0]!
    const paul = {
      userId: "paul",
      firstName: "Paul",
      lastName: "Membre",
      email: "paul@college.fr",
      password: "Paul-2026x"
    }
    await registerUser(app, paul)
    await app.run(
      Effect.gen(function* () {
        const team = yield* Team.Team
        const [sent] = yield* team.inviteMembers(Library.actor(claire.userId), {
          organizationId: app.organizationId,
          emails: [paul.email],
          role: "MEMBER"
        })
        yield* team.acceptInvitation(Library.actor(paul.userId), { organizationId: app.organizationId, ...sent! })
      })
    )
    const member = session()
    await member.request("/connexion", { method: "POST", form: { login: paul.email, password: paul.password } })
    const terms = await member.request("/cgu")
    await member.request("/cgu", { method: "POST", form: { _csrf: member.csrfOf(terms.text) } })
    const confirm = await member.request(`${campaignPath}/supprimer`)
    expect(confirm.status).toBe(200)
    const refused = await member.request(`${campaignPath}/supprimer`, {
      method: "POST",
      form: { _csrf: member.csrfOf(confirm.text) }
    })
    expect(refused.status).toBe(403)
    expect(refused.text).toMatch(
      /<div class="alert error" role="alert"><p>La campagne n’est pas supprimée : [^<]+<\/p>/
    )
    expect((await owner.request(`${base}/campagnes`)).text).toContain("Celle de Claire")
  })

  it("show each participant's stage and badges, and the stages reached as a chart and a table", async () => {
    const school = SiecleTesting.generateSchool({ seed: 3, students: 8, uai: "0331234X", schoolYear: "2026" })
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const definition = TargetProfiles.catalogue[0]!
    await app.run(
      Effect.gen(function* () {
        const backOffice = yield* BackOffice.BackOffice
        yield* backOffice.createTargetProfile(Library.actor(pixAdmin.userId), { definition })
        yield* backOffice.attachTargetProfile(Library.actor(pixAdmin.userId), {
          organizationId: app.organizationId,
          targetProfileId: definition.id
        })
        yield* (yield* Rosters.Rosters).importSiecleFile(Library.actor(claire.userId), {
          organizationId: app.organizationId,
          fileName: "eleves.xml",
          bytes
        })
      })
    )
    const browser = await signedIn()
    const base = `/espace/${app.organizationId}`
    const form = await browser.request(`${base}/campagnes/nouvelle`)
    expect(form.text).toContain(`<option value="${definition.id}">`)
    const created = await browser.request(`${base}/campagnes/nouvelle`, {
      method: "POST",
      form: { _csrf: browser.csrfOf(form.text), name: "Paliers 3e", type: "ASSESSMENT", targetProfileId: definition.id }
    })
    const campaignPath = created.location!.split("?")[0]!
    const campaignId = decodeURIComponent(campaignPath.split("/").at(-1)!)
    const sam = school.expected.students[2]!
    await app.run(
      Effect.gen(function* () {
        const code = (yield* (yield* Campaigns.Campaigns).campaigns(
          Library.actor(claire.userId),
          app.organizationId
        )).find((campaign) => campaign.campaignId === campaignId)!.code
        yield* (yield* Accounts.Accounts).registerUser({
          userId: "sam",
          firstName: sam.firstName,
          lastName: sam.lastName,
          username: "sam.eleve"
        })
        const participations = yield* Participations.Participations
        const { participationId } = yield* participations.joinCampaign(Library.actor("sam"), {
          code,
          firstName: sam.firstName,
          lastName: sam.lastName,
          birthdate: sam.birthdate
        })
        const skills = definition.tubes.flatMap((tube) =>
          Array.from({ length: tube.level }, (_, i) => `${tube.tube}${i + 1}`)
        )
        yield* participations.recordAssessmentOutcome(Library.actor("sam"), {
          participationId,
          validatedSkillIds: skills,
          testedSkillIds: skills
        })
        yield* participations.shareResults(Library.actor("sam"), { participationId })
      })
    )
    const results = await browser.request(campaignPath)
    expect(results.text).toContain('<th scope="col">Palier atteint</th>')
    expect(results.text).toContain('<th scope="col">Résultats thématiques</th>')
    const stages = definition.stages.length
    // Every skill validated: the last stage, and every badge.
    expect(results.text).toContain(`<td>${stages} sur ${stages} · `)
    expect(results.text).toContain('aria-labelledby="par-palier-titre par-palier-desc"')
    expect(results.text).toMatch(
      new RegExp(`<tr><th scope="row">Palier ${stages}</th><td>[^<]+</td><td class="num">1</td></tr>`)
    )
    expect(results.text).toContain(`<tr><th scope="row">Palier 1</th><td>—</td><td class="num">0</td></tr>`)
    expect(definition.badges.length).toBeGreaterThan(0)
    expect(results.text).toContain(`<td>${definition.badges.map((badge) => escapeText(badge.title)).join(", ")}</td>`)
  })

  it("count the participants per stage reached, those without a stage in none", () => {
    const line = (reachedStage: number | null) =>
      ({
        reachedStage: reachedStage === null ? null : { reachedStage, totalStages: 3, title: `Titre ${reachedStage}` }
      }) as unknown as Parameters<typeof CampaignPages.byStage>[0][number]
    const rows = CampaignPages.byStage([line(1), line(3), line(null), line(3), line(9)], 3)
    expect(rows.map((row) => [row.label, row.value, row.title])).toEqual([
      ["Palier 1", 1, "Titre 1"],
      ["Palier 2", 0, ""],
      ["Palier 3", 2, "Titre 3"]
    ])
  })
})

describe("one student's page", () => {
  it("generates a username for a linked account that has none, shows it, then offers it no more", async () => {
    const school = SiecleTesting.generateSchool({ seed: 3, students: 8, uai: "0331234X", schoolYear: "2026" })
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const hugo = school.expected.students[0]!
    const learnerId = await app.run(
      Effect.gen(function* () {
        const staff = Library.actor(claire.userId)
        yield* (yield* Rosters.Rosters).importSiecleFile(staff, {
          organizationId: app.organizationId,
          fileName: "eleves.xml",
          bytes
        })
        const { code } = yield* (yield* Campaigns.Campaigns).createCampaign(staff, {
          organizationId: app.organizationId,
          name: "Collecte",
          type: "PROFILES_COLLECTION"
        })
        // The student signed up with an e-mail: linked, but no username.
        yield* (yield* Accounts.Accounts).registerUser({
          userId: "hugo",
          firstName: hugo.firstName,
          lastName: hugo.lastName,
          email: "hugo@eleve.fr"
        })
        const joined = yield* (yield* Participations.Participations).joinCampaign(Library.actor("hugo"), {
          code,
          firstName: hugo.firstName,
          lastName: hugo.lastName,
          birthdate: hugo.birthdate
        })
        return joined.learnerId
      })
    )
    const browser = await signedIn()
    const path = `/espace/${app.organizationId}/eleves/${encodeURIComponent(learnerId)}`
    const before = await browser.request(path)
    expect(before.text).toContain(`<form method="post" action="${path}/identifiant">`)
    expect(before.text).toContain("Générer un identifiant</button>")
    const forged = await browser.request(`${path}/identifiant`, { method: "POST", form: {} })
    expect(forged.status).toBe(403)
    expect(await app.run(Accounts.Accounts.pipe(Effect.flatMap((accounts) => accounts.account("hugo"))))).toMatchObject(
      {
        username: null
      }
    )
    const generated = await browser.request(`${path}/identifiant`, {
      method: "POST",
      form: { _csrf: browser.csrfOf(before.text) }
    })
    expect([generated.status, generated.location]).toEqual([303, `${path}?fait=identifiant`])
    const after = await browser.request(generated.location!)
    const shown = /id="identifiant-genere">([^<]+)</.exec(after.text)?.[1]
    expect(shown).toMatch(/^[a-z-]+\.[a-z-]+\d{4}$/)
    expect(await app.run(Accounts.Accounts.pipe(Effect.flatMap((accounts) => accounts.account("hugo"))))).toMatchObject(
      {
        username: shown
      }
    )
    expect(after.text).not.toContain("Générer un identifiant</button>")
    // A second post (another tab): the library's French refusal, the username unchanged.
    const again = await browser.request(`${path}/identifiant`, {
      method: "POST",
      form: { _csrf: browser.csrfOf(before.text) }
    })
    expect(again.text).toContain("L’identifiant n’est pas généré : Ce compte utilisateur dispose déjà d’un identifiant")
  })
})

describe("Mes parcours", () => {
  it("offers to send a profile again only where the campaign allows multiple sendings, and starts a new participation", async () => {
    const school = SiecleTesting.generateSchool({ seed: 3, students: 8, uai: "0331234X", schoolYear: "2026" })
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const nina = school.expected.students[1]!
    await registerUser(app, {
      userId: "nina",
      firstName: nina.firstName,
      lastName: nina.lastName,
      email: "nina@eleve.fr",
      password: "Nina-2026x"
    })
    const ids = await app.run(
      Effect.gen(function* () {
        const staff = Library.actor(claire.userId)
        yield* (yield* Rosters.Rosters).importSiecleFile(staff, {
          organizationId: app.organizationId,
          fileName: "eleves.xml",
          bytes
        })
        const campaigns = yield* Campaigns.Campaigns
        const participations = yield* Participations.Participations
        const shared = []
        for (const [name, multipleSendings] of [
          ["Collecte renvoyable", true],
          ["Collecte unique", false]
        ] as const) {
          const { code } = yield* campaigns.createCampaign(staff, {
            organizationId: app.organizationId,
            name,
            type: "PROFILES_COLLECTION",
            multipleSendings
          })
          const { participationId } = yield* participations.joinCampaign(Library.actor("nina"), {
            code,
            firstName: nina.firstName,
            lastName: nina.lastName,
            birthdate: nina.birthdate
          })
          yield* participations.shareProfile(Library.actor("nina"), { participationId, pixByCompetence: { "1.1": 16 } })
          shared.push(participationId)
        }
        return shared
      })
    )
    const [again, once] = ids
    const student = session()
    await student.request("/connexion", { method: "POST", form: { login: "nina@eleve.fr", password: "Nina-2026x" } })
    const page = await student.request("/eleve")
    expect(page.status).toBe(200)
    expect(page.text).toContain(`action="/eleve/participations/${again}/renvoyer"`)
    expect(page.text).toContain('Renvoyer mon profil<span class="skip-label"> : Collecte renvoyable</span>')
    expect(page.text).not.toContain(`action="/eleve/participations/${once}/renvoyer"`)
    // A campaign without multiple sendings: the library refuses in French, nothing is started.
    const refused = await student.request(`/eleve/participations/${once}/renvoyer`, {
      method: "POST",
      form: { _csrf: student.csrfOf(page.text) }
    })
    expect(refused.status).toBe(422)
    expect(refused.text).toContain(
      '<div class="alert error" role="alert"><p>Une participation à cette campagne existe déjà.</p></div>'
    )
    const count = () =>
      app.run(Participations.Participations.pipe(Effect.flatMap((p) => p.myParticipations(Library.actor("nina")))))
    expect((await count()).length).toBe(2)
    const sent = await student.request(`/eleve/participations/${again}/renvoyer`, {
      method: "POST",
      form: { _csrf: student.csrfOf(page.text) }
    })
    expect([sent.status, sent.location]).toEqual([303, "/eleve?renvoi=1"])
    const after = await student.request(sent.location!)
    expect(after.text).toContain("une nouvelle participation est commencée")
    const mine = await count()
    expect(mine.map((p) => [p.campaignName, p.status])).toEqual([
      ["Collecte renvoyable", "SHARED"],
      ["Collecte unique", "SHARED"],
      ["Collecte renvoyable", "TO_SHARE"]
    ])
    // The new participation is not shared yet: nothing to send again until it is.
    expect(after.text).not.toContain("/renvoyer")
  })
})

describe("unknown addresses", () => {
  it("answer a browser with a French page, and an API client with the problem", async () => {
    const page = await fetch(`${app.url}/nulle-part`, { headers: { accept: "text/html,application/xhtml+xml" } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain("<h1>Page introuvable</h1>")
    const problem = await fetch(`${app.url}/nulle-part`)
    expect(problem.status).toBe(404)
    expect(problem.headers.get("content-type")).toContain("application/problem+json")
    expect(((await problem.json()) as { code: string }).code).toBe("ROUTE_NOT_FOUND")
    const api = await fetch(`${app.url}/openapi.json`)
    expect(api.status).toBe(200)
  })
})

describe("rate limits", () => {
  it("refuse the 21st sign-in attempt from one address within a minute, whatever the account, with a French 429 page", async () => {
    const statuses: Array<number> = []
    let refused: { status: number; headers: Headers; text: string } | undefined
    for (let attempt = 0; attempt < 25 && refused === undefined; attempt++) {
      const page = await session().request("/connexion", {
        method: "POST",
        form: { login: `inconnu-${attempt}@college.fr`, password: "Mauvais-2026" }
      })
      statuses.push(page.status)
      if (page.status === 429) refused = page
    }
    // The other tests of this file signed in a few times from the same address: they share the bucket.
    expect(statuses.filter((status) => status === 422).length).toBeLessThanOrEqual(20)
    expect(refused?.status).toBe(429)
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(refused?.text).toContain("<h1>Trop de tentatives</h1>")
  })
})

describe("an erased student (ADR 0049)", () => {
  it("is listed and shown as Élève effacé: counted in the list, his names nowhere on the pages", async () => {
    const school = SiecleTesting.generateSchool({ seed: 3, students: 8, uai: "0331234X", schoolYear: "2026" })
    const bytes = SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    const erased = school.expected.students.at(-1)!
    const staff = Library.actor(claire.userId)
    const learnerId = await app.run(
      Effect.gen(function* () {
        const rosters = yield* Rosters.Rosters
        yield* rosters.importSiecleFile(staff, { organizationId: app.organizationId, fileName: "eleves.xml", bytes })
        const learners = yield* rosters.learners(staff, app.organizationId)
        return learners.find((learner) => learner.nationalStudentId === erased.nationalStudentId)!.learnerId
      })
    )
    const browser = await signedIn()
    const list = `/espace/${app.organizationId}/eleves`
    const page = `${list}/${encodeURIComponent(learnerId)}`
    const occurrences = (text: string) => text.split(escapeText(erased.lastName)).length - 1
    const before = { list: (await browser.request(list)).text, page: (await browser.request(page)).text }
    expect(before.page).toContain(`<h1>${escapeText(erased.firstName)} ${escapeText(erased.lastName)}</h1>`)
    await app.run(
      Effect.flatMap(Privacy.Privacy, (privacy) =>
        privacy.eraseLearner(Library.actor(pixAdmin.userId), { organizationId: app.organizationId, learnerId })
      )
    )
    const after = { list: (await browser.request(list)).text, page: (await browser.request(page)).text }
    expect(after.page).toContain("<h1>Élève effacé</h1>")
    expect(occurrences(after.page)).toBe(0)
    expect(occurrences(after.list)).toBe(occurrences(before.list) - 1)
    expect(after.list).toContain(`${encodeURIComponent(learnerId)}">effacé</a>`)
    expect(after.list.split("<tr>").length).toBe(before.list.split("<tr>").length)
  })
})
