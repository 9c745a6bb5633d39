/**
 * The native opener of sealed values (`SealedNative`, `native/sealed_open.c`, ADR 0057) against the `node:crypto`
 * open it replaces: for any subjects, associated data and clear bytes (empty to several KB), a batch opens exactly
 * what `SealedText.open` opens, and refuses what it refuses (a tampered nonce, ciphertext, tag or associated data,
 * another subject's key, a slot outside its buffer); the page opener gives the text opener's texts. The addon must
 * load (`pnpm install` builds it), so that no run tests the fallback alone.
 */
import * as Crypto from "node:crypto"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as SealedNative from "../src/SealedNative.ts"
import * as SealedText from "../src/SealedText.ts"

const openMany = SealedNative.loadedOpenMany

describe("SealedNative", () => {
  it("loads the addon that pnpm install builds", () => {
    expect(SealedNative.loadFailure, "build it: pnpm --filter @orga/event-store build:native").toBeUndefined()
    expect(typeof openMany).toBe("function")
    expect(SealedNative.loadedTextOpening).toBeDefined()
  })
})

/** One value to open: a key, its subject (the associated data), its sealed bytes, and how it was tampered. */
interface Case {
  readonly key: Buffer
  readonly subject: string
  readonly sealed: Uint8Array
}

const tamper = fc.constantFrom("none", "nonce", "ciphertext", "tag", "subject", "key", "short")

const cases = fc.array(
  fc.record({
    subject: fc.string({ unit: "binary", maxLength: 40 }),
    clear: fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.constant(new Uint8Array(0)),
      fc.uint8Array({ minLength: 2_000, maxLength: 6_000 })
    ),
    tampered: tamper,
    at: fc.nat()
  }),
  { minLength: 1, maxLength: 12 }
)

const flip = (bytes: Uint8Array, at: number): Uint8Array => {
  const copy = Uint8Array.from(bytes)
  copy[at] = copy[at]! ^ 1
  return copy
}

/** Lays values out as the page opener does and opens them in one call: the clear bytes, or undefined. */
const nativeOpen = (open: SealedNative.OpenMany, values: ReadonlyArray<Case>): Array<Buffer | undefined> => {
  const keys = Buffer.concat(values.map((value) => value.key))
  const parts: Array<Uint8Array> = []
  const table = new Int32Array(6 * values.length)
  let at = 0
  values.forEach((value, index) => {
    const subject = Buffer.from(value.subject)
    table.set([index * 32, at, subject.length, at + subject.length, value.sealed.length, 12345], index * 6)
    parts.push(subject, value.sealed)
    at += subject.length + value.sealed.length
  })
  const input = Buffer.concat(parts)
  const output = Buffer.alloc(input.length)
  const opened = open(keys, input, table, values.length, output)
  const result = values.map((_, index) => {
    const length = table[index * 6 + 5]!
    const start = table[index * 6 + 3]!
    return length < 0 ? undefined : Buffer.from(output.subarray(start, start + length))
  })
  expect(opened).toBe(result.filter((value) => value !== undefined).length)
  return result
}

