/**
 * Campaign code: what a learner types to join a campaign. Any code is 9 upper-case letters or digits
 * (`^[A-Z0-9]{9}$`, the rule of an admin code change); generated codes are 6 letters of
 * `ABCDEFGHJKMNPQRSTUVWXYZ` then 3 digits of `23456789` (§4.3). The domain never draws one: the caller does.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as DomainError from "../DomainError.ts"
import * as Parse from "./Parse.ts"

/**
 * A campaign code: 9 upper-case letters or digits.
 *
 * @since 0.1.0
 */
export const CampaignCode = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Z0-9]{9}$/, { expected: "a campaign code (9 upper-case letters or digits)" })),
  Schema.brand("CampaignCode")
)

/** @since 0.1.0 */
export type CampaignCode = typeof CampaignCode.Type

/**
 * Letters a generated code draws from (no I, L, O).
 *
 * @since 0.1.0
 */
export const generatedLetters = "ABCDEFGHJKMNPQRSTUVWXYZ"

/**
 * Digits a generated code draws from (no 0, 1).
 *
 * @since 0.1.0
 */
export const generatedDigits = "23456789"

/**
 * Whether a code has the shape of a generated one (6 safe letters + 3 safe digits).
 *
 * @since 0.1.0
 */
export const isGeneratedShape = (code: string): boolean => /^[ABCDEFGHJKMNPQRSTUVWXYZ]{6}[2-9]{3}$/.test(code)

/**
 * Parses a code after trimming and upper-casing it (`InvalidInput` `CAMPAIGN_CODE_FORMAT` otherwise).
 *
 * @since 0.1.0
 */
export const parse = (input: string) =>
  Parse.invalidInput(
    CampaignCode,
    "CAMPAIGN_CODE_FORMAT",
    "Le code de campagne doit contenir 9 lettres majuscules ou chiffres.",
    "code"
  )(input.trim().toUpperCase())

/**
 * No campaign has this code (`CAMPAIGN_CODE_NOT_FOUND`, Pix's message to a student).
 *
 * @category constructors
 * @since 0.1.0
 */
export const notFound = (code: string) =>
  DomainError.make(
    "NotFound",
    "CAMPAIGN_CODE_NOT_FOUND",
    "Votre code est erroné, veuillez vérifier ou contacter la personne organisant le parcours.",
    { code }
  )
