/**
 * The workshop in Chromium, as people do it, twice: with JavaScript, then with JavaScript disabled (every form
 * posts and redirects; the pages carry no script). A staff member signs in, accepts the terms, previews and imports
 * a SIECLE file (the skipped students), imports a broken one (the errors), invites a member who follows the
 * e-mailed link in a second browser; she creates both campaign kinds; a student signs up, is refused for a wrong
 * birthdate and reads why, joins with an accent missing, and sends results; the staff sees results by class, asks
 * why a student was refused, reads the certificability report and downloads both CSVs (checked). With JavaScript,
 * every page visited is audited by axe-core (no serious or critical violation) and screenshotted at desktop and
 * phone widths.
 */
import * as Fs from "node:fs"
import { BackOffice, TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Library from "../../src/api/Library.ts"
import {
  auditPage,
  invitationLink,
  launch,
  newContext,
  pixAdmin,
  startWebApp,
  type Violation,
  type WebApp,
  waitForText
} from "./support.ts"

const claire = {
  userId: "claire",
  firstName: "Claire",
  lastName: "Martin",
  email: "claire@college.fr",
  password: "Claire-2026"
}
const school = SiecleTesting.generateSchool({ seed: 7, students: 60, uai: "0331234X", schoolYear: "2026" })
const xml = SiecleTesting.render(school.document)
const siecle = Buffer.from(SiecleTesting.encode(xml, "ISO-8859-15"))
/** The same file with every student sharing one INE: SIECLE refuses it (INE_UNIQUE for each). */
const broken = (() => {
  const first = /<ID_NATIONAL>([^<]+)<\/ID_NATIONAL>/.exec(xml)![1]
  const text = xml.replace(/<ID_NATIONAL>[^<]+<\/ID_NATIONAL>/g, `<ID_NATIONAL>${first}</ID_NATIONAL>`)
  return Buffer.from(SiecleTesting.encode(text, "ISO-8859-15"))
})()
// The assessment's profile: the collège 3e one of the catalogue, with its stages and badges, offered to the school
// by the back office. The student validates its first tubes' skills, which reaches a stage past the first.
const profile = TargetProfiles.catalogue[0]!
const profileSkills = profile.tubes.flatMap((tube) =>
  Array.from({ length: tube.level }, (_, index) => `${tube.tube}${index + 1}`)
)
const strip = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "")
const french = (iso: string) => iso.split("-").reverse().join("/")
const students = school.expected.students
// A student whose name has an accent (typed without it), and a classmate refused for a wrong birthdate.
const accented = students.find(
  (student) => strip(student.firstName + student.lastName) !== student.firstName + student.lastName
)!
const skippedCount =
  school.expected.report.skipped.left +
  school.expected.report.skipped.notArrived +
  school.expected.report.skipped.noDivision

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(() => browser?.close())

