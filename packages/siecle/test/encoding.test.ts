import { describe, expect, it } from "vitest"
import { declaredEncoding } from "../src/Encoding.ts"
import { Siecle } from "../src/index.ts"
import { encode, encodeLatin9, render } from "../src/testing/index.ts"
import { accepted, codes, documentOf, problems, UAI, validStudent } from "./helpers.ts"

const document = documentOf([["1", validStudent("1234567890A", { NOM_DE_FAMILLE: "CŒUR-ŠIMEK", PRENOM: "Zoé" })]])
const latin9Xml = render(document, "ISO-8859-15")
const withProlog = (prolog: string) => latin9Xml.replace(/^<\?xml[^>]*\?>/, prolog)
const read = (bytes: Uint8Array) => Siecle.read(bytes, { uai: UAI })
const names = (bytes: Uint8Array) => accepted(read(bytes)).students.map((s) => `${s.firstName} ${s.lastName}`)

describe("encoding from the XML prolog", () => {
  it("reads ISO-8859-15 as SIECLE writes it, and the same file in UTF-8", () => {
    expect(names(encode(latin9Xml, "ISO-8859-15"))).toEqual(["Zoé CŒUR-ŠIMEK"])
    expect(names(encode(render(document, "UTF-8"), "UTF-8"))).toEqual(["Zoé CŒUR-ŠIMEK"])
  })

  it("accepts a UTF-8 byte order mark", () => {
    const utf8 = encode(render(document, "UTF-8"), "UTF-8")
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])
    expect(names(withBom)).toEqual(["Zoé CŒUR-ŠIMEK"])
    expect(accepted(read(withBom)).encoding).toBe("UTF-8")
  })

  it("reads UTF-8 when no encoding is declared, or without prolog at all", () => {
    const undeclared = withProlog('<?xml version="1.0"?>')
    expect(names(new TextEncoder().encode(undeclared))).toEqual(["Zoé CŒUR-ŠIMEK"])
    expect(accepted(read(new TextEncoder().encode(undeclared))).encoding).toBe("UTF-8")
    expect(names(new TextEncoder().encode(withProlog("")))).toEqual(["Zoé CŒUR-ŠIMEK"])
  })

  it("reads windows-1252 and ISO-8859-1 (as windows-1252, like WHATWG), where œ is 0x9C", () => {
    const latin1Document = documentOf([["1", validStudent("1234567890A", { NOM_DE_FAMILLE: "CŒUR", PRENOM: "Zoé" })]])
    for (const label of ["windows-1252", "ISO-8859-1", "iso-8859-1", "Latin1"]) {
      const text = render(latin1Document, "UTF-8").replace('encoding="UTF-8"', `encoding="${label}"`)
      const bytes = encodeLatin9(text.replace("Œ", "\u0000"))
      bytes[bytes.indexOf(0)] = 0x8c
      expect(names(bytes)).toEqual(["Zoé CŒUR"])
    }
  })

  it("accepts single quotes and other spellings in the prolog", () => {
    expect(names(encodeLatin9(withProlog("<?xml version='1.0' encoding='iso-8859-15' standalone='yes'?>")))).toEqual([
      "Zoé CŒUR-ŠIMEK"
    ])
    expect(declaredEncoding(new TextEncoder().encode('<?xml version="1.0"  encoding = "latin-9" ?><a/>'))).toBe(
      "latin-9"
    )
  })

  it.each(["KOI8-R", "UTF-16", "Shift_JIS", "EBCDIC", ""])("refuses the declared encoding %j", (label) => {
    expect(problems(read(encodeLatin9(withProlog(`<?xml version="1.0" encoding="${label}"?>`))))).toEqual([
      { code: "ENCODING_NOT_SUPPORTED", meta: {} }
    ])
  })

  it("refuses bytes the declared encoding cannot decode", () => {
    // ISO-8859-15 bytes (é = 0xE9) in a file that says UTF-8.
    expect(codes(read(encodeLatin9(withProlog('<?xml version="1.0" encoding="UTF-8"?>'))))).toEqual([
      "ENCODING_NOT_SUPPORTED"
    ])
  })

  it("refuses UTF-16, with or without byte order mark", () => {
    const utf16 = new Uint8Array(Buffer.from(withProlog('<?xml version="1.0" encoding="UTF-16"?>'), "utf16le"))
    expect(codes(read(utf16))).toEqual(["ENCODING_NOT_SUPPORTED"])
    expect(codes(read(new Uint8Array([0xff, 0xfe, ...utf16])))).toEqual(["ENCODING_NOT_SUPPORTED"])
  })

  it("keeps a character reference's meaning in a single-byte file (&#164; is ¤, not €)", () => {
    const text = withProlog('<?xml version="1.0" encoding="ISO-8859-15"?>').replace("CŒUR-ŠIMEK", "A&#164;B")
    expect(accepted(read(encodeLatin9(text))).students[0]?.lastName).toBe("A¤B")
  })
})
