import { describe, expect, it } from "vitest"
import { Siecle } from "../src/index.ts"
import { render } from "../src/testing/index.ts"
import { bytesOf, codes, documentOf, problems, UAI, validStudent } from "./helpers.ts"

const read = (text: string) => Siecle.read(new TextEncoder().encode(text), { uai: UAI })
const valid = render(documentOf([["1", validStudent("1234567890A")]]), "UTF-8")
const withDoctype = (doctype: string, body = "&lol9;") =>
  valid.replace('<BEE_ELEVES VERSION="3.1">', `${doctype}<BEE_ELEVES VERSION="3.1">`).replace("DUPONT", body)

const billionLaughs = withDoctype(`<!DOCTYPE BEE_ELEVES [
<!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`).join("\n")}
]>`)
const quadratic = withDoctype(`<!DOCTYPE BEE_ELEVES [<!ENTITY a "${"a".repeat(50_000)}">]>`, "&a;".repeat(50_000))
const externalEntity = withDoctype(`<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`, "&xxe;")
const parameterEntity = withDoctype(
  `<!DOCTYPE BEE_ELEVES [<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd"> %remote;]>`,
  "DUPONT"
)

describe("hostile XML", () => {
  it.each([
    ["billion laughs", billionLaughs],
    ["quadratic blowup", quadratic],
    ["an external entity", externalEntity],
    ["a parameter entity", parameterEntity],
    ["a harmless DOCTYPE", withDoctype("<!DOCTYPE BEE_ELEVES>", "DUPONT")],
    ["a lower-case doctype", withDoctype("<!doctype BEE_ELEVES>", "DUPONT")],
    ["an ENTITY declaration alone", valid.replace("<PARAMETRES>", '<!ENTITY x "y"><PARAMETRES>')]
  ])("refuses %s with INVALID_FILE before parsing", (_, text) => {
    expect(problems(read(text))).toEqual([{ code: "INVALID_FILE", meta: {} }])
  })

  it("does not expand an undeclared entity", () => {
    const result = read(valid.replace("DUPONT", "&xxe;"))
    if (result._tag === "Success") expect(result.success.students[0]?.lastName).toBe("&xxe;")
    else expect(codes(result)).toEqual(["INVALID_FILE"])
  })

  it("decodes character references but no HTML entity", () => {
    const result = read(valid.replace("DUPONT", "L&#201;VY &#x152;IL &eacute;"))
    if (result._tag === "Success") expect(result.success.students[0]?.lastName).toBe("LÉVY ŒIL &eacute;")
    else expect(codes(result)).toEqual(["INVALID_FILE"])
  })

  it("refuses very deep nesting without overflowing the stack", () => {
    const deep = valid.replace("<DONNEES>", `<DONNEES>${"<X>".repeat(100_000)}${"</X>".repeat(100_000)}`)
    expect(codes(read(deep))).toEqual(["INVALID_FILE"])
  })

  it("refuses a __proto__ element without polluting prototypes", () => {
    const text = valid.replace("<PRENOM>", "<__proto__><polluted>yes</polluted></__proto__><PRENOM>")
    const result = read(text)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    if (result._tag === "Failure") expect(codes(result)).toEqual(["INVALID_FILE"])
  })
})

describe("malformed XML", () => {
  it("reads a document with comments, references and children never read the same as without", () => {
    const decorated = text
      .replace("<PRENOM>", '<!-- note --><DOUBLEMENT a="1">0 &amp; 1<X/></DOUBLEMENT><PRENOM>')
      .replace("DUPONT", "DUP&#79;NT")
    const plain = Siecle.read(new Uint8Array(Buffer.from(text, "latin1")), { uai: UAI })
    expect(Siecle.read(new Uint8Array(Buffer.from(decorated, "latin1")), { uai: UAI })).toEqual(plain)
    expect(plain._tag).toBe("Success")
  })

  const document = bytesOf(documentOf([["1", validStudent("1234567890A")]]))
  const text = new TextDecoder("latin1").decode(document)
  it.each([
    ["truncated", text.slice(0, text.length / 2)],
    ["an unclosed element", text.replace("</PRENOM>", "")],
    ["crossed elements", text.replace("<PRENOM>Camille</PRENOM>", "<PRENOM>Camille<X></PRENOM></X>")],
    ["two roots", `${text}<BEE_ELEVES/>`],
    ["text outside the root", `${text}oops`],
    ["a bare ampersand", text.replace("DUPONT", "DUPONT & FILS")],
    ["not XML at all", "%PDF-1.7 binary"],
    ["an empty file", ""],
    ["an unquoted attribute", text.replace('ELEVE_ID="1"', "ELEVE_ID=1")],
    ["a repeated attribute", text.replace('ELEVE_ID="1"', 'ELEVE_ID="1" ELEVE_ID="2"')],
    ["a `<` in an attribute value", text.replace('ELEVE_ID="1"', 'ELEVE_ID="1" X="a<b"')],
    ["an invalid tag name", text.replace("<PRENOM>", "<1X/><PRENOM>")],
    ["a closing tag with attributes", text.replace("</PRENOM>", '</PRENOM a="b">')],
    ["an unknown markup declaration", text.replace("<PRENOM>", "<!FOO><PRENOM>")],
    ["an XML declaration inside", text.replace("<PRENOM>", '<?xml version="1.0"?><PRENOM>')],
    // Children the rules never read are not parsed, but they are still checked.
    ["a bare ampersand in a child never read", text.replace("<PRENOM>", "<DOUBLEMENT>A & B</DOUBLEMENT><PRENOM>")],
    [
      "crossed elements in a child never read",
      text.replace("<PRENOM>", "<SCOLARITE><A><B></A></B></SCOLARITE><PRENOM>")
    ],
    ["an unclosed child never read", text.replace("<PRENOM>", "<DOUBLEMENT>0<PRENOM>")],
    ["a bad attribute in a child never read", text.replace("<PRENOM>", "<DOUBLEMENT a=1>0</DOUBLEMENT><PRENOM>")],
    ["a bare ampersand outside the students", text.replace("<DONNEES>", "<DONNEES>A & B")],
    ["text before the root", text.replace("<BEE_ELEVES", "oops<BEE_ELEVES")],
    ["a bare ampersand between two students", text.replace("</ELEVE>", '</ELEVE>\n&\n<ELEVE ELEVE_ID="9"/>')],
    [
      "a bare ampersand in another record of DONNEES",
      text.replace("</DONNEES>", "<OPTIONS><OPTIONS_ELEVE>A & B</OPTIONS_ELEVE></OPTIONS></DONNEES>")
    ],
    [
      "crossed elements in another record of DONNEES",
      text.replace("</DONNEES>", "<OPTIONS><OPTIONS_ELEVE><A></OPTIONS_ELEVE></A></OPTIONS></DONNEES>")
    ]
  ])("refuses %s with INVALID_FILE", (_, malformed) => {
    expect(problems(Siecle.read(new Uint8Array(Buffer.from(malformed, "latin1")), { uai: UAI }))).toEqual([
      { code: "INVALID_FILE", meta: {} }
    ])
  })
})
