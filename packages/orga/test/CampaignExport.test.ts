import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CampaignExport from "../src/export/CampaignExport.ts"
import * as Csv from "../src/export/Csv.ts"
import * as ExportDates from "../src/export/ExportDates.ts"
import * as GoldenScenario from "./support/goldenScenario.ts"

const golden = (name: string, actual: string) => {
  const path = join(import.meta.dirname, "golden", name)
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, actual)
  expect(actual).toBe(readFileSync(path, "utf8"))
}

// The rows of the golden files are the golden scenario's (the same bytes come out of a store, and of `orga`).
const { header, assessmentRows, target, profileRows } = GoldenScenario

describe("Csv.cell", () => {
  it("guards every formula start with a leading quote", () => {
    expect(Csv.cell("=1+1")).toBe("'=1+1")
    expect(Csv.cell("+1")).toBe("'+1")
    expect(Csv.cell("-1")).toBe("'-1")
    expect(Csv.cell("@SUM(A1)")).toBe("'@SUM(A1)")
    expect(Csv.cell("\tx")).toBe("'\tx")
    expect(Csv.cell("\rx")).toBe('"\'\rx"')
    expect(Csv.cell("a=b")).toBe("a=b")
  })

  it("quotes separators, quotes and line breaks (RFC 4180)", () => {
    expect(Csv.cell('a;"b"')).toBe('"a;""b"""')
    expect(Csv.cell("a\nb")).toBe('"a\nb"')
    expect(Csv.cell(null)).toBe("")
  })

  it("writes numbers with a decimal comma, as a French spreadsheet reads them (§6.2 update)", () => {
    expect(Csv.cell(0.25)).toBe("0,25")
    expect(Csv.cell(0.333)).toBe("0,333")
    expect(Csv.cell(1)).toBe("1")
    expect(Csv.cell(1234.5)).toBe("1234,5")
    expect(Csv.cell(Number.NaN)).toBe("")
  })

  it("round-trips any text through a RFC 4180 reader, formula characters aside", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (text) => {
        const formatted = Csv.cell(text)
        const unquoted =
          formatted.startsWith('"') && formatted.endsWith('"') && formatted.length >= 2
            ? formatted.slice(1, -1).replaceAll('""', '"')
            : formatted
        const expected = /^[=+\-@\t\r]/.test(text) ? "'" + text : text
        expect(unquoted).toBe(expected)
        // A cell never leaks a bare separator or line break outside quotes.
        if (!formatted.startsWith('"')) expect(/[;\r\n"]/.test(formatted)).toBe(false)
      }),
      { numRuns: 200 }
    )
  })
})

describe("assessment results export", () => {
  it("matches the golden file (Pix's columns, NA for unshared, Paris time, formula guard)", () => {
    golden(
      "assessment-results.csv",
      Csv.collect(CampaignExport.assessmentLines(header, "Parcours 2nde", target, assessmentRows))
    )
  })

  it("filters by division", () => {
    const text = Csv.collect(
      CampaignExport.assessmentLines(header, "Parcours 2nde", target, assessmentRows, { divisions: ["2NDE2"] })
    )
    const lines = text.split("\r\n").filter((l) => l !== "")
    expect(text).not.toContain("Dupont")
    expect(text).toContain("'+33 Plus")
    // header + 2 rows, one of which holds a quoted line break
    expect(lines.length).toBe(4)
  })

  it("writes Pix's stage and badge columns after the sharing date: the stars, Oui/Non per badge, NA before sharing", () => {
    const achievements: CampaignExport.AchievementColumns = {
      totalStages: 5,
      badges: [
        { id: "b1", title: "Chercher l'information" },
        { id: "b2", title: "Programmer" }
      ]
    }
    const rows: ReadonlyArray<CampaignExport.AssessmentRow> = [
      // A shared row (Dupont), then one not shared yet.
      { ...assessmentRows.find((row) => row.sharedAt !== null)!, stars: 3, acquiredBadgeIds: ["b2"] },
      { ...assessmentRows.find((row) => row.sharedAt === null)!, stars: 2, acquiredBadgeIds: ["b1"] }
    ]
    const [head, shared, unshared] = Csv.collect(
      CampaignExport.assessmentLines({ ...header, achievements }, "P", target, rows)
    )
      .replace(Csv.bom, "")
      .split("\r\n")
      .map((line) => line.split(";"))
    const at = head!.indexOf("Date et heure du partage (Europe/Paris)")
    expect(head!.slice(at + 1, at + 5)).toEqual([
      "Palier obtenu (/4)",
      "Chercher l'information obtenu (O/N)",
      "Programmer obtenu (O/N)",
      "% maitrise de l'ensemble des acquis du profil"
    ])
    expect(shared!.slice(at + 1, at + 4)).toEqual(["3", "Non", "Oui"])
    expect(unshared!.slice(at + 1, at + 5)).toEqual(["NA", "NA", "NA", "NA"])
    expect(new Set([head!.length, shared!.length, unshared!.length]).size).toBe(1)
    // Without stages or badges, the columns are absent (the golden file above).
    expect(Csv.collect(CampaignExport.assessmentLines(header, "P", target, rows))).not.toContain("Palier obtenu")
  })

  it("leaves the class column out when the organization does not manage students", () => {
    const text = Csv.collect(
      CampaignExport.assessmentLines({ ...header, withDivision: false }, "P", target, assessmentRows.slice(0, 1))
    )
    expect(text).not.toContain("Classe")
    expect(text).not.toContain("2NDE1")
  })
})

