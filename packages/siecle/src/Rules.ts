/**
 * Pix's rules for the students of a SIECLE file (spec §1.2 and §1.5, DECISIONS 1-2): which `ELEVE`s are
 * importable, the checks each importable student must pass (in the decided order), and the division each gets
 * from the `STRUCTURES_ELEVE`s that follow.
 *
 * @since 0.1.0
 */
import * as Limits from "./Limits.ts"
import * as SiecleError from "./SiecleError.ts"
import type { ImportReport, Sex, SkippedStudent, StudentRecord } from "./StudentRecord.ts"
import type { ParsedElement } from "./Xml.ts"

/**
 * The text of a child element: `null` when absent, `""` when present but empty (or holding only elements),
 * the first one when repeated.
 *
 * @since 0.1.0
 */
export const childText = (element: ParsedElement, name: string): string | null => {
  if (typeof element === "string") return null
  const value = first(element[name])
  if (value === undefined) return null
  if (typeof value === "string") return value
  if (typeof value === "object" && value !== null) {
    const text = (value as Record<string, unknown>)["#text"]
    return typeof text === "string" ? text : ""
  }
  return String(value)
}

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value)

const attribute = (element: ParsedElement, name: string): string | undefined => {
  if (typeof element === "string") return undefined
  const value = element[`@_${name}`]
  return typeof value === "string" ? value : undefined
}

const children = (element: ParsedElement, name: string): ReadonlyArray<ParsedElement> => {
  if (typeof element === "string") return []
  const value = element[name]
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return list.filter(
    (item): item is ParsedElement => typeof item === "string" || (typeof item === "object" && item !== null)
  )
}

const BIRTHDATE = /^(\d{2})\/(\d{2})\/(\d{4})$/

/**
 * `DD/MM/YYYY` → `YYYY-MM-DD`, or `undefined` when the text is not a real calendar date in that format.
 *
 * @since 0.1.0
 */
export const isoBirthdate = (text: string): string | undefined => {
  const match = BIRTHDATE.exec(text)
  if (match === null) return undefined
  const [, day = "", month = "", year = ""] = match
  const d = Number(day)
  const m = Number(month)
  const y = Number(year)
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
  if (days === undefined || d < 1 || d > days) return undefined
  return `${year}-${month}-${day}`
}

// Bytes 0x80-0xBF of a UTF-8 sequence as Latin-1, Windows-1252 or ISO-8859-15 show them, split in two: symbols
// and control characters, which no name holds after a lead byte; and letters (Š, œ, ª...), which follow only the
// leads `Ã` and `Å` in mojibake, never in a real name (`Âš` or `Äž` could be letters of a name, `Ãš` is `è`).
const SYMBOL_CONTINUATION =
  "\\u0080-\\u00A9\\u00AB-\\u00B4\\u00B6-\\u00B9\\u00BB-\\u00BF\\u02C6\\u02DC\\u2013\\u2014\\u2018-\\u201A\\u201C-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122"
const LETTER_CONTINUATION = "\\u00AA\\u00B5\\u00BA\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192"
const MOJIBAKE = new RegExp(
  `\\uFFFD|[\\u00C2-\\u00C5][${SYMBOL_CONTINUATION}]|[\\u00C3\\u00C5][${LETTER_CONTINUATION}]`
)

/**
 * Whether a name holds a replacement character or UTF-8 read as a single-byte encoding (`Ã©` for `é`,
 * `Å“` for `œ`...). Accents, ligatures, apostrophes, hyphens and spaces are fine.
 *
 * @since 0.1.0
 */
export const hasInvalidChars = (name: string): boolean => MOJIBAKE.test(name)

const blank = (text: string | null): boolean => text === null || text.trim() === ""

const NAME_FIELDS = ["NOM_DE_FAMILLE", "NOM_USAGE", "PRENOM", "PRENOM2", "PRENOM3"] as const