describe("SealedNative.openMany", () => {
  const open = openMany!

  it("opens exactly what node:crypto opens, and refuses what it refuses, for any values and tampering", () => {
    fc.assert(
      fc.property(cases, (generated) => {
        const values: Array<Case> = generated.map(({ subject, clear, tampered, at }) => {
          const key = Crypto.randomBytes(32)
          const sealed = SealedText.seal(Crypto.createSecretKey(key), subject, clear)
          const body = sealed.length - 28
          switch (tampered) {
            case "nonce":
              return { key, subject, sealed: flip(sealed, at % 12) }
            case "ciphertext":
              return { key, subject, sealed: body === 0 ? flip(sealed, 12) : flip(sealed, 12 + (at % body)) }
            case "tag":
              return { key, subject, sealed: flip(sealed, sealed.length - 16 + (at % 16)) }
            case "subject":
              return { key, subject: `${subject}x`, sealed }
            case "key":
              return { key: Crypto.randomBytes(32), subject, sealed }
            case "short":
              return { key, subject, sealed: sealed.subarray(0, at % 28) }
            default:
              return { key, subject, sealed }
          }
        })
        const expected = values.map((value) =>
          SealedText.open(Crypto.createSecretKey(value.key), value.subject, value.sealed)
        )
        expect(nativeOpen(open, values)).toEqual(expected)
        generated.forEach(({ clear, tampered }, index) => {
          if (tampered === "none") expect(expected[index]).toEqual(Buffer.from(clear))
          else expect(expected[index]).toBeUndefined()
        })
      }),
      { numRuns: 60 }
    )
  })

  it("refuses a slot outside its buffer (key, associated data or value) without reading or writing past it", () => {
    const key = Crypto.randomBytes(32)
    const sealed = SealedText.seal(Crypto.createSecretKey(key), "learner:a", Buffer.from("{}"))
    const input = Buffer.concat([Buffer.from("learner:a"), sealed])
    const rows = [
      [0, 0, 9, 9, sealed.length, 0],
      [32, 0, 9, 9, sealed.length, 0],
      [-32, 0, 9, 9, sealed.length, 0],
      [0, 0, 9, 9, sealed.length + 1, 0],
      [0, -1, 9, 9, sealed.length, 0],
      [0, 0, 9, 10, -1, 0]
    ]
    const table = Int32Array.from(rows.flat())
    const output = Buffer.alloc(input.length)
    expect(open(key, input, table, rows.length, output)).toBe(1)
    expect(Array.from({ length: rows.length }, (_, index) => table[index * 6 + 5])).toEqual([2, -1, -1, -1, -1, -1])
    expect(output.toString("utf8", 9, 11)).toBe("{}")
  })

  it("throws a TypeError on arguments of the wrong kind, a table too short, or an output shorter than the input", () => {
    const bytes = new Uint8Array(64)
    expect(() => open(bytes, bytes, new Int32Array(6), 2, bytes)).toThrow(TypeError)
    expect(() => open(bytes, bytes, new Int32Array(6), 1, new Uint8Array(10))).toThrow(TypeError)
    expect(() =>
      (open as unknown as (...args: Array<unknown>) => number)(bytes, "text", new Int32Array(6), 1, bytes)
    ).toThrow(TypeError)
    expect(() => open(bytes, bytes, new Uint32Array(6) as unknown as Int32Array, 1, bytes)).toThrow(TypeError)
  })
})

const storedKeys = [Crypto.randomBytes(32), Crypto.randomBytes(32), Crypto.randomBytes(32)]
const snapshot: SealedText.KeySnapshot = {
  subjects: ["learner:a", "learner:é", "user:b"],
  keys: Buffer.concat(storedKeys)
}

/** An event's stored text: its clear fields, then the sealed ones as the shredder writes them (last). */
const stored = (subject: string, personal: unknown, key: Buffer, clear: Record<string, unknown> = {}) =>
  JSON.stringify({
    _tag: "StudentImported",
    organizationId: "o",
    ...clear,
    $personal: [
      subject,
      Buffer.from(
        SealedText.seal(Crypto.createSecretKey(key), subject, Buffer.from(JSON.stringify(personal)))
      ).toString("base64")
    ]
  })

