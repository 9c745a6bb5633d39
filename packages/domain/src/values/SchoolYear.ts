/**
 * School year, written as SIECLE's `PARAMETRES/ANNEE_SCOLAIRE` writes it: the year it starts in
 * (`2025` is the 2025-2026 school year). Recorded with an import, not validated against the clock
 * (DECISIONS 2).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"

/**
 * A school year: the four digits of its starting year.
 *
 * @since 0.1.0
 */
export const SchoolYear = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^(19|20)[0-9]{2}$/, { expected: "a school year such as 2025" })),
  Schema.brand("SchoolYear")
)

/** @since 0.1.0 */
export type SchoolYear = typeof SchoolYear.Type

/**
 * The label people read: `2025-2026`.
 *
 * @since 0.1.0
 */
export const label = (year: SchoolYear): string => `${year}-${Number(year) + 1}`

/**
 * Parses a school year; accepts `2025` and `2025-2026` (`InvalidInput` `INVALID_SCHOOL_YEAR` otherwise).
 *
 * @since 0.1.0
 */
export const parse = (input: string) => {
  const trimmed = input.trim()
  const range = /^([0-9]{4})-([0-9]{4})$/.exec(trimmed)
  const start = range !== null && Number(range[2]) === Number(range[1]) + 1 ? (range[1] ?? trimmed) : trimmed
  return Parse.invalidInput(SchoolYear, "INVALID_SCHOOL_YEAR", "L'année scolaire est invalide.", "schoolYear")(start)
}
