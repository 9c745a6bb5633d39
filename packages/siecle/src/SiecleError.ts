/**
 * The problems a SIECLE import can report, with Pix's codes, meta and French messages.
 *
 * Every problem is a domain `InvalidInput` (so each app maps it once, like any other validation error) and the
 * whole import fails with one `SiecleImportFailed` holding all of them: a school fixes everything in SIECLE in
 * one go instead of re-importing once per error.
 *
 * @since 0.1.0
 */
import { DomainError } from "@orga/domain"
import * as Schema from "effect/Schema"
import * as Limits from "./Limits.ts"

/**
 * Pix's codes for the SIECLE XML import (`SIECLE_ERRORS` and the file validation codes), and four of ours for the
 * caps of `Limits` that Pix does not have (`TOO_MANY_STUDENTS`, `FIELD_TOO_LONG`, `RECORD_TOO_LARGE`,
 * `TOO_MANY_CHARACTER_REFERENCES`, each a file-level problem reported alone).
 *
 * @since 0.1.0
 */
export const Code = {
  UAI_MISMATCHED: "UAI_MISMATCHED",
  EMPTY: "EMPTY",
  INVALID_FILE: "INVALID_FILE",
  ENCODING_NOT_SUPPORTED: "ENCODING_NOT_SUPPORTED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_STUDENTS: "TOO_MANY_STUDENTS",
  FIELD_TOO_LONG: "FIELD_TOO_LONG",
  RECORD_TOO_LARGE: "RECORD_TOO_LARGE",
  TOO_MANY_CHARACTER_REFERENCES: "TOO_MANY_CHARACTER_REFERENCES",
  INE_REQUIRED: "INE_REQUIRED",
  INE_UNIQUE: "INE_UNIQUE",
  FIRST_NAME_REQUIRED: "FIRST_NAME_REQUIRED",
  LAST_NAME_REQUIRED: "LAST_NAME_REQUIRED",
  INVALID_CHAR_DETECTED: "INVALID_CHAR_DETECTED",
  SEX_CODE_REQUIRED: "SEX_CODE_REQUIRED",
  BIRTHDATE_REQUIRED: "BIRTHDATE_REQUIRED",
  INVALID_BIRTHDATE_FORMAT: "INVALID_BIRTHDATE_FORMAT",
  BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT: "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"
} as const

/**
 * One of Pix's SIECLE import codes.
 *
 * @since 0.1.0
 */
export type Code = (typeof Code)[keyof typeof Code]

/**
 * Codes raised for one student (their meta is `{ nationalStudentId }`, except `INE_REQUIRED` which has none).
 *
 * @since 0.1.0
 */
export type StudentCode =
  | "INE_REQUIRED"
  | "INE_UNIQUE"
  | "FIRST_NAME_REQUIRED"
  | "LAST_NAME_REQUIRED"
  | "INVALID_CHAR_DETECTED"
  | "SEX_CODE_REQUIRED"
  | "BIRTHDATE_REQUIRED"
  | "INVALID_BIRTHDATE_FORMAT"
  | "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"

/**
 * Codes raised for the file as a whole.
 *
 * @since 0.1.0
 */
export type FileCode = Exclude<Code, StudentCode>

const fileMessages: Record<FileCode, string> = {
  UAI_MISMATCHED: "L’UAI du fichier SIECLE ne correspond pas à celui de votre établissement.",
  EMPTY: "Les élèves doivent posséder un INE ainsi qu'une classe.",
  INVALID_FILE: "Le fichier n’est pas conforme.",
  ENCODING_NOT_SUPPORTED: "Encodage du fichier non supporté.",
  PAYLOAD_TOO_LARGE: "La taille du fichier doit être inférieure à {maxSize}Mo.",
  TOO_MANY_STUDENTS:
    "Le fichier contient plus de {max} élèves. Vérifiez qu’il s’agit bien de l’export SIECLE de votre établissement.",
  FIELD_TOO_LONG:
    "Le fichier contient une valeur de plus de {maxLength} caractères. Exportez de nouveau le fichier depuis SIECLE, sans l’ouvrir ni l’enregistrer avec un autre logiciel.",
  RECORD_TOO_LARGE:
    "Un élève du fichier est décrit par plus de {maxItems} éléments ou de {maxLength} caractères. Exportez de nouveau le fichier depuis SIECLE, sans l’ouvrir ni l’enregistrer avec un autre logiciel.",
  TOO_MANY_CHARACTER_REFERENCES:
    "Le fichier contient trop de caractères codés (comme « &#65; ») : au plus {maxPerValue} par valeur et {maxPerFile} dans tout le fichier. Exportez de nouveau le fichier depuis SIECLE, sans l’ouvrir ni l’enregistrer avec un autre logiciel."
}

// Thousands separated by a no-break space in messages ("100 000"); meta keeps the plain digits.
const readable = (value: string): string =>
  value.length > 4 && /^\d+$/.test(value) ? value.replace(/\B(?=(?:\d{3})+$)/g, "\u00a0") : value

