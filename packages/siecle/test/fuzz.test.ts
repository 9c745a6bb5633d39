/**
 * Fuzzing: whatever is done to a valid SIECLE file, the reader ends in records or in Pix-coded problems, never an
 * exception. The slowest file is printed (speed budgets live in bench/siecle, not in unit tests).
 */
import * as Result from "effect/Result"
import * as fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { Siecle, SiecleError } from "../src/index.ts"
import {
  encode,
  type GeneratedEncoding,
  generateSchool,
  render,
  type SiecleDocument,
  zip
} from "../src/testing/index.ts"
import { UAI } from "./helpers.ts"

const codes = new Set<string>(Object.values(SiecleError.Code))
let slowest = 0
let files = 0

/** Reads and checks the outcome is a Pix-coded answer; returns the result for further checks. */
const readSafely = (bytes: Uint8Array) => {
  const started = performance.now()
  let result: ReturnType<typeof Siecle.read> | undefined
  try {
    result = Siecle.read(bytes, { uai: UAI })
  } finally {
    slowest = Math.max(slowest, performance.now() - started)
    files++
  }
  if (Result.isFailure(result)) {
    expect(result.failure.errors.length).toBeGreaterThan(0)
    for (const error of result.failure.errors) {
      expect(codes.has(error.code)).toBe(true)
      expect(error.message.length).toBeGreaterThan(0)
      expect(typeof error.meta).toBe("object")
    }
  } else {
    expect(result.success.students.length).toBeGreaterThan(0)
  }
  return result
}

afterAll(() => {
  console.log(`siecle fuzz: ${files} files read, slowest ${slowest.toFixed(1)} ms`)
})

const school = fc
  .record({ seed: fc.integer(), students: fc.integer({ min: 1, max: 25 }) })
  .map((options) => generateSchool({ ...options, uai: UAI }))
const encoding = fc.constantFrom<GeneratedEncoding>("ISO-8859-15", "UTF-8")
const bytesOf = (document: SiecleDocument, chosen: GeneratedEncoding) => encode(render(document, chosen), chosen)

describe("generated files", () => {
  it("read back as the generator says, in both encodings, zipped or not", () => {
    fc.assert(
      fc.property(school, encoding, fc.boolean(), (generated, chosen, zipped) => {
        const plain = bytesOf(generated.document, chosen)
        const result = readSafely(zipped ? zip({ "ElevesSansAdresses.xml": plain }) : plain)
        if (generated.expected.students.length === 0) {
          expect(Result.isFailure(result) && result.failure.errors.map((error) => error.code)).toEqual(["EMPTY"])
        } else {
          expect(Result.isSuccess(result)).toBe(true)
          if (Result.isSuccess(result)) {
            expect(result.success.students).toEqual(generated.expected.students)
            expect(result.success.report).toEqual(generated.expected.report)
          }
        }
      }),
      { numRuns: 100 }
    )
  })

  it("give the same records whatever the order of an ELEVE's children", () => {
    fc.assert(
      fc.property(school, fc.infiniteStream(fc.nat()), (generated, draws) => {
        const iterator = draws[Symbol.iterator]()
        const shuffle = <A>(items: ReadonlyArray<A>): Array<A> => {
          const copy = [...items]
          for (let index = copy.length - 1; index > 0; index--) {
            const other = (iterator.next().value ?? 0) % (index + 1)
            ;[copy[index], copy[other]] = [copy[other] as A, copy[index] as A]
          }
          return copy
        }
        const shuffled: SiecleDocument = {
          ...generated.document,
          eleves: generated.document.eleves.map((eleve) => ({ ...eleve, fields: shuffle(eleve.fields) }))
        }
        const result = readSafely(bytesOf(shuffled, "ISO-8859-15"))
        if (generated.expected.students.length > 0) {
          expect(Result.isSuccess(result) && result.success.students).toEqual(generated.expected.students)
        }
      }),
      { numRuns: 100 }
    )
  })
})

