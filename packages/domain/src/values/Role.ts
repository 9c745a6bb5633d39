/**
 * The role of a member in an organization (§3.1): `ADMIN` manages the team, students and every campaign;
 * `MEMBER` runs campaigns and reads results.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Parse from "./Parse.ts"

/**
 * `ADMIN` or `MEMBER`.
 *
 * @since 0.1.0
 */
export const Role = Schema.Literals(["ADMIN", "MEMBER"])

/** @since 0.1.0 */
export type Role = typeof Role.Type

/**
 * Pix's message for an invalid role (`InvalidMembershipOrganizationRoleError`).
 *
 * @since 0.1.0
 */
export const invalidMessage = "Le rôle du membre est invalide."

/**
 * Parses a role (`InvalidInput` `INVALID_MEMBERSHIP_ROLE` otherwise).
 *
 * @since 0.1.0
 */
export const parse = Parse.invalidInput(Role, "INVALID_MEMBERSHIP_ROLE", invalidMessage, "role")