// Pix's wording where Pix has one (spec §1.5); where Pix's text was not found (names, mojibake) or is cut in the
// spec, the end of the sentence says what to fix in SIECLE, in the same plain style.
const studentMessages: Record<StudentCode, (ine: string) => string> = {
  INE_REQUIRED: () => "Le champ INE est obligatoire pour chaque élève.",
  INE_UNIQUE: (ine) => `L’INE ${ine} est présent plusieurs fois dans le fichier pour plusieurs élèves.`,
  FIRST_NAME_REQUIRED: (ine) =>
    `L’élève ayant pour INE ${ine} n’a pas de prénom. Renseignez son prénom dans SIECLE puis exportez et importez de nouveau le fichier.`,
  LAST_NAME_REQUIRED: (ine) =>
    `L’élève ayant pour INE ${ine} n’a pas de nom de famille. Renseignez son nom de famille dans SIECLE puis exportez et importez de nouveau le fichier.`,
  INVALID_CHAR_DETECTED: (ine) =>
    `Le nom ou le prénom de l’élève ayant pour INE ${ine} contient des caractères mal encodés (par exemple « Ã© » au lieu de « é »). Corrigez-le dans SIECLE, puis exportez de nouveau le fichier sans l’ouvrir ni l’enregistrer avec un autre logiciel.`,
  SEX_CODE_REQUIRED: (ine) =>
    `L’élève ayant pour INE ${ine} n’a pas le champ sexe renseigné. Renseignez-le dans SIECLE puis importez de nouveau le fichier.`,
  BIRTHDATE_REQUIRED: (ine) =>
    `L’élève ayant pour INE ${ine} n’a pas le champ date de naissance renseigné. Renseignez-le dans SIECLE puis importez de nouveau le fichier.`,
  INVALID_BIRTHDATE_FORMAT: (ine) =>
    `L’élève ayant pour INE ${ine} n'a pas le bon format de date de naissance. Il doit être au format 'DD/MM/YYYY'`,
  BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT: (ine) =>
    `L'élève ayant pour INE ${ine} n'a pas de champ code commune de naissance renseigné. Il est obligatoire pour chaque élève né en France.`
}

/**
 * A problem of the file as a whole: `fileIssue("PAYLOAD_TOO_LARGE", { maxSize: "20" })`.
 *
 * @since 0.1.0
 */
export const fileIssue = (code: FileCode, meta: Record<string, string> = {}): DomainError.InvalidInput => {
  let message = fileMessages[code]
  for (const [key, value] of Object.entries(meta)) message = message.replace(`{${key}}`, readable(value))
  return new DomainError.InvalidInput({ code, message, meta })
}

/**
 * A problem of one student, named by the INE read in the file.
 *
 * @since 0.1.0
 */
export const studentIssue = (code: StudentCode, nationalStudentId: string): DomainError.InvalidInput =>
  new DomainError.InvalidInput({
    code,
    message: studentMessages[code](nationalStudentId),
    // Pix's INE_REQUIRED carries no meta: the student has no INE to name.
    meta: code === "INE_REQUIRED" ? {} : { nationalStudentId }
  })

/**
 * The import is refused: the first problems found (at most `Limits.maxReportedErrors`, file-level or per student,
 * students in file order), and the exact number of problems found, per code (`errorCounts`) and in all
 * (`errorTotal`). `errors` is the whole list when `errors.length === errorTotal`.
 *
 * @category errors
 * @since 0.1.0
 */
export class SiecleImportFailed extends Schema.TaggedError<SiecleImportFailed>()("SiecleImportFailed", {
  errors: Schema.Array(DomainError.InvalidInput),
  errorCounts: Schema.Record(Schema.String, Schema.Number),
  errorTotal: Schema.Number
}) {}

/**
 * Refuses the import with the given problems: the first `maxReportedErrors` are kept, all are counted.
 *
 * @category constructors
 * @since 0.1.0
 */
export const failed = (
  errors: ReadonlyArray<DomainError.InvalidInput>,
  maxReportedErrors: number = Limits.maxReportedErrors
): SiecleImportFailed => {
  const report = new ErrorReport(maxReportedErrors)
  for (const error of errors) report.add(error.code, () => error)
  return report.failure()
}

/**
 * Problems gathered in file order under a cap: the first ones kept, every one counted by code. A problem past
 * the cap is never built (its message is not even formatted), so a file with a million problems costs a
 * million increments, not a million objects.
 *
 * @category models
 * @since 0.1.0
 */
export class ErrorReport {
  private readonly kept: Array<DomainError.InvalidInput> = []
  private readonly counts: Record<string, number> = {}
  private count = 0
  private readonly cap: number

  constructor(cap: number = Limits.maxReportedErrors) {
    this.cap = cap
  }

  /** Counts a problem of `code`, and builds and keeps it while under the cap. */
  add(code: string, make: () => DomainError.InvalidInput): void {
    this.count++
    this.counts[code] = (this.counts[code] ?? 0) + 1
    if (this.kept.length < this.cap) this.kept.push(make())
  }

  /** How many problems were added. */
  get total(): number {
    return this.count
  }

  /** The refusal: the kept problems and the counts. */
  failure(): SiecleImportFailed {
    return new SiecleImportFailed({ errors: this.kept, errorCounts: { ...this.counts }, errorTotal: this.count })
  }
}