interface Candidate {
  readonly eleveId: string | undefined
  readonly record: Omit<StudentRecord, "division">
  division: string | undefined
  /** An `Inactifs` division was read (shown for a student left out for want of a division). */
  inactive: boolean
}

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/**
 * Reads `ELEVE`s and `STRUCTURES_ELEVE`s in document order and gathers students, problems and counts.
 *
 * Problems go to an `ErrorReport` (the first `maxReportedErrors` kept, all counted). Once there is one, the file
 * will be refused, so the students read are dropped and no more are kept: a file of 100,000 students with
 * duplicate INEs holds the set of INEs seen and a thousand problems, not 100,000 records.
 *
 * @since 0.1.0
 */
export class StudentCollector {
  private readonly candidates: Array<Candidate> = []
  private readonly byEleveId = new Map<string, Candidate>()
  private readonly seenInes = new Set<string>()
  private readonly errors: SiecleError.ErrorReport
  private read = 0
  private left = 0
  private notArrived = 0
  private structuresIgnored = 0
  private readonly cap: number
  // The skipped students kept (the first `cap` of each reason) and, by `ELEVE_ID`, those whose class may follow.
  private readonly skippedEarly: Array<Mutable<SkippedStudent>> = []
  private readonly skippedByEleveId = new Map<string, Mutable<SkippedStudent>>()

  constructor(maxReportedErrors: number = Limits.maxReportedErrors) {
    this.errors = new SiecleError.ErrorReport(maxReportedErrors)
    this.cap = maxReportedErrors
  }

  /** Keeps a leaver or a not-yet-arrived student for the report, while under the cap of its reason. */
  private skip(element: ParsedElement, reason: "LEFT" | "NO_INE", count: number): void {
    if (count > this.cap) return
    const leftOn = reason === "LEFT" ? (childText(element, "DATE_SORTIE") ?? "") : null
    const skipped: Mutable<SkippedStudent> = {
      reason,
      nationalStudentId: childText(element, "ID_NATIONAL"),
      lastName: childText(element, "NOM_DE_FAMILLE") ?? "",
      firstName: childText(element, "PRENOM") ?? "",
      division: null,
      leftOn: leftOn === null ? null : (isoBirthdate(leftOn) ?? leftOn)
    }
    this.skippedEarly.push(skipped)
    const eleveId = attribute(element, "ELEVE_ID")
    if (eleveId !== undefined) this.skippedByEleveId.set(eleveId, skipped)
  }

  /** One `ELEVE`: skipped silently, or checked and kept. */
  eleve(element: ParsedElement): void {
    this.read++
    if (childText(element, "DATE_SORTIE") !== null) {
      this.left++
      this.skip(element, "LEFT", this.left)
      return
    }
    const ine = childText(element, "ID_NATIONAL")
    if (ine === null) {
      this.notArrived++
      this.skip(element, "NO_INE", this.notArrived)
      return
    }
    this.check(element, ine)
    if (this.errors.total > 0) {
      // Refused whatever follows: what was kept for the result is no longer needed.
      if (this.candidates.length > 0) {
        this.candidates.length = 0
        this.byEleveId.clear()
      }
      return
    }
    const birthdate = childText(element, "DATE_NAISS")
    const sexCode = childText(element, "CODE_SEXE")
    const sex: Sex | null = sexCode === "1" ? "M" : sexCode === "2" ? "F" : null
    const candidate: Candidate = {
      eleveId: attribute(element, "ELEVE_ID"),
      record: {
        nationalStudentId: ine,
        lastName: childText(element, "NOM_DE_FAMILLE") ?? "",
        preferredLastName: childText(element, "NOM_USAGE"),
        firstName: childText(element, "PRENOM") ?? "",
        middleName: childText(element, "PRENOM2"),
        thirdName: childText(element, "PRENOM3"),
        sex,
        birthdate: birthdate === null ? "" : (isoBirthdate(birthdate) ?? ""),
        birthCountryCode: childText(element, "CODE_PAYS"),
        birthProvinceCode: childText(element, "CODE_DEPARTEMENT_NAISS"),
        birthCityCode: childText(element, "CODE_COMMUNE_INSEE_NAISS"),
        birthCity: childText(element, "VILLE_NAISS"),
        MEFCode: childText(element, "CODE_MEF"),
        status: childText(element, "CODE_STATUT")
      },
      division: undefined,
      inactive: false
    }
    this.candidates.push(candidate)
    if (candidate.eleveId !== undefined) this.byEleveId.set(candidate.eleveId, candidate)
  }

