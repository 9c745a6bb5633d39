/**
 * E-mail address: of an invited person, or of an organization's contact mailbox. Personal data.
 * Stored trimmed and lower-cased, so that `Jean@Ecole.fr ` and `jean@ecole.fr` are one invitation.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"
import * as PersonalData from "./PersonalData.ts"

// One @, no spaces, a dot in the domain, nothing exotic: what Pix's Joi `email()` accepts in practice.
const emailPattern =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/

/**
 * A normalised e-mail address (lower case, no surrounding spaces), at most 255 characters.
 *
 * @since 0.1.0
 */
export const Email = Schema.String.pipe(
  Schema.check(Schema.isPattern(emailPattern, { expected: "an e-mail address" }), Schema.isMaxLength(255)),
  Schema.brand("Email")
).annotate({ ...PersonalData.annotation, title: "Email" })

/** @since 0.1.0 */
export type Email = typeof Email.Type

/**
 * Pix's message for a malformed address.
 *
 * @since 0.1.0
 */
export const invalidMessage = "Le format de l'adresse e-mail est incorrect."

/**
 * Normalises (trim, lower case) then parses an address (`InvalidInput` `INVALID_EMAIL` otherwise).
 *
 * @since 0.1.0
 */
export const parse = (input: string) =>
  Parse.invalidInput(Email, "INVALID_EMAIL", invalidMessage, "email")(input.trim().toLowerCase())
