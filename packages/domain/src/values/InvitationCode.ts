/**
 * Invitation code: the random 10-character upper-case alphanumeric code of an organization invitation
 * (§3.3), sent in the invitation link. Drawn by the caller, never by the domain.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"

/**
 * An invitation code: 10 upper-case letters or digits.
 *
 * @since 0.1.0
 */
export const InvitationCode = Schema.String.pipe(
  Schema.check(
    Schema.isPattern(/^[A-Z0-9]{10}$/, { expected: "an invitation code (10 upper-case letters or digits)" })
  ),
  Schema.brand("InvitationCode")
)

/** @since 0.1.0 */
export type InvitationCode = typeof InvitationCode.Type

/**
 * Parses an invitation code (`InvalidInput` `INVALID_INVITATION_CODE` otherwise).
 *
 * @since 0.1.0
 */
export const parse = Parse.invalidInput(
  InvitationCode,
  "INVALID_INVITATION_CODE",
  "Le code d'invitation est invalide.",
  "code"
)