describe("profiles collection export", () => {
  it("matches the golden file (16 competences, certifiability, Paris-time dates, external id label)", () => {
    golden(
      "profiles-collection.csv",
      Csv.collect(
        CampaignExport.profilesLines({ ...header, name: "Collecte 3e", externalIdLabel: "N° élève" }, profileRows)
      )
    )
  })

  it("starts with a BOM and ends every line with CRLF", () => {
    const text = Csv.collect(CampaignExport.profilesLines(header, profileRows))
    expect(text.startsWith("\uFEFF")).toBe(true)
    expect(text.endsWith("\r\n")).toBe(true)
  })

  it("streams: rows are pulled one at a time", () => {
    let pulled = 0
    function* rows() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++
        yield { ...profileRows[0]!, lastName: `N${i}` }
      }
    }
    const lines = CampaignExport.profilesLines(header, rows())
    lines.next()
    lines.next()
    lines.next()
    expect(pulled).toBe(2)
  })
})

describe("row order (§6.2 update)", () => {
  const row = (division: string | null, lastName: string, firstName: string, createdAt: string) => ({
    division,
    lastName,
    firstName,
    createdAt
  })

  it("sorts by class, then last name, first name, newest participation first", () => {
    const rows = [
      row("3E2", "Martin", "Léa", "2026-10-01T08:00:00.000Z"),
      row("3E10", "Abel", "Zoé", "2026-10-01T08:00:00.000Z"),
      row("3E1", "Martin", "Léa", "2026-10-01T08:00:00.000Z"),
      row("3E1", "Martin", "Léa", "2026-11-01T08:00:00.000Z"),
      row("3E1", "Émile", "Paul", "2026-10-01T08:00:00.000Z"),
      row("3E1", "Martin", "Anna", "2026-10-01T08:00:00.000Z")
    ]
    expect([...rows].sort(CampaignExport.compareRows(true))).toEqual([
      row("3E1", "Émile", "Paul", "2026-10-01T08:00:00.000Z"),
      row("3E1", "Martin", "Anna", "2026-10-01T08:00:00.000Z"),
      row("3E1", "Martin", "Léa", "2026-11-01T08:00:00.000Z"),
      row("3E1", "Martin", "Léa", "2026-10-01T08:00:00.000Z"),
      row("3E2", "Martin", "Léa", "2026-10-01T08:00:00.000Z"),
      row("3E10", "Abel", "Zoé", "2026-10-01T08:00:00.000Z")
    ])
  })

  it("ignores the class where the organization has none", () => {
    const rows = [
      row("B", "Bernard", "A", "2026-10-01T08:00:00.000Z"),
      row("A", "Durand", "A", "2026-10-01T08:00:00.000Z")
    ]
    expect([...rows].sort(CampaignExport.compareRows(false)).map((r) => r.lastName)).toEqual(["Bernard", "Durand"])
  })

  it("is a total order: sorting any permutation gives the same rows", () => {
    const arbitraryRow = fc.record({
      division: fc.constantFrom("3E1", "3E2", "3E10", null),
      lastName: fc.constantFrom("Martin", "martin", "Émile", "Abel"),
      firstName: fc.constantFrom("Léa", "Lea", "Paul"),
      createdAt: fc.constantFrom("2026-10-01T08:00:00.000Z", "2026-11-01T08:00:00.000Z")
    })
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 12 }), fc.boolean(), (rows, withDivision) => {
        const compare = CampaignExport.compareRows(withDivision)
        const sorted = [...rows].sort(compare)
        for (let i = 1; i < sorted.length; i++) expect(compare(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0)
        const again = [...rows].reverse().sort(compare)
        expect(again.map((r) => compare(r, sorted[again.indexOf(r)]!))).toEqual(again.map(() => 0))
      })
    )
  })
})

