/**
 * Timestamp: an instant in UTC, ISO 8601 with a `Z` (`2026-11-28T10:00:00.000Z`). Commands bring the time
 * (`now`); events record it (`occurredAt`). Comparisons use `Date.parse` on the given string, never the clock.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { isCalendarDate } from "./Birthdate.ts"
import * as Parse from "./Parse.ts"

const isoInstant =
  /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,3})?Z$/

const isInstant = (s: string): boolean => {
  const m = isoInstant.exec(s)
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * An ISO 8601 UTC instant.
 *
 * @since 0.1.0
 */
export const Timestamp = Schema.String.pipe(
  Schema.check(
    Schema.isPattern(isoInstant, { expected: "an ISO 8601 UTC timestamp" }),
    Schema.makeFilter(isInstant, { expected: "a real calendar instant" })
  ),
  Schema.brand("Timestamp")
)

/** @since 0.1.0 */
export type Timestamp = typeof Timestamp.Type

/**
 * Milliseconds since the epoch of a timestamp (pure: parses the string).
 *
 * @since 0.1.0
 */
export const toMillis = (t: Timestamp): number => Date.parse(t)

/**
 * Milliseconds in one day.
 *
 * @since 0.1.0
 */
export const dayMillis = 86_400_000

/**
 * Whole days elapsed from `from` to `to` (negative if `to` is earlier).
 *
 * @since 0.1.0
 */
export const daysBetween = (from: Timestamp, to: Timestamp): number => (toMillis(to) - toMillis(from)) / dayMillis

/**
 * Parses a timestamp (`InvalidInput` `INVALID_TIMESTAMP` otherwise).
 *
 * @since 0.1.0
 */
export const parse = Parse.invalidInput(Timestamp, "INVALID_TIMESTAMP", "La date est invalide.", "timestamp")
