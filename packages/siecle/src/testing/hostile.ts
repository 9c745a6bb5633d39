/**
 * Hostile SIECLE files, plain and zipped, each with the answer a bounded reader must give: floods of empty
 * records, megabyte-long attribute names and values, floods of character references, a student with a million
 * first names, 100,000 and 50,000 students with one INE, 300,000 problems, records at every cap.
 *
 * Each file is built on demand (`make`), so a benchmark holds one at a time. All are within the upload limits
 * (20 MB plain, 40 MB inflated): these are the files any school admin can send.
 *
 * @since 0.1.0
 */
import { zipSync } from "fflate"

/**
 * What reading a hostile file must give: the students read, or the exact count of each problem code.
 *
 * @category models
 * @since 0.1.0
 */
export type Expected =
  | { readonly outcome: "read"; readonly students: number }
  | { readonly outcome: "refused"; readonly counts: Readonly<Record<string, number>> }

/**
 * One hostile file: its name, how to build its bytes, and the expected answer for `uai`.
 *
 * @category models
 * @since 0.1.0
 */
export interface HostileFile {
  readonly name: string
  readonly zipped: boolean
  readonly make: () => Uint8Array
  readonly expected: Expected
}

/**
 * The UAI every hostile file declares (the school's own: the files get past the UAI check).
 *
 * @category constructors
 * @since 0.1.0
 */
export const uai = "0331234X"

const head = `<?xml version="1.0" encoding="ISO-8859-15"?>\r\n<BEE_ELEVES VERSION="3.1"><PARAMETRES><UAJ>${uai}</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE></PARAMETRES><DONNEES>`
const tail = "</DONNEES></BEE_ELEVES>\r\n"

/** A document whose `DONNEES` holds the given `ELEVES` and `STRUCTURES` contents. */
const document = (eleves: string, structures = ""): string =>
  `${head}<ELEVES>${eleves}</ELEVES><STRUCTURES>${structures}</STRUCTURES>${tail}`

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "latin1"))

const repeat = (count: number, make: (index: number) => string): string => {
  const parts: Array<string> = []
  for (let index = 0; index < count; index++) parts.push(make(index))
  return parts.join("")
}

const ine = (index: number): string => `${String(index).padStart(10, "0")}A`

// The smallest student the rules accept, in division 6A.
const student = (index: number, override = ""): string =>
  `<ELEVE ELEVE_ID="${index}"><ID_NATIONAL>${ine(index)}</ID_NATIONAL><NOM_DE_FAMILLE>DUPONT</NOM_DE_FAMILLE><PRENOM>Camille</PRENOM><DATE_NAISS>14/03/2012</DATE_NAISS><CODE_SEXE>2</CODE_SEXE>${override}</ELEVE>\r\n`
// A student of 150 bytes (no division): the most students a file of a given size can hold.
const tiny = (index: number, nationalStudentId: string): string =>
  `<ELEVE ELEVE_ID="${index}"><ID_NATIONAL>${nationalStudentId}</ID_NATIONAL><NOM_DE_FAMILLE>D</NOM_DE_FAMILLE><PRENOM>C</PRENOM><DATE_NAISS>14/03/2012</DATE_NAISS><CODE_SEXE>2</CODE_SEXE></ELEVE>\r\n`
const division = (index: number): string =>
  `<STRUCTURES_ELEVE ELEVE_ID="${index}"><STRUCTURE><CODE_STRUCTURE>6A</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\r\n`

const refused = (counts: Record<string, number>): Expected => ({ outcome: "refused", counts })
const alone = (code: string): Expected => refused({ [code]: 1 })
const MEGA = 1_000_000

interface Case {
  readonly name: string
  readonly text: () => string
  readonly expected: Expected
  // Also sent zipped (files whose point is a tiny archive inflating to a large text).
  readonly zip: "also" | "only" | "no"
}

