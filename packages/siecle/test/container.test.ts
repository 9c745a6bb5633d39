import { zipSync } from "fflate"
import { describe, expect, it } from "vitest"
import { isXmlEntry, isZip } from "../src/Container.ts"
import { Siecle } from "../src/index.ts"
import { zip } from "../src/testing/index.ts"
import { accepted, bytesOf, codes, documentOf, problems, UAI, validStudent } from "./helpers.ts"

const xml = bytesOf(documentOf([["1", validStudent("1234567890A")]]))
const read = (bytes: Uint8Array, limits: { maxBytes?: number; maxInflatedBytes?: number } = {}) =>
  Siecle.read(bytes, { uai: UAI, ...limits })

/** Rewrites the 32-bit little-endian field at `at`. */
const patch32 = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
  const copy = bytes.slice()
  new DataView(copy.buffer).setUint32(at, value, true)
  return copy
}
const centralHeader = (bytes: Uint8Array): number => {
  for (let at = bytes.length - 4; at >= 0; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 1 && bytes[at + 3] === 2) return at
  }
  throw new Error("no central header")
}

describe("zip archives (detected by their bytes, not a name)", () => {
  it("reads the one .xml entry of a zip", () => {
    expect(isZip(xml)).toBe(false)
    const archive = zip({ "ElevesSansAdresses.xml": xml })
    expect(isZip(archive)).toBe(true)
    expect(accepted(read(archive)).students).toHaveLength(1)
  })

  it("reads an entry in a folder, stored or deflated", () => {
    expect(accepted(read(zip({ "export/2025/ElevesSansAdresses.XML": xml }))).students).toHaveLength(1)
    expect(accepted(read(zipSync({ "ElevesSansAdresses.xml": xml }, { level: 0 }))).students).toHaveLength(1)
  })

  it("ignores dot files, dot folders and __MACOSX", () => {
    const archive = zip({
      "__MACOSX/._ElevesSansAdresses.xml": new Uint8Array([0, 5, 22, 7]),
      ".hidden.xml": new Uint8Array([1]),
      ".git/config.xml": new Uint8Array([2]),
      "LISEZMOI.txt": new Uint8Array([3]),
      "ElevesSansAdresses.xml": xml
    })
    expect(accepted(read(archive)).students).toHaveLength(1)
  })

  it.each([
    ["no .xml entry", zip({ "ElevesSansAdresses.csv": xml })],
    ["two .xml entries", zip({ "a.xml": xml, "b/c.xml": xml })],
    ["an empty archive", zipSync({})],
    ["a truncated archive", zip({ "a.xml": xml }).subarray(0, 100)],
    ["an archive cut before its central directory", zip({ "a.xml": xml }).subarray(0, 200)]
  ])("refuses %s with INVALID_FILE", (_, archive) => {
    expect(problems(read(archive))).toEqual([{ code: "INVALID_FILE", meta: {} }])
  })

  it("refuses an encrypted entry", () => {
    const archive = zip({ "a.xml": xml })
    const at = centralHeader(archive)
    const encrypted = archive.slice()
    encrypted[at + 8] = (encrypted[at + 8] ?? 0) | 1
    expect(codes(read(encrypted))).toEqual(["INVALID_FILE"])
  })

  it("knows which entry names are candidates", () => {
    expect(isXmlEntry("ElevesSansAdresses.xml")).toBe(true)
    expect(isXmlEntry("dossier/ElevesSansAdresses.xml")).toBe(true)
    expect(isXmlEntry("dossier/.ElevesSansAdresses.xml")).toBe(false)
    expect(isXmlEntry(".dossier/ElevesSansAdresses.xml")).toBe(false)
    expect(isXmlEntry("__MACOSX/ElevesSansAdresses.xml")).toBe(false)
    expect(isXmlEntry("dossier/")).toBe(false)
    expect(isXmlEntry("ElevesSansAdresses.xml.txt")).toBe(false)
  })
})

describe("size limits", () => {
  it("refuses more than 20 MB with PAYLOAD_TOO_LARGE and meta maxSize", () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1)
    expect(problems(read(big))).toEqual([{ code: "PAYLOAD_TOO_LARGE", meta: { maxSize: "20" } }])
    const result = read(big)
    if (result._tag === "Failure") {
      expect(result.failure.errors[0]?.message).toBe("La taille du fichier doit être inférieure à 20Mo.")
    }
  })

  it("accepts a file of exactly the limit's size, and other limits", () => {
    expect(accepted(read(xml, { maxBytes: xml.length })).students).toHaveLength(1)
    expect(codes(read(xml, { maxBytes: xml.length - 1 }))).toEqual(["PAYLOAD_TOO_LARGE"])
    const archive = zip({ "a.xml": xml })
    expect(accepted(read(archive, { maxInflatedBytes: xml.length })).students).toHaveLength(1)
    expect(codes(read(archive, { maxInflatedBytes: xml.length - 1 }))).toEqual(["PAYLOAD_TOO_LARGE"])
  })

  it("refuses a zip bomb from its declared size, without inflating it", () => {
    const bomb = zip({ "a.xml": new Uint8Array(8 * 1024 * 1024) })
    expect(bomb.length).toBeLessThan(64 * 1024)
    // The compressed data is replaced by garbage: had it been inflated, the answer would be INVALID_FILE.
    const garbage = bomb.slice()
    garbage.fill(0xff, 40, bomb.length - 200)
    expect(problems(read(garbage, { maxInflatedBytes: 4 * 1024 * 1024 }))).toEqual([
      { code: "PAYLOAD_TOO_LARGE", meta: { maxSize: "4" } }
    ])
  })

  it("stops inflating an entry that lies about its size", () => {
    const bomb = zip({ "a.xml": new Uint8Array(8 * 1024 * 1024) })
    const lying = patch32(bomb, centralHeader(bomb) + 24, 1000)
    expect(codes(read(lying))).toEqual(["INVALID_FILE"])
  })

  it("refuses an entry shorter than declared", () => {
    const archive = zip({ "a.xml": xml })
    const longer = patch32(archive, centralHeader(archive) + 24, xml.length + 10)
    expect(codes(read(longer))).toEqual(["INVALID_FILE"])
  })
})
