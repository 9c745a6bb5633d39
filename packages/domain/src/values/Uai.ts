/**
 * UAI (Unité Administrative Immatriculée, formerly RNE): the national code of a French school, held in an
 * SCO organization's `externalId` and compared with the SIECLE file's `PARAMETRES/UAJ` (exact string
 * compare, `UAI_MISMATCHED`). Shape: 7 digits and a letter, e.g. `0751234A`. The check letter is not
 * verified: Pix does not verify it either, and test fixtures use arbitrary letters.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"

/**
 * A UAI: 7 digits then an upper-case letter.
 *
 * @since 0.1.0
 */
export const Uai = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[0-9]{7}[A-Z]$/, { expected: "a UAI (7 digits and a letter)" })),
  Schema.brand("Uai")
)

/** @since 0.1.0 */
export type Uai = typeof Uai.Type

/**
 * Parses a UAI after trimming and upper-casing it (`InvalidInput` `INVALID_UAI` otherwise).
 *
 * @since 0.1.0
 */
export const parse = (input: string) =>
  Parse.invalidInput(
    Uai,
    "INVALID_UAI",
    `L'UAI/RNE ${input.trim()} de l'établissement n'est pas valide.`,
    "uai"
  )(input.trim().toUpperCase())