  /** One `STRUCTURES_ELEVE`: the last `D` structure other than `Inactifs` becomes the student's division. */
  structures(element: ParsedElement): void {
    const eleveId = attribute(element, "ELEVE_ID")
    const candidate = eleveId === undefined ? undefined : this.byEleveId.get(eleveId)
    if (candidate === undefined) {
      this.structuresIgnored++
      // A skipped student's class, shown in the report as SIECLE gives it.
      const skipped = eleveId === undefined ? undefined : this.skippedByEleveId.get(eleveId)
      if (skipped !== undefined)
        for (const structure of children(element, "STRUCTURE")) {
          const code = childText(structure, "CODE_STRUCTURE")
          if (childText(structure, "TYPE_STRUCTURE") === "D" && code !== null && code !== "") skipped.division = code
        }
      return
    }
    for (const structure of children(element, "STRUCTURE")) {
      const code = childText(structure, "CODE_STRUCTURE")
      if (childText(structure, "TYPE_STRUCTURE") === "D" && code !== null && code !== "") {
        if (code === "Inactifs") candidate.inactive = true
        else candidate.division = code
      }
    }
  }

  /** The per-student problems, in file order, each student's in the decided order (DECISIONS 1). */
  private check(element: ParsedElement, ine: string): void {
    const problem = (code: SiecleError.StudentCode) => this.errors.add(code, () => SiecleError.studentIssue(code, ine))
    if (ine.trim() === "") problem("INE_REQUIRED")
    else if (this.seenInes.has(ine)) problem("INE_UNIQUE")
    else this.seenInes.add(ine)
    if (blank(childText(element, "PRENOM"))) problem("FIRST_NAME_REQUIRED")
    if (blank(childText(element, "NOM_DE_FAMILLE"))) problem("LAST_NAME_REQUIRED")
    if (NAME_FIELDS.some((field) => hasInvalidChars(childText(element, field) ?? ""))) problem("INVALID_CHAR_DETECTED")
    if (blank(childText(element, "CODE_SEXE"))) problem("SEX_CODE_REQUIRED")
    const birthdate = childText(element, "DATE_NAISS")
    if (blank(birthdate)) problem("BIRTHDATE_REQUIRED")
    else if (isoBirthdate(birthdate ?? "") === undefined) problem("INVALID_BIRTHDATE_FORMAT")
    if (childText(element, "CODE_PAYS") === "100" && blank(childText(element, "CODE_COMMUNE_INSEE_NAISS"))) {
      problem("BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT")
    }
  }

  /** Whether a problem was found (the file is then refused). */
  hasProblems(): boolean {
    return this.errors.total > 0
  }

  /** The refusal: the first problems in file order (students in file order), and the counts of all. */
  failure(): SiecleError.SiecleImportFailed {
    return this.errors.failure()
  }

  /** The students with a division, in file order, and the report. */
  result(): { readonly students: ReadonlyArray<StudentRecord>; readonly report: ImportReport } {
    const students: Array<StudentRecord> = []
    const skippedStudents: Array<SkippedStudent> = [...this.skippedEarly]
    let noDivisionKept = 0
    for (const candidate of this.candidates) {
      if (candidate.division !== undefined) students.push({ ...candidate.record, division: candidate.division })
      else if (noDivisionKept++ < this.cap)
        skippedStudents.push({
          reason: "NO_DIVISION",
          nationalStudentId: candidate.record.nationalStudentId,
          lastName: candidate.record.lastName,
          firstName: candidate.record.firstName,
          division: candidate.inactive ? "Inactifs" : null,
          leftOn: null
        })
    }
    return {
      students,
      report: {
        read: this.read,
        importable: students.length,
        skipped: {
          left: this.left,
          notArrived: this.notArrived,
          noDivision: this.candidates.length - students.length
        },
        structuresIgnored: this.structuresIgnored,
        skippedStudents
      }
    }
  }
}