describe("file name", () => {
  it("is Resultats-{name}-{id}-{YYYY-MM-DD-HHmm}.csv in Paris time", () => {
    expect(CampaignExport.fileName({ name: "Évaluation 2nde", campaignId: "c-1" }, "2026-07-01T22:05:00.000Z")).toBe(
      "Resultats-Évaluation 2nde-c-1-2026-07-02-0005.csv"
    )
    expect(CampaignExport.fileName({ name: "a/b", campaignId: "c" }, "2026-01-01T00:00:00.000Z")).toBe(
      "Resultats-a_b-c-2026-01-01-0100.csv"
    )
  })

  it("keeps no bidirectional override or control, and cuts a long campaign name", () => {
    const disguised = CampaignExport.fileName(
      { name: "Notes\u202Evsc.exe\u2066\u0085\u200f", campaignId: "c" },
      "2026-01-01T00:00:00.000Z"
    )
    expect(disguised).toBe("Resultats-Notes_vsc.exe___-c-2026-01-01-0100.csv")
    const long = CampaignExport.fileName({ name: "é".repeat(100_000), campaignId: "c" }, "2026-01-01T00:00:00.000Z")
    expect(long).toBe(`Resultats-${"é".repeat(CampaignExport.maxFileNameCampaignName)}-c-2026-01-01-0100.csv`)
  })
  it("never holds a bidi or control character, whatever the name (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (name) => {
        const file = CampaignExport.fileName({ name, campaignId: "c" }, "2026-01-01T00:00:00.000Z")
        expect(file).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/)
        expect([...file].length).toBeLessThanOrEqual(CampaignExport.maxFileNameCampaignName + 40)
      })
    )
  })
})

describe("CampaignExport.sortRows", () => {
  // Names that the French collation finds equal or close: case, accents, hyphens, digits in classes.
  const name = fc.constantFrom(
    "Élodie",
    "elodie",
    "Elodie",
    "Éloïse",
    "Zoé",
    "zoe",
    "Ange",
    "Ängel",
    "Jean-Luc",
    "Jean Luc",
    ""
  )
  const division = fc.option(fc.constantFrom("3e2", "3E2", "3e10", "3e1", "4ème A", "4eme a"), { nil: null })
  const row = fc.record({
    division,
    lastName: name,
    firstName: name,
    createdAt: fc.constantFrom("2026-10-01T08:00:00.000Z", "2026-10-02T08:00:00.000Z", "2026-09-30T08:00:00.000Z"),
    id: fc.nat()
  })

  it("orders rows exactly as a sort by compareRows does, ties kept in their order", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(row, { maxLength: 60 }), (withDivision, rows) => {
        const expected = [...rows].sort(CampaignExport.compareRows(withDivision))
        expect(CampaignExport.sortRows(withDivision, rows, (r) => r)).toEqual(expected)
      }),
      { numRuns: 300 }
    )
  })
})

describe("ExportDates.parisDateTime", () => {
  const reference = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  })
  const expected = (millis: number) => {
    const p: Record<string, string> = {}
    for (const part of reference.formatToParts(new Date(millis))) p[part.type] = part.value
    return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`
  }
  // Around the clock changes of 2026 (29 March, 25 October at 01:00 UTC), and anywhere from 1960 to 2100.
  const nearChange = fc
    .constantFrom(
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(1996, 9, 27, 1),
      Date.UTC(1976, 2, 28, 0)
    )
    .chain((change) => fc.integer({ min: change - 3 * 3_600_000, max: change + 3 * 3_600_000 }))
  const anywhere = fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2100, 0, 1) })

  it("writes what Intl writes for Europe/Paris, clock changes included", () => {
    fc.assert(
      fc.property(fc.oneof(nearChange, anywhere), (millis) => {
        expect(ExportDates.parisDateTime(new Date(millis).toISOString())).toBe(expected(millis))
      }),
      { numRuns: 2000 }
    )
  })

  it("refuses an unreadable date as Intl does", () => {
    expect(() => ExportDates.parisDateTime("pas une date")).toThrow(RangeError)
  })
})
