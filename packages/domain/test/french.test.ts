import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as French from "../src/format/French.ts"

const runs = { numRuns: 300 }
const NNBSP = "\u202f"
const NBSP = "\u00a0"
const pad = (n: number, width = 2) => String(n).padStart(width, "0")

// An oracle for Paris time that does not use Intl: the EU rule (since 1996) puts summer time (UTC+2) from the
// last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, winter time (UTC+1) otherwise.
const lastSunday = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1)
}
const parisByRule = (millis: number): string => {
  const year = new Date(millis).getUTCFullYear()
  const summer = millis >= lastSunday(year, 2) && millis < lastSunday(year, 9)
  const local = new Date(millis + (summer ? 2 : 1) * 3_600_000)
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`
}

describe("French dates, in Paris time", () => {
  it("writes a day DD/MM/YYYY and a time DD/MM/YYYY HH:mm", () => {
    expect(French.date("2026-12-10T13:05:00.000Z")).toBe("10/12/2026")
    expect(French.dateTime("2026-12-10T13:05:00.000Z")).toBe("10/12/2026 14:05")
    expect(French.dateTime("2026-07-01T08:00:00Z")).toBe("01/07/2026 10:00")
  })

  it("moves the day when Paris is already on the next one (§6.2's example)", () => {
    expect(French.dateTime("2019-03-01T23:04:05Z")).toBe("02/03/2019 00:04")
    expect(French.date("2026-12-31T23:30:00Z")).toBe("01/01/2027")
  })

  it("follows the change to summer time on the last Sunday of March and back on the last Sunday of October", () => {
    // 29 March 2026: 02:00 becomes 03:00.
    expect(French.dateTime("2026-03-29T00:59:00Z")).toBe("29/03/2026 01:59")
    expect(French.dateTime("2026-03-29T01:00:00Z")).toBe("29/03/2026 03:00")
    // 25 October 2026: 03:00 becomes 02:00, so 02:xx happens twice.
    expect(French.dateTime("2026-10-25T00:30:00Z")).toBe("25/10/2026 02:30")
    expect(French.dateTime("2026-10-25T01:30:00Z")).toBe("25/10/2026 02:30")
    expect(French.dateTime("2026-10-25T02:00:00Z")).toBe("25/10/2026 03:00")
  })

  it("agrees with the EU summer-time rule for any instant from 1996 to 2099", () => {
    const instant = fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2099, 11, 31) })
    fc.assert(
      fc.property(instant, (millis) => {
        const iso = new Date(millis).toISOString()
        expect(French.dateTime(iso)).toBe(parisByRule(millis))
        expect(French.date(iso)).toBe(parisByRule(millis).slice(0, 10))
      }),
      runs
    )
  })

  it("checks the hours around every change of time from 2020 to 2040", () => {
    for (let year = 2020; year <= 2040; year++)
      for (const change of [lastSunday(year, 2), lastSunday(year, 9)])
        for (const minutes of [-61, -1, 0, 1, 59, 60, 61]) {
          const millis = change + minutes * 60_000
          expect(French.dateTime(new Date(millis).toISOString())).toBe(parisByRule(millis))
        }
  })

  it("writes a calendar date (a birthdate) without any time zone, and reads it back", () => {
    expect(French.calendarDate("2012-05-14")).toBe("14/05/2012")
    expect(French.parseCalendarDate("14/05/2012")).toBe("2012-05-14")
    const day = fc
      .record({
        year: fc.integer({ min: 1900, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 31 })
      })
      .filter(({ year, month, day }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day)
    fc.assert(
      fc.property(day, ({ year, month, day }) => {
        const iso = `${year}-${pad(month)}-${pad(day)}`
        const french = French.calendarDate(iso)
        expect(french).toBe(`${pad(day)}/${pad(month)}/${year}`)
        expect(French.parseCalendarDate(french)).toBe(iso)
        // Noon in Paris is that day in Paris, whatever the season.
        expect(French.date(`${iso}T10:00:00Z`)).toBe(french)
      }),
      runs
    )
  })

  it("refuses no input: an unreadable one comes back as given", () => {
    expect(French.date("demain")).toBe("demain")
    expect(French.dateTime("")).toBe("")
    expect(French.calendarDate("14/05/2012")).toBe("14/05/2012")
    expect(French.parseCalendarDate("31/02/2024")).toBeUndefined()
    expect(French.parseCalendarDate("29/02/2023")).toBeUndefined()
    expect(French.parseCalendarDate("29/02/2024")).toBe("2024-02-29")
    expect(French.parseCalendarDate("2024-02-29")).toBeUndefined()
  })
})

describe("French school years, counts and numbers", () => {
  it("names a school year from its first year", () => {
    expect(French.schoolYear("2026")).toBe("2026-2027")
    expect(French.schoolYear(1999)).toBe("1999-2000")
    expect(French.schoolYear("bientôt")).toBe("bientôt")
  })

  it("uses the singular for 0 and 1, the plural from 2", () => {
    expect(French.count(0, "élève")).toBe("0 élève")
    expect(French.count(1, "élève")).toBe("1 élève")
    expect(French.count(2, "élève")).toBe("2 élèves")
    expect(French.count(1, "non certifiable")).toBe("1 non certifiable")
    expect(French.count(3, "élève ignoré", "élèves ignorés")).toBe("3 élèves ignorés")
    expect(French.count(1_000_000, "élève")).toBe(`1${NNBSP}000${NNBSP}000 élèves`)
    expect(French.count(1.6, "élève")).toBe("2 élèves")
    expect(French.count(1.4, "élève")).toBe("1 élève")
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (n) => {
        const said = French.count(n, "campagne")
        expect(said.endsWith(n < 2 ? " campagne" : " campagnes")).toBe(true)
        expect(said.replaceAll(NNBSP, "").split(" ")[0]).toBe(String(n))
      }),
      runs
    )
  })

  it("groups thousands with a narrow no-break space, as Intl.NumberFormat('fr-FR') does", () => {
    expect(French.integer(287)).toBe("287")
    expect(French.integer(1234)).toBe(`1${NNBSP}234`)
    expect(French.integer(1234)).toBe(new Intl.NumberFormat("fr-FR").format(1234))
  })

  it("writes decimals with a comma, percentages with a no-break space before %", () => {
    expect(French.decimal(0.6667)).toBe("0,67")
    expect(French.decimal(0.5)).toBe("0,5")
    expect(French.decimal(1234.5)).toBe(`1${NNBSP}234,5`)
    expect(French.decimal(1 / 3, 3)).toBe("0,333")
    expect(French.percent(0.67)).toBe(`67${NBSP}%`)
    expect(French.percent(0.6667, 1)).toBe(`66,7${NBSP}%`)
    expect(French.percent(1)).toBe(`100${NBSP}%`)
  })

  it("writes spreadsheet numbers with a comma and nothing a French spreadsheet would read as text", () => {
    expect(French.spreadsheetNumber(0.6667)).toBe("0,67")
    expect(French.spreadsheetNumber(1 / 3, 3)).toBe("0,333")
    expect(French.spreadsheetNumber(1)).toBe("1")
    expect(French.spreadsheetNumber(0)).toBe("0")
    expect(French.spreadsheetNumber(1234.5)).toBe("1234,5")
    expect(French.spreadsheetNumber(-0.001)).toBe("0")
    expect(French.spreadsheetNumber(-12)).toBe("-12")
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 4 }), (n, digits) => {
        const cell = French.spreadsheetNumber(n, digits)
        expect(cell).toMatch(/^-?[0-9]+(,[0-9]+)?$/)
        expect(Math.abs(Number(cell.replace(",", ".")) - n)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9)
      }),
      runs
    )
  })

  it("writes booleans as Pix's exports do", () => {
    expect([French.yesNo(true), French.yesNo(false)]).toEqual(["Oui", "Non"])
  })
})

describe("French labels", () => {
  it("gives every SIECLE import status a label and Pix Orga's sentence, UPLOAD_ERROR included", () => {
    expect(French.importStatuses).toHaveLength(7)
    expect(new Set(French.importStatuses.map(French.importStatus)).size).toBe(7)
    expect(French.importStatus("UPLOAD_ERROR")).toBe("Échec de l'envoi")
    expect(French.importStatus("IMPORTED")).toBe("Importé")
    expect(French.importBanner("UPLOAD_ERROR")).toBe("Le fichier n'a pas pu être importé.")
    expect(French.importBanner("VALIDATION_ERROR")).toBe("Le contenu du fichier comporte des erreurs.")
    expect(French.importBanner("UPLOADED")).toBe("Le contenu du fichier est en cours de validation.")
    expect(French.importBanner("IMPORTED", { at: "2026-12-10T13:05:00Z", firstName: "Marie", lastName: "Curie" })).toBe(
      "Dernier fichier importé avec succès le 10/12/2026 14:05 par Marie Curie."
    )
    for (const status of French.importStatuses) expect(French.importBanner(status)).toMatch(/^[A-ZÉ].*\.$/)
  })

  it("says a participation's status as the campaign's type has it", () => {
    expect(French.participationStatus("STARTED", "ASSESSMENT")).toBe("En cours")
    expect(French.participationStatus("TO_SHARE", "ASSESSMENT")).toBe("En attente d'envoi")
    expect(French.participationStatus("SHARED", "ASSESSMENT")).toBe("Résultats reçus")
    expect(French.participationStatus("TO_SHARE", "PROFILES_COLLECTION")).toBe("En attente d'envoi")
    expect(French.participationStatus("SHARED", "PROFILES_COLLECTION")).toBe("Profil reçu")
  })

  it("names roles, campaign types, certificability and connection methods", () => {
    expect([French.role("ADMIN"), French.role("MEMBER")]).toEqual(["Administrateur", "Membre"])
    expect([French.campaignType("ASSESSMENT"), French.campaignType("PROFILES_COLLECTION")]).toEqual([
      "Évaluation",
      "Collecte de profils"
    ])
    expect(French.campaignTypeInFull("ASSESSMENT")).toBe("Campagne d'évaluation")
    expect(French.campaignTypeInFull("PROFILES_COLLECTION")).toBe("Campagne de collecte de profils")
    expect([French.certificability(true), French.certificability(false), French.certificability(null)]).toEqual([
      "Certifiable",
      "Non certifiable",
      "Non communiqué"
    ])
    expect(French.connectionMethod("mediacentre")).toBe("Mediacentre")
    expect(French.connectionMethod("without_mediacentre")).toBe("Sans Mediacentre")
  })
})
