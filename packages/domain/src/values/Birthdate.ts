/**
 * Birthdate, stored `YYYY-MM-DD` (SIECLE gives `DD/MM/YYYY`). Personal data. Checked as a real calendar
 * date with plain arithmetic (no `Date`, so no time zone can shift it).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as DomainError from "../DomainError.ts"
import * as Parse from "./Parse.ts"
import * as PersonalData from "./PersonalData.ts"

/**
 * Whether year/month/day form a real Gregorian date.
 *
 * @since 0.1.0
 */
export const isCalendarDate = (year: number, month: number, day: number): boolean => {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return day <= (lengths[month - 1] ?? 0)
}

const isoDate = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/

const isIsoCalendarDate = (s: string): boolean => {
  const m = isoDate.exec(s)
  return m !== null && Number(m[1]) >= 1900 && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

// The pattern comes first so that schema-derived generators produce near-valid dates to filter.
const shape = /^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$|^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(29|30|31)$/

/**
 * A birthdate `YYYY-MM-DD`, a real date of the years 1900 to 2099.
 *
 * @since 0.1.0
 */
export const Birthdate = Schema.String.pipe(
  Schema.check(
    Schema.isPattern(shape, { expected: "a date YYYY-MM-DD" }),
    Schema.makeFilter(isIsoCalendarDate, { expected: "a real calendar date" })
  ),
  Schema.brand("Birthdate")
).annotate({ ...PersonalData.annotation, title: "Birthdate" })

/** @since 0.1.0 */
export type Birthdate = typeof Birthdate.Type

/**
 * Parses a `YYYY-MM-DD` birthdate (`InvalidInput` `INVALID_BIRTHDATE_FORMAT` otherwise).
 *
 * @since 0.1.0
 */
export const parse = Parse.invalidInput(
  Birthdate,
  "INVALID_BIRTHDATE_FORMAT",
  "La date de naissance doit être au format 'YYYY-MM-DD'.",
  "birthdate"
)

/**
 * Converts SIECLE's `DD/MM/YYYY` to a birthdate (`InvalidInput` `INVALID_BIRTHDATE_FORMAT` otherwise).
 *
 * @since 0.1.0
 */
export const fromFrench = (input: string) => {
  const m = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/.exec(input.trim())
  // Without the DD/MM/YYYY shape, an impossible date stands in so that the one parser reports it.
  return Parse.parser(Birthdate, () =>
    DomainError.make(
      "InvalidInput",
      "INVALID_BIRTHDATE_FORMAT",
      "La date de naissance doit être au format 'DD/MM/YYYY'.",
      {
        birthdate: input
      }
    )
  )(m === null ? "" : `${m[3]}-${m[2]}-${m[1]}`)
}
