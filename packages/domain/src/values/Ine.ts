/**
 * INE (Identifiant National Élève): the national student id, key of an SCO learner inside an organization
 * (`(organizationId, nationalStudentId)` is unique). Personal data. Pix does not check its shape beyond
 * presence (`INE_REQUIRED`) and uniqueness in a file (`INE_UNIQUE`); Orga requires letters and digits only
 * (11 in practice, at most 20 accepted) so that no blank or padded value ever becomes a key.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as DomainError from "../DomainError.ts"
import * as Parse from "./Parse.ts"
import * as PersonalData from "./PersonalData.ts"

/**
 * An INE: 1 to 20 letters or digits, personal data.
 *
 * @since 0.1.0
 */
export const Ine = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[0-9A-Za-z]{1,20}$/, { expected: "an INE (letters and digits)" })),
  Schema.brand("Ine")
).annotate({ ...PersonalData.annotation, title: "INE" })

/** @since 0.1.0 */
export type Ine = typeof Ine.Type

/**
 * Parses an INE after trimming it (`InvalidInput` `INE_REQUIRED` when blank, `INVALID_INE` otherwise).
 *
 * @since 0.1.0
 */
export const parse = (input: string) =>
  input.trim() === ""
    ? Parse.parser(Ine, () =>
        DomainError.make("InvalidInput", "INE_REQUIRED", "Le champ INE est obligatoire pour chaque élève.")
      )(input)
    : Parse.invalidInput(
        Ine,
        "INVALID_INE",
        `L'INE ${input.trim()} n'est pas valide.`,
        "nationalStudentId"
      )(input.trim())