for (const javaScript of [true, false]) {
  describe(`the workshop in Chromium, JavaScript ${javaScript ? "on" : "off"}`, () => {
    let app: WebApp
    const violations: Array<Violation> = []
    const audited = new Set<string>()
    beforeAll(async () => {
      app = await startWebApp(claire)
      await app.run(
        Effect.gen(function* () {
          const backOffice = yield* BackOffice.BackOffice
          yield* backOffice.createTargetProfile(Library.actor(pixAdmin.userId), { definition: profile })
          yield* backOffice.attachTargetProfile(Library.actor(pixAdmin.userId), {
            organizationId: app.organizationId,
            targetProfileId: profile.id
          })
        })
      )
    })
    afterAll(() => app?.close())

    /** Audits and screenshots a page once per name (JavaScript on only: axe runs in the page). */
    const audit = async (page: Page, name: string) => {
      expect(await page.locator("h1").count()).toBe(1)
      expect(await page.getAttribute("html", "lang")).toBe("fr")
      if (!javaScript || audited.has(name)) return
      audited.add(name)
      violations.push(...(await auditPage(page, name)))
    }

    it("plays the workshop from sign-in to the CSV exports", async () => {
      const staff = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage()
      const url = app.url
      const home = `${url}/espace/${app.organizationId}`

      // 1. The root gives the sign-in page; a wrong password is refused with a summary naming the field.
      await staff.goto(url)
      expect(staff.url()).toBe(`${url}/connexion`)
      await audit(staff, "connexion")
      await staff.getByLabel("Adresse e-mail ou identifiant").fill(claire.email)
      await staff.getByLabel("Mot de passe").fill("Mauvais-2026")
      await staff.getByRole("button", { name: "Se connecter" }).click()
      await expect.poll(() => staff.title()).toMatch(/^Erreur : Connexion/)
      expect(await staff.getByRole("alert").textContent()).toContain("sont incorrects")
      expect(await staff.getByRole("alert").getByRole("link").getAttribute("href")).toBe("#login")
      await audit(staff, "connexion-erreur")
      await staff.getByLabel("Mot de passe").fill(claire.password)
      await staff.getByRole("button", { name: "Se connecter" }).click()

      // 2. Pix Orga's terms before anything else.
      await staff.waitForURL(/\/cgu\?retour=/)
      await audit(staff, "cgu")
      await staff.getByRole("button", { name: "J’accepte les conditions d’utilisation" }).click()
      await staff.waitForURL(home)
      await audit(staff, "accueil")
      expect(await staff.getByRole("main").textContent()).toContain("Importer la liste des élèves")

      // 3. SIECLE: preview (the skipped students), then import, then a broken file's errors.
      await staff.getByRole("link", { name: "Import SIECLE" }).click()
      await audit(staff, "import")
      await staff
        .getByLabel("Fichier SIECLE")
        .setInputFiles({ name: "ElevesSansAdresses.xml", mimeType: "text/xml", buffer: siecle })
      await staff.getByRole("button", { name: "Prévisualiser" }).click()
      await staff.getByRole("heading", { name: /^Aperçu de « ElevesSansAdresses.xml »/ }).waitFor()
      expect(await staff.getByRole("status").first().textContent()).toContain("Rien n’est encore importé")
      expect(skippedCount).toBeGreaterThan(0)
      expect(await staff.getByRole("heading", { name: "Élèves écartés du fichier" }).count()).toBe(1)
      expect(
        await staff
          .locator("table", { has: staff.locator("caption", { hasText: "Élèves écartés" }) })
          .locator("tbody tr")
          .count()
      ).toBe(skippedCount)
      await audit(staff, "import-apercu")
      await staff
        .getByLabel("Fichier SIECLE")
        .setInputFiles({ name: "ElevesSansAdresses.xml", mimeType: "text/xml", buffer: siecle })
      await staff.getByRole("button", { name: "Importer", exact: true }).click()
      await staff.getByRole("heading", { name: "Import réussi" }).waitFor()
      expect(await staff.locator("caption", { hasText: "Élèves écartés" }).count()).toBe(1)
      await audit(staff, "import-reussi")
      await staff
        .getByLabel("Fichier SIECLE")
        .setInputFiles({ name: "Eleves-erreurs.xml", mimeType: "text/xml", buffer: broken })
      await staff.getByRole("button", { name: "Importer", exact: true }).click()
      await staff.getByRole("heading", { name: "Fichier refusé" }).waitFor()
      const errors = await staff.locator("#erreurs-fichier + ol li").allTextContents()
      expect(errors.length).toBeGreaterThan(0)
      expect(errors.join(" ")).toMatch(/INE/)
      await audit(staff, "import-refuse")

      // 4. The students: list, filter by class, one student's page.
      await staff.getByRole("link", { name: "Élèves", exact: true }).click()
      await audit(staff, "eleves")
      await staff.getByLabel("Classe", { exact: true }).selectOption(accented.division!)
      await staff.getByRole("button", { name: "Filtrer" }).click()
      const rows = await staff.locator("main table tbody tr").allTextContents()
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.every((row) => row.includes(accented.division!))).toBe(true)

      // 5. Team: invite a member; he follows the e-mailed link in his own browser, signs up and accepts.
      await staff.getByRole("link", { name: "Équipe" }).click()
      await staff.getByLabel("Adresses e-mail").fill("paul@college.fr, pas-une-adresse")
      await staff.getByRole("button", { name: "Inviter" }).click()
      expect(await staff.getByRole("alert").textContent()).toContain("pas-une-adresse")
      await audit(staff, "equipe-erreur")
      await staff.getByLabel("Adresses e-mail").fill("paul@college.fr\nmarie@college.fr")
      await staff.getByRole("button", { name: "Inviter" }).click()
      await waitForText(staff, "Les invitations sont envoyées.")
      expect(await staff.locator("main").textContent()).toContain("marie@college.fr")
      await audit(staff, "equipe")
      await staff.getByRole("button", { name: "Renvoyer l’invitation de marie@college.fr" }).click()
      await waitForText(staff, "L’invitation est renvoyée.")
      await staff.getByRole("button", { name: "Annuler l’invitation de marie@college.fr" }).click()
      await waitForText(staff, "L’invitation est annulée.")
      expect(await staff.locator("main").textContent()).not.toContain("marie@college.fr")

      const link = await invitationLink(app, "paul@college.fr")
      expect(link.startsWith(`${url}/invitations/`)).toBe(true)
      const paul = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage()
      await paul.goto(link)
      expect(await paul.locator("main").textContent()).toContain("rejoindre « Collège Jean Moulin » comme membre")
      await audit(paul, "invitation")
      await paul.getByRole("link", { name: "Créer un compte" }).click()
      await audit(paul, "inscription")
      await paul.getByLabel("Prénom").fill("Paul")
      await paul.getByLabel("Nom", { exact: true }).fill("Durand")
      await paul.getByLabel("Adresse e-mail (facultatif)").fill("paul@college.fr")
      await paul.getByLabel("Mot de passe").fill("Paul-2026x")
      await paul.getByRole("button", { name: "Créer mon compte" }).click()
      await paul.getByRole("heading", { name: "Votre compte est créé" }).waitFor()
      await audit(paul, "bienvenue")
      await paul.getByRole("link", { name: "Continuer" }).click()
      await paul.getByRole("button", { name: "Accepter l’invitation" }).click()
      await paul.waitForURL(/\/cgu/)
      await paul.getByRole("button", { name: "J’accepte les conditions d’utilisation" }).click()
      await paul.waitForURL(home)
      await paul.context().close()
      await staff.reload()
      expect(await staff.locator("main table").first().textContent()).toContain("Paul Durand")
      await staff.getByRole("button", { name: "Passer administrateur : Paul Durand" }).click()
      await waitForText(staff, "Le rôle est modifié.")
      const paulRow = staff.locator("main table").first().locator("tr", { hasText: "Paul Durand" })
      expect(await paulRow.locator("td").nth(2).textContent()).toBe("Administrateur")

      // 6. Campaigns of both kinds (a refused form first).
      await staff.getByRole("link", { name: "Campagnes" }).click()
      await audit(staff, "campagnes")
      await staff.getByRole("link", { name: "Créer une campagne" }).click()
      await audit(staff, "campagne-nouvelle")
      await staff.getByLabel("Évaluer les participants").check()
      await staff.getByRole("button", { name: "Créer la campagne" }).click()
      const summary = await staff.getByRole("alert").textContent()
      expect(summary).toContain("Indiquez le nom de la campagne.")
      expect(summary).toContain("Choisissez le parcours de l’évaluation.")
      await audit(staff, "campagne-erreur")
      await staff.getByLabel("Nom de la campagne").fill("Évaluation 3e")
      await staff.getByLabel("Parcours (évaluation seulement)").selectOption(profile.id)
      await staff.getByLabel("Libellé de l’identifiant externe (facultatif)").fill("Numéro d’élève")
      await staff.getByRole("button", { name: "Créer la campagne" }).click()
      await waitForText(staff, "La campagne est créée.")
      const assessmentCode = (await staff.locator("#code-campagne").textContent())!.trim()
      const assessmentUrl = staff.url().replace(/\?.*$/, "")
      await staff.goto(`${home}/campagnes/nouvelle`)
      await staff.getByLabel("Nom de la campagne").fill("Collecte de profils")
      await staff.getByLabel("Collecter les profils Pix des participants").check()
      await staff.getByLabel("Autoriser l’envoi multiple").check()
      await staff.getByRole("button", { name: "Créer la campagne" }).click()
      await waitForText(staff, "La campagne est créée.")
      const collectionCode = (await staff.locator("#code-campagne").textContent())!.trim()
      const collectionUrl = staff.url().replace(/\?.*$/, "")
      expect(assessmentCode).toMatch(/^[A-Z0-9]{9}$/)

      // 7. A student signs up without e-mail (a username), is refused for a wrong birthdate, joins with an accent missing.
      const student = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage()
      await student.goto(`${url}/inscription`)
      await student.getByLabel("Prénom").fill(accented.firstName)
      await student.getByLabel("Nom", { exact: true }).fill(accented.lastName)
      await student.getByLabel("Date de naissance").fill(french(accented.birthdate))
      await student.getByLabel("Mot de passe").fill("Eleve-2026")
      await student.getByRole("button", { name: "Créer mon compte" }).click()
      const username = (await student.locator("#identifiant").textContent())!.trim()
      expect(username).toMatch(/^[a-z-]+\.[a-z-]+\d{4}$/)
      await student.getByRole("link", { name: "Continuer" }).click()
      await student.waitForURL(`${url}/eleve`)
      await audit(student, "mes-parcours")
      await student.getByRole("link", { name: "Rejoindre une campagne avec un code" }).click()
      await audit(student, "rejoindre")
      await student.getByLabel("Code de la campagne").fill(collectionCode)
      await student.getByLabel("Prénom").fill(strip(accented.firstName))
      await student.getByLabel("Nom", { exact: true }).fill(strip(accented.lastName))
      await student.getByLabel("Date de naissance").fill("01/01/2001")
      await student.getByRole("button", { name: "Rejoindre" }).click()
      const refusal = (await student.getByRole("alert").textContent())!
      expect(refusal).toContain("date de naissance")
      expect(refusal).toMatch(/Vérifiez|demandez/)
      expect(await student.getByRole("alert").getByRole("link").getAttribute("href")).toBe("#birthdate")
      await audit(student, "rejoindre-refus")
      await student.getByLabel("Date de naissance").fill(french(accented.birthdate))
      await student.getByRole("button", { name: "Rejoindre" }).click()
      await waitForText(student, "Vous avez rejoint la campagne.")
      await student.getByRole("link", { name: "Rejoindre une campagne avec un code" }).click()
      await student.getByLabel("Code de la campagne").fill(assessmentCode)
      await student.getByLabel("Date de naissance").fill(french(accented.birthdate))
      await student.getByRole("button", { name: "Rejoindre" }).click()
      // The campaign asks for the "Numéro d’élève": the refusal says so and points at the field.
      expect(await student.getByRole("alert").getByRole("link").getAttribute("href")).toBe("#participantExternalId")
      await student.getByLabel("Identifiant demandé par votre établissement (facultatif)").fill("E-1234")
      await student.getByRole("button", { name: "Rejoindre" }).click()
      await waitForText(student, "Vous avez rejoint la campagne.")

      // Pix App's side (the test itself and the profile live there): the assessment's outcome, the profile sent.
      const token = await signInToken(url, username, "Eleve-2026")
      const mine = (await api(url, token, "GET", "/me/participations")) as ReadonlyArray<{
        participationId: string
        type: string
      }>
      const assessment = mine.find((participation) => participation.type === "ASSESSMENT")!
      const collection = mine.find((participation) => participation.type === "PROFILES_COLLECTION")!
      await api(url, token, "POST", `/participations/${assessment.participationId}/assessment-outcome`, {
        validatedSkillIds: profileSkills.slice(0, Math.ceil(profileSkills.length / 2)),
        testedSkillIds: profileSkills
      })
      await api(url, token, "POST", `/participations/${collection.participationId}/share-profile`, {
        pixByCompetence: { "1.1": 16, "1.2": 8, "2.1": 9, "3.1": 8, "5.2": 12 }
      })
      await student.goto(`${url}/eleve`)
      await student.getByRole("button", { name: "Envoyer mes résultats de Évaluation 3e" }).click()
      await waitForText(student, "Vos résultats sont envoyés à votre établissement.")
      expect(await student.locator("main table").textContent()).not.toContain("Envoyer mes résultats")
      // The collection allows multiple sendings: its shared profile may be sent again (audited with the button).
      expect(await student.getByRole("button", { name: /^Renvoyer mon profil/ }).count()).toBe(1)
      await audit(student, "mes-parcours-envoyes")

      // 8. Results by class, the class filter, why a student was refused, certificability, both CSVs.
      await staff.goto(assessmentUrl)
      await audit(staff, "campagne-resultats")
      // The stage the student reached, in his line and in the stages-reached table.
      expect(await staff.locator("main").textContent()).toMatch(new RegExp(`[1-9]\\d* sur ${profile.stages.length} · `))
      expect(await staff.locator("caption", { hasText: /Paliers atteints/ }).count()).toBeGreaterThan(0)
      await staff.getByRole("link", { name: "Voir l’analyse par compétence et par domaine" }).click()
      await waitForText(staff, "Maîtrise par compétence")
      expect(await staff.locator("main").textContent()).toMatch(/\d+\s%/)
      await audit(staff, "campagne-analyse")
      await staff.goto(assessmentUrl)
      const divisionRow = staff
        .locator("table", { has: staff.locator("caption", { hasText: /^Résultats par classe$/ }) })
        .locator("tr", {
          has: staff.locator(`th:text-is("${accented.division}")`)
        })
      expect(await divisionRow.locator("td").nth(2).textContent()).toBe("1")
      await staff.getByLabel("Classe", { exact: true }).selectOption(accented.division!)
      await staff.getByRole("button", { name: "Filtrer" }).click()
      expect(await staff.locator("caption", { hasText: /^Participants/ }).textContent()).toContain(accented.division)
      expect(await staff.locator("main").textContent()).toContain(accented.lastName)
      await staff.getByRole("link", { name: accented.lastName, exact: true }).click()
      await waitForText(staff, "Taux de réussite")
      expect(await staff.locator("h1").textContent()).toBe(`${accented.firstName} ${accented.lastName}`)
      expect(await staff.locator("main").textContent()).toContain("E-1234")
      await audit(staff, "participant")

      for (const [page, name, column] of [
        [assessmentUrl, "Évaluation 3e", "% maitrise de l'ensemble des acquis du profil"],
        [collectionUrl, "Collecte de profils", "Certifiable (O/N)"]
      ] as const) {
        await staff.goto(page)
        const [download] = await Promise.all([
          staff.waitForEvent("download"),
          staff.getByRole("link", { name: "Télécharger les résultats (CSV)" }).click()
        ])
        expect(download.suggestedFilename()).toMatch(new RegExp(`^Resultats-${name}-[^-]+.*\\.csv$`))
        const bytes = Fs.readFileSync((await download.path())!)
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        const lines = bytes.subarray(3).toString("utf8").split("\r\n")
        expect(lines[0]).toContain(column)
        expect(lines.slice(1).join("\n")).toContain(accented.lastName)
      }
      await staff.goto(collectionUrl)
      await audit(staff, "campagne-collecte")
      await staff.goto(`${collectionUrl}/supprimer`)
      await waitForText(staff, "1 participation sera supprimée")
      await audit(staff, "campagne-supprimer")
      await staff.getByRole("link", { name: "Annuler" }).click()

      await staff.goto(`${home}/eleves?compte=avec`)
      expect(await staff.locator("main table tbody tr").allTextContents()).toEqual([
        expect.stringContaining(accented.lastName)
      ])
      await staff.goto(`${home}/eleves?recherche=${encodeURIComponent(accented.lastName)}`)
      await staff.getByRole("link", { name: accented.lastName }).first().click()
      await audit(staff, "eleve")
      await staff.getByLabel("Date de naissance saisie par l’élève").fill("01/01/2001")
      await staff.getByRole("button", { name: "Expliquer le refus" }).click()
      const explanation = (await staff.getByRole("status").textContent())!
      expect(explanation).toContain("refusé")
      expect(explanation).toMatch(/naissance/)
      await audit(staff, "eleve-pourquoi")

      await staff.getByRole("link", { name: "Certificabilité" }).click()
      await audit(staff, "certificabilite")
      const certifiable = staff
        .locator("table", { has: staff.locator("caption", { hasText: "Certificabilité par classe" }) })
        .locator("tr", {
          has: staff.locator(`th:text-is("${accented.division}")`)
        })
      expect(await certifiable.locator("td").nth(1).textContent()).toBe("1")
      await staff.getByLabel(/^Date limite pour l’année/).fill("31/02/2027")
      await staff.getByRole("button", { name: "Enregistrer la date limite" }).click()
      expect(await staff.getByRole("alert").textContent()).toContain("JJ/MM/AAAA")
      await staff.getByLabel(/^Date limite pour l’année/).fill("15/03/2027")
      await staff.getByRole("button", { name: "Enregistrer la date limite" }).click()
      await waitForText(staff, "La date limite est enregistrée.")
      expect(await staff.locator("main").textContent()).toContain("15/03/2027")

      await staff.getByRole("link", { name: "Journal" }).click()
      await audit(staff, "journal")
      const journal = (await staff.locator("main table").textContent())!
      expect(journal).toContain("Import de la base élèves")
      expect(journal).toContain("Claire Martin")
      await staff.getByRole("link", { name: "Accueil" }).click()
      expect(await staff.locator("main").textContent()).not.toContain("Importer la liste des élèves (fichier SIECLE)")
      await audit(staff, "accueil-apres")
      await staff.getByRole("button", { name: "Se déconnecter" }).click()
      await staff.waitForURL(`${url}/connexion`)

      expect(violations).toEqual([])
    }, 240_000)
  })
}

async function signInToken(url: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${url}/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password, kind: "token", application: "app" })
  })
  return ((await response.json()) as { token: string }).token
}

async function api(url: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  const text = await response.text()
  return text === "" ? undefined : JSON.parse(text)
}
