/**
 * Person names (first, middle, third, last, preferred last name). Personal data. Required names are
 * non-blank and trimmed; SIECLE's optional names (PRENOM2, PRENOM3, NOM_USAGE) may be absent (`null`) or
 * present but empty (`""`), and Orga keeps that difference as Pix does.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"
import * as PersonalData from "./PersonalData.ts"

/**
 * A required name: trimmed, 1 to 255 characters.
 *
 * @since 0.1.0
 */
export const PersonName = Schema.String.pipe(
  Schema.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(255)),
  Schema.brand("PersonName")
).annotate({ ...PersonalData.annotation, title: "PersonName" })

/** @since 0.1.0 */
export type PersonName = typeof PersonName.Type

/**
 * An optional name: `null` (absent) or a string of at most 255 characters (possibly empty).
 *
 * @since 0.1.0
 */
export const OptionalPersonName = Schema.NullOr(Schema.String.pipe(Schema.check(Schema.isMaxLength(255)))).annotate({
  ...PersonalData.annotation,
  title: "OptionalPersonName"
})

/** @since 0.1.0 */
export type OptionalPersonName = typeof OptionalPersonName.Type

/**
 * Parses a first name after trimming it (`InvalidInput` `FIRST_NAME_REQUIRED` when blank).
 *
 * @since 0.1.0
 */
export const parseFirstName = (input: string) =>
  Parse.invalidInput(PersonName, "FIRST_NAME_REQUIRED", "Le prénom est obligatoire.", "firstName")(input.trim())

/**
 * Parses a last name after trimming it (`InvalidInput` `LAST_NAME_REQUIRED` when blank).
 *
 * @since 0.1.0
 */
export const parseLastName = (input: string) =>
  Parse.invalidInput(PersonName, "LAST_NAME_REQUIRED", "Le nom de famille est obligatoire.", "lastName")(input.trim())