const text = fc.oneof(
  // Sealed under a snapshot's key, with small or multi-KB fields, some empty.
  fc
    .record({
      which: fc.integer({ min: 0, max: 2 }),
      personal: fc.dictionary(
        fc
          .string({ minLength: 1, maxLength: 6 })
          .filter((name) => !["$personal", "_tag", "organizationId"].includes(name)),
        fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ minLength: 1_000, maxLength: 3_000 }), fc.constant(null))
      ),
      // Clear fields before the sealed one, accents and all (the part the page opener writes as bytes).
      division: fc.option(fc.string({ unit: "grapheme", maxLength: 400 }), { nil: undefined })
    })
    .map(({ which, personal, division }) =>
      stored(snapshot.subjects[which]!, personal, storedKeys[which]!, division === undefined ? {} : { division })
    ),
  // No sealed field; a subject the snapshot lacks; another subject's value; a forged value.
  fc.string().map((name) => JSON.stringify({ _tag: "CampaignCreated", name })),
  fc.constant(stored("learner:z", { firstName: "Ana" }, Crypto.randomBytes(32))),
  fc.constant(stored("learner:a", { firstName: "Ana" }, storedKeys[0]!).replace('"learner:a"', '"user:b"')),
  fc.nat().map((at) => {
    const good = stored("learner:a", { firstName: "Ana", lastName: "Lopez" }, storedKeys[0]!)
    const start = good.indexOf('","') + 3
    const index = start + (at % (good.length - start - 4))
    return `${good.slice(0, index)}${good[index] === "A" ? "B" : "A"}${good.slice(index + 1)}`
  }),
  // Base64 the addon leaves to node:crypto's lenient decoder: unpadded, URL-safe, a character outside it.
  fc.constantFrom("unpadded", "url", "stray").map((how) => {
    const good = stored("learner:é", { firstName: "Zoé", n: "xx" }, storedKeys[1]!)
    const value = good.slice(good.indexOf('","') + 3, good.length - 3)
    const changed =
      how === "unpadded"
        ? value.replace(/=+$/, "")
        : how === "url"
          ? value.replace(/\+/g, "-").replace(/\//g, "_")
          : `${value.slice(0, 8)}*${value.slice(8)}`
    return `${good.slice(0, good.length - 3 - value.length)}${changed}"]}`
  }),
  // A sealed field that does not end the text, or a value with no subject.
  fc.constant(`${stored("learner:a", { firstName: "Ana" }, storedKeys[0]!).slice(0, -1)},"x":"]}`),
  fc.constant(JSON.stringify({ _tag: "X", $personal: ["learner:a"] }))
)

describe("SealedText.pageOpener with the addon", () => {
  it("gives the texts SealedText.opener gives, text by text, over any page and any range of it", () => {
    const one = SealedText.opener(snapshot)
    // One page opener over every page: its buffers are reused and grown.
    const page = SealedText.pageOpener(snapshot, SealedNative.loadedTextOpening)
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.nat(), fc.nat(), (texts, a, b) => {
        const from = texts.length === 0 ? 0 : a % (texts.length + 1)
        const to = from + (texts.length === 0 ? 0 : b % (texts.length - from + 1))
        const expected = texts.map((stored, index) => (index >= from && index < to ? one(stored) : stored))
        const actual = texts.slice()
        page(actual, from, to)
        expect(actual).toEqual(expected)
      }),
      { numRuns: 200 }
    )
  })
})

describe("SealedText.pageOpener's buffers", () => {
  it("grow within a page without losing what the page wrote before (large clear parts, accents, large values)", () => {
    const one = SealedText.opener(snapshot)
    const page = SealedText.pageOpener(snapshot, SealedNative.loadedTextOpening)
    const texts = Array.from({ length: 60 }, (_, index) =>
      stored(
        snapshot.subjects[index % 3]!,
        { firstName: `Zoé ${index}`, note: "ü".repeat(index * 40) },
        storedKeys[index % 3]!,
        { division: `${"é".repeat(index * 50)}${index}` }
      )
    )
    const actual = texts.slice()
    page(actual, 0, texts.length)
    expect(actual).toEqual(texts.map(one))
    expect(JSON.parse(actual[59]!)).toMatchObject({ division: `${"é".repeat(2_950)}59`, firstName: "Zoé 59" })
  })
})

