/**
 * A student record as a validated SIECLE file gives it (§1.2): what an import decides from. The SIECLE
 * reader maps its parsed records to this shape in one place; the roster decider never sees XML.
 * Personal fields (INE, names, sex, birthdate, birth place) carry the personal data annotation.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Birthdate from "../values/Birthdate.ts"
import * as Division from "../values/Division.ts"
import * as Ine from "../values/Ine.ts"
import * as PersonalData from "../values/PersonalData.ts"
import * as PersonName from "../values/PersonName.ts"

/**
 * `M` or `F` (SIECLE `CODE_SEXE` 1 / 2).
 *
 * @since 0.1.0
 */
export const Sex = Schema.Literals(["M", "F"]).annotate(PersonalData.annotation)
/** @since 0.1.0 */
export type Sex = typeof Sex.Type

/**
 * `ST` (student) or `AP` (apprentice), SIECLE `CODE_STATUT`.
 *
 * @since 0.1.0
 */
export const Status = Schema.Literals(["ST", "AP"])
/** @since 0.1.0 */
export type Status = typeof Status.Type

const ShortCode = Schema.String.pipe(Schema.check(Schema.isMaxLength(255)))

/**
 * The fields of a student record (shared with `StudentImported`).
 *
 * @since 0.1.0
 */
export const fields = {
  nationalStudentId: Ine.Ine,
  firstName: PersonName.PersonName,
  middleName: PersonName.OptionalPersonName,
  thirdName: PersonName.OptionalPersonName,
  lastName: PersonName.PersonName,
  preferredLastName: PersonName.OptionalPersonName,
  // Pix keeps a SIECLE sex code other than 1 or 2 as no sex, without a problem (§1.2, §1.5).
  sex: PersonalData.mark(Schema.NullOr(Sex)),
  birthdate: Birthdate.Birthdate,
  birthCountryCode: PersonalData.mark(Schema.NullOr(ShortCode)),
  birthProvinceCode: PersonalData.mark(Schema.NullOr(ShortCode)),
  birthCityCode: PersonalData.mark(Schema.NullOr(ShortCode)),
  birthCity: PersonalData.mark(Schema.NullOr(ShortCode)),
  MEFCode: Schema.NullOr(ShortCode),
  status: Schema.NullOr(Status),
  division: Division.Division
}

/**
 * A validated student record.
 *
 * @since 0.1.0
 */
export const StudentRecord = Schema.Struct(fields)
/** @since 0.1.0 */
export type StudentRecord = typeof StudentRecord.Type

const keys = Object.keys(fields) as ReadonlyArray<keyof StudentRecord>

/**
 * Whether two records hold the same values (an unchanged learner decides no event on re-import).
 *
 * @since 0.1.0
 */
export const sameRecord = (a: StudentRecord, b: StudentRecord): boolean => keys.every((key) => a[key] === b[key])

/**
 * Picks the record's fields out of a larger object (such as a `StudentImported` event).
 *
 * @since 0.1.0
 */
export const pick = (source: StudentRecord): StudentRecord => {
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = source[key]
  return out as StudentRecord
}
