/**
 * Properties of the bounded reader: the hand-written start-tag check accepts exactly what the regular
 * expressions it replaced accepted; a read never returns more than its caps allow, and refuses with a cap's code
 * only when that cap is passed; a refusal keeps the first problems and counts all of them.
 */
import { DomainError } from "@orga/domain"
import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Limits, Siecle, SiecleError } from "../src/index.ts"
import { startTagEnd } from "../src/Xml.ts"
import { bytesOf, documentOf, UAI, validStudent } from "./helpers.ts"

// The reference: the regular expressions `checkStartTag` used before (quadratic on long values; fine on the
// short inputs generated here).
const NAME_PATTERN =
  "[:A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD]" +
  "[:A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*"
const NAME = new RegExp(NAME_PATTERN, "y")
const ATTRIBUTES = new RegExp(
  `(?:[ \\t\\r\\n]+${NAME_PATTERN}[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"[^"<]*"|'[^'<]*'))*[ \\t\\r\\n]*/?>`,
  "y"
)
const ATTRIBUTE = new RegExp(`[ \\t\\r\\n]+(${NAME_PATTERN})[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"[^"<]*"|'[^'<]*')`, "y")

const referenceEnd = (text: string, lt: number): number | undefined => {
  NAME.lastIndex = lt + 1
  if (!NAME.test(text)) return undefined
  const nameEnd = NAME.lastIndex
  if (text.charCodeAt(nameEnd) === 0x3e) return nameEnd + 1
  ATTRIBUTES.lastIndex = nameEnd
  if (!ATTRIBUTES.test(text)) return undefined
  const end = ATTRIBUTES.lastIndex
  // Names read pair by pair (the old global search also found `name=` inside values: `a='b=' b='1'` was
  // refused as a repeated name; that was a bug, not a rule).
  const names = new Set<string>()
  ATTRIBUTE.lastIndex = nameEnd
  for (let match = ATTRIBUTE.exec(text); match !== null; match = ATTRIBUTE.exec(text)) {
    if (names.has(match[1] as string)) return undefined
    names.add(match[1] as string)
  }
  return end
}

// Start tags built from the pieces that matter, well-formed or nearly so.
const space = fc.constantFrom("", " ", "  ", "\t", "\r\n", "\n ")
const name = fc.constantFrom("a", "b", "ELEVE_ID", "x:y", "é-1", "_a.b", "1a", "-a", "a b", "")
const value = fc.constantFrom("", "1", "a b", "x>y", "a<b", "&amp;", "'", '"', "é", "/>")
const quote = fc.constantFrom('"', "'")
const attribute = fc
  .tuple(space, name, space, fc.constantFrom("=", "", "=="), space, quote, value, fc.boolean())
  .map(
    ([before, key, s1, equals, s2, q, text, closed]) =>
      `${before}${key}${s1}${equals}${s2}${q}${text}${closed ? q : ""}`
  )
const tag = fc
  .tuple(
    fc.constantFrom("A", "ELEVE", "1X", "_x", "é"),
    fc.array(attribute, { maxLength: 4 }),
    space,
    fc.constantFrom(">", "/>", "/ >", "", "/"),
    fc.string({ maxLength: 3 })
  )
  .map(([tagName, attributes, last, end, after]) => `<${tagName}${attributes.join("")}${last}${end}${after}`)

describe("start tags", () => {
  it("are accepted exactly when the regular expressions they replaced accepted them, ending at the same place", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 4 }),
        fc.oneof(
          tag,
          fc.string({ maxLength: 30 }).map((text) => `<${text}`)
        ),
        (before, text) => {
          const whole = `${before}${text}`
          expect(startTagEnd(whole, before.length)).toBe(referenceEnd(whole, before.length))
        }
      ),
      { numRuns: 3000 }
    )
  })

  it("read a well-formed attribute value of any length in one pass (a 1 MB value under a lifted cap)", () => {
    const text = `<A b="${"x".repeat(1_000_000)}" c='1'/>`
    expect(startTagEnd(text, 0, { ...Limits.defaults, maxFieldLength: 2_000_000, maxRecordLength: 2_000_000 })).toBe(
      text.length
    )
  })
})

const read = (text: string, limits: Partial<Limits.Limits>) =>
  Siecle.read(new Uint8Array(Buffer.from(text, "latin1")), { uai: UAI, limits })
const capCodes = new Set(["TOO_MANY_STUDENTS", "FIELD_TOO_LONG", "RECORD_TOO_LARGE", "TOO_MANY_CHARACTER_REFERENCES"])