describe("SealedNative.TextOpening", () => {
  const opening = SealedNative.loadedTextOpening!
  const bytes = Buffer.from("learner:a")

  it("opens a subject given twice under its last key, as a Map's set does", () => {
    const twice: SealedText.KeySnapshot = {
      subjects: ["learner:a", "learner:a"],
      keys: Buffer.concat([Crypto.randomBytes(32), storedKeys[0]!])
    }
    const texts = [stored("learner:a", { firstName: "Ana" }, storedKeys[0]!)]
    const actual = texts.slice()
    SealedText.pageOpener(twice, opening)(actual, 0, 1)
    expect(actual).toEqual(texts.map(SealedText.opener(twice)))
    expect(JSON.parse(actual[0]!)).toMatchObject({ firstName: "Ana" })
  })

  it("finds each subject of a snapshot whose subjects are not all ASCII, lone surrogates included", () => {
    const odd: SealedText.KeySnapshot = {
      subjects: ["learner:\uD800", "\uDC00learner:a", "learner:a", "learner:é"],
      keys: Buffer.concat([Crypto.randomBytes(64), storedKeys[0]!, storedKeys[1]!])
    }
    const texts = [
      stored("learner:a", { firstName: "Ana" }, storedKeys[0]!),
      stored("learner:é", { firstName: "Zoé" }, storedKeys[1]!)
    ]
    const actual = texts.slice()
    SealedText.pageOpener(odd, opening)(actual, 0, 2)
    expect(actual.map((text) => JSON.parse(text).firstName)).toEqual(["Ana", "Zoé"])
  })

  it("refuses, without reading past its buffers or looping, an index changed after it was built", () => {
    const keys = Buffer.concat([storedKeys[0]!])
    const input = Buffer.from(stored("learner:a", { firstName: "Ana" }, storedKeys[0]!))
    const ends = Int32Array.of(bytes.length)
    const open = (buckets: Int32Array, changedEnds = ends) => {
      const table = Int32Array.of(0, input.length, 12345)
      opening.openTexts(keys, bytes, changedEnds, buckets, Buffer.from(input), table, 1, Buffer.alloc(input.length))
      return table[2]
    }
    const buckets = new Int32Array(2)
    opening.indexSubjects(bytes, ends, 1, buckets)
    expect(open(buckets)).toBeGreaterThan(0)
    // Every bucket full of a number past the subjects, or of the one subject whose end is past its bytes.
    expect(open(Int32Array.of(5, 5))).toBe(-1)
    expect(open(Int32Array.of(0, 0), Int32Array.of(1_000))).toBe(-1)
    expect(open(Int32Array.of(0, 0), Int32Array.of(-4))).toBe(-1)
    // A text slot outside the input.
    const table = Int32Array.of(4, input.length, 0, -1, 3, 0)
    expect(opening.openTexts(keys, bytes, ends, buckets, input, table, 2, Buffer.alloc(input.length))).toBe(0)
    expect([table[2], table[5]]).toEqual([-1, -1])
  })

  it("throws a TypeError on bad arguments: buckets too few or not a power of two, ends out of order, overlapping buffers", () => {
    const ends = Int32Array.of(bytes.length)
    expect(() => opening.indexSubjects(bytes, ends, 1, new Int32Array(1))).toThrow(TypeError)
    expect(() => opening.indexSubjects(bytes, ends, 2, new Int32Array(8))).toThrow(TypeError)
    expect(() => opening.indexSubjects(bytes, Int32Array.of(5, 2), 2, new Int32Array(6))).toThrow(TypeError)
    expect(() => opening.indexSubjects(bytes, Int32Array.of(99), 1, new Int32Array(2))).toThrow(TypeError)
    const buckets = new Int32Array(2)
    opening.indexSubjects(bytes, ends, 1, buckets)
    const shared = Buffer.alloc(64)
    const table = Int32Array.of(0, 8, 0)
    expect(() => opening.openTexts(storedKeys[0]!, bytes, ends, buckets, shared, table, 1, shared)).toThrow(TypeError)
    expect(() =>
      opening.openTexts(storedKeys[0]!, bytes, ends, buckets, shared.subarray(0, 32), table, 1, shared.subarray(16))
    ).toThrow(TypeError)
    expect(() => opening.openTexts(storedKeys[0]!, bytes, ends, buckets, shared, table, 2, Buffer.alloc(64))).toThrow(
      TypeError
    )
    expect(() =>
      opening.openTexts(storedKeys[0]!, bytes, ends, new Int32Array(3), shared, table, 1, Buffer.alloc(64))
    ).toThrow(TypeError)
  })
})

describe("SealedText.pageOpener without the addon", () => {
  it("is the text opener, text by text", () => {
    const one = SealedText.opener(snapshot)
    const page = SealedText.pageOpener(snapshot, undefined)
    const texts = [
      stored("learner:é", { firstName: "Zoé" }, storedKeys[1]!),
      JSON.stringify({ _tag: "CampaignCreated", name: "Rentrée" }),
      stored("learner:z", { firstName: "Ana" }, Crypto.randomBytes(32))
    ]
    const actual = texts.slice()
    page(actual, 0, texts.length)
    expect(actual).toEqual(texts.map(one))
    expect(JSON.parse(actual[0]!)).toEqual({ _tag: "StudentImported", organizationId: "o", firstName: "Zoé" })
  })
})