const cases: ReadonlyArray<Case> = [
  {
    name: "700,000 empty ELEVE",
    text: () => document("<ELEVE/>\r\n".repeat(700_000)),
    expected: alone("TOO_MANY_STUDENTS"),
    zip: "also"
  },
  {
    // 21 MB once inflated: only as a zip (over the 20 MB upload limit as plain text).
    name: "700,000 ELEVE with an empty INE",
    text: () => document("<ELEVE><ID_NATIONAL/></ELEVE>\r\n".repeat(700_000)),
    expected: alone("TOO_MANY_STUDENTS"),
    zip: "only"
  },
  {
    name: "50,000 empty ELEVE",
    text: () => document("<ELEVE/>\r\n".repeat(50_000)),
    expected: alone("EMPTY"),
    zip: "also"
  },
  {
    name: "700,000 empty STRUCTURES_ELEVE",
    text: () => document(student(1), "<STRUCTURES_ELEVE/>\r\n".repeat(700_000)),
    expected: alone("TOO_MANY_STUDENTS"),
    zip: "no"
  },
  {
    name: "15 MB attribute value in a student",
    text: () => document(`<ELEVE ELEVE_ID="${"1".repeat(15 * MEGA)}"/>`),
    expected: alone("FIELD_TOO_LONG"),
    zip: "also"
  },
  {
    name: "15 MB attribute value in an unread child",
    text: () => document(student(1, `<DOUBLEMENT a="${"a".repeat(15 * MEGA)}"/>`), division(1)),
    expected: alone("FIELD_TOO_LONG"),
    zip: "no"
  },
  {
    name: "15 MB attribute value on the root",
    text: () => document(student(1), division(1)).replace('VERSION="3.1"', `VERSION="${"3".repeat(15 * MEGA)}"`),
    expected: alone("INVALID_FILE"),
    zip: "also"
  },
  {
    name: "15 MB attribute name",
    text: () => document(`<ELEVE ${"a".repeat(15 * MEGA)}="1"/>`),
    expected: alone("RECORD_TOO_LARGE"),
    zip: "no"
  },
  {
    name: "a million attributes",
    text: () => document(`<ELEVE${repeat(MEGA, (index) => ` a${index}=""`)}/>`),
    expected: alone("RECORD_TOO_LARGE"),
    zip: "no"
  },
  {
    name: "15 MB text value",
    text: () => document(student(1, `<VILLE_NAISS>${"A".repeat(15 * MEGA)}</VILLE_NAISS>`), division(1)),
    expected: alone("FIELD_TOO_LONG"),
    zip: "no"
  },
  {
    name: "a million &#65; in one value",
    text: () => document(student(1, `<VILLE_NAISS>${"&#65;".repeat(MEGA)}</VILLE_NAISS>`), division(1)),
    expected: alone("FIELD_TOO_LONG"),
    zip: "no"
  },
  {
    name: "150 &#65; in one name",
    text: () => document(student(1, `<NOM_USAGE>${"&#65;".repeat(150)}</NOM_USAGE>`), division(1)),
    expected: alone("TOO_MANY_CHARACTER_REFERENCES"),
    zip: "no"
  },
  {
    name: "a million &#65; over 20,000 students",
    text: () =>
      document(
        repeat(20_000, (index) => student(index, `<VILLE_NAISS>${"&#65;".repeat(50)}</VILLE_NAISS>`)),
        repeat(20_000, division)
      ),
    expected: alone("TOO_MANY_CHARACTER_REFERENCES"),
    zip: "also"
  },
  {
    name: "a student with a million first names",
    text: () => document(student(1, "<PRENOM>A</PRENOM>".repeat(MEGA)), division(1)),
    expected: alone("RECORD_TOO_LARGE"),
    zip: "also"
  },
  {
    name: "a student with a million comments",
    text: () => document(student(1, "<!---->".repeat(MEGA)), division(1)),
    expected: alone("RECORD_TOO_LARGE"),
    zip: "no"
  },
  {
    name: "100,000 students with one INE",
    text: () => document(repeat(100_000, (index) => tiny(index, ine(0)))),
    expected: alone("TOO_MANY_STUDENTS"),
    zip: "also"
  },
  {
    name: "50,000 students with one INE",
    text: () => document(repeat(50_000, (index) => tiny(index, ine(0)))),
    expected: refused({ INE_UNIQUE: 49_999 }),
    zip: "also"
  },
  {
    // Six problems each: no INE, no first name, mojibake, no sex, 31 February, born in France without a commune.
    name: "300,000 problems (50,000 students)",
    text: () =>
      document(
        repeat(
          50_000,
          (index) =>
            `<ELEVE ELEVE_ID="${index}"><ID_NATIONAL> </ID_NATIONAL><NOM_DE_FAMILLE>\u00c3\u00a9</NOM_DE_FAMILLE><DATE_NAISS>31/02/2012</DATE_NAISS><CODE_PAYS>100</CODE_PAYS></ELEVE>\r\n`
        )
      ),
    expected: refused({
      INE_REQUIRED: 50_000,
      FIRST_NAME_REQUIRED: 50_000,
      INVALID_CHAR_DETECTED: 50_000,
      SEX_CODE_REQUIRED: 50_000,
      INVALID_BIRTHDATE_FORMAT: 50_000,
      BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT: 50_000
    }),
    zip: "also"
  },
  {
    // 300 students of 60 first names of 1,000 characters each: every record just under every cap, all parsed.
    name: "300 records at every cap",
    text: () =>
      document(
        repeat(300, (index) =>
          student(
            index,
            repeat(
              60,
              (name) =>
                `<PRENOM2>${name === 0 ? `${"&amp;".repeat(100)}${"E".repeat(500)}` : "E".repeat(1_000)}</PRENOM2>`
            )
          )
        ),
        repeat(300, division)
      ),
    expected: { outcome: "read", students: 300 },
    zip: "no"
  }
]

/**
 * The hostile corpus: every case plain (when under 20 MB) and zipped where the archive is the point.
 *
 * @category constructors
 * @since 0.1.0
 */
export const hostileFiles = (): ReadonlyArray<HostileFile> =>
  cases.flatMap((item): Array<HostileFile> => {
    const plain: HostileFile = {
      name: item.name,
      zipped: false,
      make: () => bytes(item.text()),
      expected: item.expected
    }
    const zipped: HostileFile = {
      name: `${item.name}, zipped`,
      zipped: true,
      make: () => zipSync({ "ElevesSansAdresses.xml": bytes(item.text()) }, { level: 6 }),
      expected: item.expected
    }
    return item.zip === "only" ? [zipped] : item.zip === "also" ? [plain, zipped] : [plain]
  })
