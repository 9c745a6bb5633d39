/**
 * Division: a class of a school ("3E1", "2NDE A"), the SIECLE `CODE_STRUCTURE` of a `D` structure.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"

/**
 * A division: non-blank, trimmed, at most 255 characters.
 *
 * @since 0.1.0
 */
export const Division = Schema.String.pipe(
  Schema.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(255)),
  Schema.brand("Division")
)

/** @since 0.1.0 */
export type Division = typeof Division.Type

/**
 * Parses a division after trimming it (`InvalidInput` `INVALID_DIVISION` otherwise).
 *
 * @since 0.1.0
 */
export const parse = (input: string) =>
  Parse.invalidInput(Division, "INVALID_DIVISION", "La classe est invalide.", "division")(input.trim())