describe("damaged files end in records or Pix-coded problems", () => {
  const damaged = (damage: fc.Arbitrary<(bytes: Uint8Array) => Uint8Array>) =>
    fc.property(school, encoding, fc.boolean(), damage, (generated, chosen, zipped, apply) => {
      const plain = bytesOf(generated.document, chosen)
      readSafely(zipped ? apply(zip({ "ElevesSansAdresses.xml": plain })) : apply(plain))
      readSafely(zipped ? zip({ "ElevesSansAdresses.xml": apply(plain) }) : apply(plain))
    })

  it("truncations", () => {
    const truncate = fc
      .double({ min: 0, max: 1, noNaN: true })
      .map((ratio) => (bytes: Uint8Array) => bytes.subarray(0, Math.floor(bytes.length * ratio)))
    fc.assert(damaged(truncate), { numRuns: 150 })
  })

  it("byte flips", () => {
    const flips = fc
      .array(
        fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })),
        {
          minLength: 1,
          maxLength: 8
        }
      )
      .map((changes) => (bytes: Uint8Array) => {
        const copy = bytes.slice()
        for (const [where, value] of changes) copy[Math.floor(where * copy.length)] = value
        return copy
      })
    fc.assert(damaged(flips), { numRuns: 200 })
  })

  it("tag swaps", () => {
    const names = [
      "ELEVE",
      "STRUCTURES_ELEVE",
      "ID_NATIONAL",
      "PRENOM",
      "DATE_SORTIE",
      "UAJ",
      "STRUCTURE",
      "DONNEES",
      "BEE_ELEVES",
      "TYPE_STRUCTURE",
      "__proto__",
      "constructor"
    ]
    const swap = fc
      .tuple(fc.constantFrom(...names), fc.constantFrom(...names), fc.nat(), fc.boolean())
      .map(([from, to, nth, both]) => (bytes: Uint8Array) => {
        const text = Buffer.from(bytes).toString("latin1")
        const pattern = both ? new RegExp(`(</?)${from}\\b`, "g") : new RegExp(`(<)${from}\\b`, "g")
        let seen = 0
        const occurrences = text.match(pattern)?.length ?? 0
        const target = occurrences === 0 ? -1 : nth % occurrences
        const swapped = text.replace(pattern, (match, open: string) =>
          seen++ === target || both ? `${open}${to}` : match
        )
        return new Uint8Array(Buffer.from(swapped, "latin1"))
      })
    fc.assert(damaged(swap), { numRuns: 200 })
  })

  it("random orders of ELEVE, STRUCTURES_ELEVE and their children", () => {
    fc.assert(
      fc.property(school, encoding, fc.infiniteStream(fc.nat()), (generated, chosen, draws) => {
        const iterator = draws[Symbol.iterator]()
        const shuffle = <A>(items: ReadonlyArray<A>): Array<A> =>
          items
            .map((item) => [iterator.next().value ?? 0, item] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, item]) => item)
        const text = render(
          {
            ...generated.document,
            eleves: shuffle(generated.document.eleves).map((eleve) => ({ ...eleve, fields: shuffle(eleve.fields) })),
            structures: shuffle(generated.document.structures)
          },
          chosen
        )
        // Sometimes the STRUCTURES block comes first: every STRUCTURES_ELEVE is then ignored.
        const blocks = /<STRUCTURES>[\s\S]*<\/STRUCTURES>/.exec(text)?.[0] ?? ""
        const moved =
          (iterator.next().value ?? 0) % 2 === 0
            ? text
            : text.replace(blocks, "").replace("<ELEVES>", `${blocks}<ELEVES>`)
        readSafely(encode(moved, chosen))
      }),
      { numRuns: 150 }
    )
  })

  it("random declared encodings", () => {
    const labels = [
      "ISO-8859-15",
      "ISO-8859-1",
      "windows-1252",
      "UTF-8",
      "utf8",
      "latin1",
      "UTF-16",
      "KOI8-R",
      "",
      'x"y'
    ]
    fc.assert(
      fc.property(school, encoding, fc.constantFrom(...labels), fc.boolean(), (generated, chosen, label, bom) => {
        const text = render(generated.document, chosen).replace(`encoding="${chosen}"`, `encoding="${label}"`)
        const bytes = encode(text, chosen)
        readSafely(bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) : bytes)
      }),
      { numRuns: 150 }
    )
  })

  it("arbitrary bytes, and arbitrary bytes after a zip signature", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (bytes, zipLike) => {
        readSafely(zipLike ? new Uint8Array([0x50, 0x4b, 3, 4, ...bytes]) : bytes)
      }),
      { numRuns: 200 }
    )
  })
})
