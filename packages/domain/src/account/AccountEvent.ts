/**
 * The events of user accounts (`user-<userId>` streams) and of login reservations (`user-login-<login>`).
 * Each is a fact forever (a stored tag is never renamed); their stored shapes have golden files under
 * `packages/orga/test/golden/events/` that the tests decode with these schemas.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as PersonalData from "../values/PersonalData.ts"

const Personal = PersonalData.mark(Schema.String)
const PersonalOrNull = PersonalData.mark(Schema.NullOr(Schema.String))

/**
 * A user account was registered (names and logins are personal data).
 *
 * @category schemas
 * @since 0.1.0
 */
export const UserRegistered = Schema.TaggedStruct("UserRegistered", {
  userId: Schema.String,
  firstName: Personal,
  lastName: Personal,
  email: PersonalOrNull,
  username: PersonalOrNull,
  samlId: PersonalOrNull,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type UserRegistered = typeof UserRegistered.Type

/**
 * The user accepted Pix Orga's terms of service.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PixOrgaTermsAccepted = Schema.TaggedStruct("PixOrgaTermsAccepted", {
  userId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type PixOrgaTermsAccepted = typeof PixOrgaTermsAccepted.Type

/**
 * A login (e-mail or username) was reserved for one user, on `user-login-<login>`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const UserLoginReserved = Schema.TaggedStruct("UserLoginReserved", {
  login: Personal,
  userId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type UserLoginReserved = typeof UserLoginReserved.Type

/**
 * A member of the student's organization added a username (`prenom.nom` + DDMM, §5.4.3) to the student's
 * account, which had none: the student signs in with it from now on (the login is reserved in the same append).
 *
 * @category schemas
 * @since 0.1.0
 */
export const UsernameAdded = Schema.TaggedStruct("UsernameAdded", {
  userId: Schema.String,
  username: Personal,
  actorId: Schema.String,
  organizationId: Schema.String,
  learnerId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type UsernameAdded = typeof UsernameAdded.Type

/**
 * Any event of an account stream.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AccountEvent = Schema.Union([UserRegistered, PixOrgaTermsAccepted, UsernameAdded])

/** @since 0.1.0 */
export type AccountEvent = typeof AccountEvent.Type

/**
 * Every account and login tag.
 *
 * @category models
 * @since 0.1.0
 */
export const tags = [
  "UserRegistered",
  "PixOrgaTermsAccepted",
  "UserLoginReserved",
  "UsernameAdded"
] as const satisfies ReadonlyArray<AccountEvent["_tag"] | UserLoginReserved["_tag"]>
