/**
 * Keyboard only, in Chromium: a staff member signs in (a refused attempt first: the error summary takes the focus
 * and links to the field), accepts the terms, imports a SIECLE file and creates a campaign without touching the
 * mouse. The first Tab reaches the skip link, which moves the focus to the content;
 * every later step moves the focus with Tab (counted: a control far down the tab order would show here) and acts
 * with Enter or Space.
 */
import { TargetProfiles } from "@orga/orga"
import * as SiecleTesting from "@orga/siecle/testing"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launch, newContext, startWebApp, type WebApp, waitForText } from "./support.ts"

const claire = {
  userId: "claire",
  firstName: "Claire",
  lastName: "Martin",
  email: "claire@college.fr",
  password: "Claire-2026"
}
const school = SiecleTesting.generateSchool({ seed: 11, students: 30, uai: "0331234X", schoolYear: "2026" })
const siecle = Buffer.from(SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15"))

let browser: Browser
let app: WebApp
beforeAll(async () => {
  ;[browser, app] = await Promise.all([launch(), startWebApp(claire)])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** What has the focus: its tag, id and visible text or label. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = (
      globalThis as unknown as {
        document: {
          activeElement: {
            tagName: string
            id: string
            textContent: string | null
            getAttribute: (name: string) => string | null
          } | null
        }
      }
    ).document.activeElement
    return element === null
      ? ""
      : `${element.tagName.toLowerCase()}#${element.id} ${(element.textContent ?? "").trim()} ${element.getAttribute("type") ?? ""}`
  })

/** Presses Tab until the focused element matches, and answers how many presses it took. */
const tabTo = async (page: Page, pattern: RegExp, limit = 30): Promise<number> => {
  const seen: Array<string> = []
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab")
    const now = await focused(page)
    if (pattern.test(now)) return presses
    seen.push(now)
  }
  throw new Error(`${pattern} not reached in ${limit} Tab presses; focus went through: ${seen.join(" | ")}`)
}

describe("keyboard only", () => {
  it("signs in, imports a SIECLE file and creates a campaign", async () => {
    const page = await (await newContext(browser)).newPage()
    await page.goto(`${app.url}/connexion`)

    // The skip link first, then straight to the form.
    expect(await tabTo(page, /^a# Aller au contenu/)).toBe(1)
    await page.keyboard.press("Enter")
    expect(await focused(page)).toMatch(/^main#contenu/)
    expect(await tabTo(page, /^input#login /)).toBe(1)
    await page.keyboard.type(claire.email)
    // Enter without a password: the refused form comes back with the focus on its error summary, whose link
    // leads to the field.
    await page.keyboard.press("Enter")
    await waitForText(page, "Le formulaire contient une erreur")
    expect(await focused(page)).toMatch(/^div#erreurs /)
    expect(await tabTo(page, /^a# Indiquez votre mot de passe\./)).toBe(1)
    await page.keyboard.press("Enter")
    expect(await focused(page)).toMatch(/^input#password /)
    await page.keyboard.type(claire.password)
    await page.keyboard.press("Enter")
    await page.waitForURL(/\/cgu/)

    await tabTo(page, /^button# J’accepte/)
    await page.keyboard.press("Enter")
    await page.waitForURL(`${app.url}/espace/${app.organizationId}`)

    // The import: the nav link, the file chooser opened with Space, then "Importer".
    await tabTo(page, /^a# Import SIECLE/)
    await page.keyboard.press("Enter")
    await page.waitForURL(/\/imports$/)
    await tabTo(page, /^input#fichier /)
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")])
    await chooser.setFiles({ name: "ElevesSansAdresses.xml", mimeType: "text/xml", buffer: siecle })
    expect(await tabTo(page, /^button# Prévisualiser/)).toBe(1)
    expect(await tabTo(page, /^button# Importer/)).toBe(1)
    await page.keyboard.press("Enter")
    await waitForText(page, "Import réussi")

    // A campaign: nav, "Créer une campagne", the fields in order, Space on a radio, arrows in the list.
    await page.keyboard.press("Shift+Tab")
    await tabTo(page, /^a# Campagnes/, 40)
    await page.keyboard.press("Enter")
    await page.waitForURL(/\/campagnes$/)
    await tabTo(page, /^a# Créer une campagne/)
    await page.keyboard.press("Enter")
    await page.waitForURL(/\/campagnes\/nouvelle$/)
    await tabTo(page, /^input#name /)
    await page.keyboard.type("Évaluation au clavier")
    expect(await tabTo(page, /^input#type-ASSESSMENT /)).toBe(1)
    await page.keyboard.press("Space")
    expect(await tabTo(page, /^select#targetProfileId /)).toBe(1)
    await page.keyboard.press("ArrowDown")
    expect(await page.inputValue("#targetProfileId")).toBe(TargetProfiles.sample.id)
    await tabTo(page, /^button# Créer la campagne/)
    await page.keyboard.press("Enter")
    await waitForText(page, "La campagne est créée.")
    expect(await page.locator("h1").textContent()).toBe("Évaluation au clavier")
  }, 120_000)
})