describe("caps", () => {
  it("are never exceeded by an accepted file, and refuse only a file that passes them", () => {
    const outcomes = new Set<string>()
    const student = fc.record({
      lastName: fc.integer({ min: 1, max: 70 }),
      references: fc.integer({ min: 0, max: 6 }),
      firstNames: fc.integer({ min: 0, max: 8 })
    })
    const limits = fc.record({
      maxStudents: fc.integer({ min: 1, max: 12 }),
      // Above the generator's longest other value (`ECOLE ELEMENTAIRE PUBLIQUE`, 26 characters).
      maxFieldLength: fc.integer({ min: 30, max: 60 }),
      maxReferencesPerValue: fc.integer({ min: 0, max: 5 }),
      maxReferencesPerFile: fc.integer({ min: 0, max: 30 }),
      maxItemsPerRecord: fc.integer({ min: 20, max: 40 })
    })
    fc.assert(
      fc.property(fc.array(student, { minLength: 1, maxLength: 12 }), limits, (students, caps) => {
        const document = documentOf(
          students.map((shape, index) => [
            String(index + 1),
            validStudent(`${String(index).padStart(10, "0")}A`, {
              // Written `&amp;` by the renderer: five characters and one reference each.
              NOM_DE_FAMILLE: `${"&".repeat(shape.references)}${"D".repeat(shape.lastName)}`,
              PRENOM2: shape.firstNames === 0 ? null : "Zoé"
            })
          ])
        )
        // Extra first names as repeated PRENOM3 children, to push the items of a record.
        let text = new TextDecoder("latin1").decode(bytesOf(document))
        students.forEach((shape, index) => {
          text = text.replace(
            `<ELEVE ELEVE_ID="${index + 1}" `,
            `<ELEVE ELEVE_ID="${index + 1}" N="${shape.firstNames}" `
          )
        })
        text = text.replace(
          /<ELEVE ELEVE_ID="(\d+)" N="(\d+)" ([^>]*)>/g,
          (_, id, count, rest) => `<ELEVE ELEVE_ID="${id}" ${rest}>${"<PRENOM3>A</PRENOM3>".repeat(Number(count))}`
        )
        const result = read(text, caps)
        outcomes.add(Result.isSuccess(result) ? "accepted" : (result.failure.errors[0]?.code ?? ""))
        const rawLength = (shape: (typeof students)[number]) => shape.references * 5 + shape.lastName
        // Items of an ELEVE as the generator writes it: itself, 2 attributes, 15 children (16 with a PRENOM2),
        // SCOLARITE_AN_DERNIER and its 3, and the extra PRENOM3s.
        const items = (shape: (typeof students)[number]) =>
          1 + 2 + 15 + 4 + shape.firstNames + (shape.firstNames > 0 ? 1 : 0)
        const over = {
          TOO_MANY_STUDENTS: students.length > caps.maxStudents,
          FIELD_TOO_LONG: students.some((shape) => rawLength(shape) > caps.maxFieldLength),
          RECORD_TOO_LARGE: students.some((shape) => items(shape) > caps.maxItemsPerRecord),
          TOO_MANY_CHARACTER_REFERENCES:
            students.some((shape) => shape.references > caps.maxReferencesPerValue) ||
            students.reduce((sum, shape) => sum + shape.references, 0) > caps.maxReferencesPerFile
        }
        if (Result.isSuccess(result)) {
          expect(Object.values(over).some(Boolean)).toBe(false)
          expect(result.success.students.map((record) => record.lastName)).toEqual(
            students.map((shape) => `${"&".repeat(shape.references)}${"D".repeat(shape.lastName)}`)
          )
        } else {
          const codes = result.failure.errors.map((error) => error.code)
          expect(codes.length).toBe(1)
          const code = codes[0] as keyof typeof over
          expect(capCodes.has(code)).toBe(true)
          expect([code, over[code]]).toEqual([code, true])
        }
      }),
      { numRuns: 300 }
    )
    // The runs went both ways, through every cap.
    expect([...outcomes].sort()).toEqual(["accepted", ...capCodes].sort())
  })
})

describe("the student count", () => {
  const file = (students: number, inComment: number) => {
    const document = documentOf(
      Array.from({ length: students }, (_, index) => [String(index + 1), validStudent(`${index}`.padStart(11, "0"))])
    )
    const text = new TextDecoder("latin1").decode(bytesOf(document))
    return text.replace("<ELEVES>", `<ELEVES><!-- ${"<ELEVE/>".repeat(inComment)} -->`)
  }

  it("refuses a flood of ELEVE start tags before parsing any record, counting those in comments too", () => {
    expect(read(file(2, 0), { maxStudents: 2 })._tag).toBe("Success")
    const refused = read(file(2, 1), { maxStudents: 2 })
    expect(Result.isFailure(refused) && refused.failure.errors.map((error) => error.code)).toEqual([
      "TOO_MANY_STUDENTS"
    ])
    expect(read(file(3, 0), { maxStudents: 2 })._tag).toBe("Failure")
  })
})

describe("the refusal's report", () => {
  it("keeps the first problems in order, at most the cap, and counts every one by code", () => {
    const code = fc.constantFrom("INE_UNIQUE", "FIRST_NAME_REQUIRED", "INVALID_FILE", "EMPTY")
    fc.assert(
      fc.property(fc.array(code, { maxLength: 60 }), fc.integer({ min: 0, max: 30 }), (codes, cap) => {
        const errors = codes.map(
          (value, index) => new DomainError.InvalidInput({ code: value, message: `n°${index}`, meta: {} })
        )
        const failure = SiecleError.failed(errors, cap)
        expect(failure.errors).toEqual(errors.slice(0, cap))
        expect(failure.errorTotal).toBe(codes.length)
        const counts: Record<string, number> = {}
        for (const value of codes) counts[value] = (counts[value] ?? 0) + 1
        expect(failure.errorCounts).toEqual(counts)
      })
    )
  })
})
