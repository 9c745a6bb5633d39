/**
 * The campaign exports build their lines from cells formatted once per export (the campaign's, the "NA" tail, each
 * count's mastery cells) and a one-scan `Csv.text`: these properties hold them to the plain cell-by-cell writing
 * they replaced (`support/exportReference.ts`), byte for byte, over generated campaigns and rows (formula starts,
 * separators, quotes and line breaks in every text, counts beyond the target, odd numbers of pix).
 */
import { Competences } from "@orga/domain"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CampaignExport from "../src/export/CampaignExport.ts"
import * as Csv from "../src/export/Csv.ts"
import * as Reference from "./support/exportReference.ts"

const text = fc.oneof(
  fc.constantFrom(
    "",
    "Zoé",
    "=1+1",
    "-3",
    "+33",
    "@x",
    "\tx",
    "\rx",
    "a;b",
    'dit "bonjour"',
    "x\r\ny",
    "l'été",
    "2NDE1"
  ),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 })
)
const iso = fc
  .integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((millis) => new Date(millis).toISOString())
const division = fc.option(fc.oneof(fc.constantFrom("3E1", "3E2", "=3E3"), text), { nil: null })
const badgeIds = ["b1", "b2", "b3"] as const
const competenceIds = Competences.competences.map((competence) => competence.id)
const count = fc.oneof(fc.nat(10), fc.double({ min: 0, max: 10, noNaN: true }))

const header = fc.record({
  organizationName: text,
  campaignId: text,
  code: text,
  name: text,
  externalIdLabel: fc.option(text, { nil: null }),
  withDivision: fc.boolean(),
  achievements: fc.option(
    fc.record({
      totalStages: fc.option(fc.nat(5), { nil: null }),
      badges: fc
        .subarray([...badgeIds])
        .chain((ids) => fc.tuple(...ids.map((id) => text.map((title) => ({ id, title })))))
    }),
    { nil: undefined }
  )
})
const options = fc.option(fc.record({ divisions: fc.subarray(["3E1", "3E2", "=3E3"]) }), { nil: undefined })

const collect = (lines: Iterable<string>) => Csv.collect(lines)

describe("export lines", () => {
  it("write the assessment export as the cell-by-cell reference does", () => {
    const target = fc
      .subarray(competenceIds, { maxLength: 8 })
      .chain((ids) =>
        fc.tuple(
          ...ids.map((competenceId) => fc.nat(6).map((targetSkillsCount) => ({ competenceId, targetSkillsCount })))
        )
      )
    const row = fc.record({
      lastName: text,
      firstName: text,
      division,
      externalId: fc.option(text, { nil: null }),
      progress: fc.oneof(fc.constantFrom(0, 1, 1 / 3, 2 / 3), fc.double({ min: 0, max: 1, noNaN: true })),
      createdAt: iso,
      sharedAt: fc.option(iso, { nil: null }),
      validatedByCompetence: fc.dictionary(fc.constantFrom(...competenceIds), count),
      stars: fc.option(fc.nat(5), { nil: undefined }),
      acquiredBadgeIds: fc.option(fc.subarray([...badgeIds]), { nil: undefined })
    })
    fc.assert(
      fc.property(
        header,
        text,
        target,
        fc.array(row, { maxLength: 12 }),
        options,
        (campaign, name, target, rows, opts) => {
          expect(collect(CampaignExport.assessmentLines(campaign, name, target, rows, opts))).toBe(
            collect(Reference.assessmentLines(campaign, name, target, rows, opts))
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it("write the profiles collection export as the cell-by-cell reference does", () => {
    const pix = fc.oneof(
      fc.integer({ min: -5, max: 80 }),
      fc.double({ min: -5, max: 80 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e21)
    )
    const row = fc.record({
      lastName: text,
      firstName: text,
      division,
      externalId: fc.option(text, { nil: null }),
      createdAt: iso,
      sharedAt: fc.option(iso, { nil: null }),
      pixByCompetence: fc.dictionary(fc.constantFrom(...competenceIds), pix)
    })
    fc.assert(
      fc.property(header, fc.array(row, { maxLength: 12 }), options, (campaign, rows, opts) => {
        expect(collect(CampaignExport.profilesLines(campaign, rows, opts))).toBe(
          collect(Reference.profilesLines(campaign, rows, opts))
        )
      }),
      { numRuns: 300 }
    )
  })

  it("format a text cell as the regular-expression cell does, whatever the text", () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: "binary", maxLength: 40 })), (value) => {
        const guarded = /^[=+\-@\t\r]/.test(value) ? "'" + value : value
        const expected = /[;"\r\n]/.test(guarded) ? '"' + guarded.replaceAll('"', '""') + '"' : guarded
        expect(Csv.text(value)).toBe(expected)
        expect(Csv.cell(value)).toBe(expected)
      })
    )
  })
})
