/**
 * The events the library itself records, beside the domain's: user accounts, login reservations, refused
 * SIECLE imports and collection deadlines. Each is a fact forever (a stored tag is never renamed); their
 * stored shapes have golden files under `test/golden/events/` that the tests decode with these schemas.
 *
 * @since 0.1.0
 */
import { PersonalData } from "@orga/domain"
import * as Schema from "effect/Schema"

const Text = Schema.String
const Personal = PersonalData.mark(Schema.String)
const PersonalOrNull = PersonalData.mark(Schema.NullOr(Schema.String))

/**
 * A user account was registered (names and logins are personal data).
 *
 * @since 0.1.0
 */
export const UserRegistered = Schema.TaggedStruct("UserRegistered", {
  userId: Text,
  firstName: Personal,
  lastName: Personal,
  email: PersonalOrNull,
  username: PersonalOrNull,
  samlId: PersonalOrNull,
  occurredAt: Text
})

/**
 * The user accepted Pix Orga's terms of service.
 *
 * @since 0.1.0
 */
export const PixOrgaTermsAccepted = Schema.TaggedStruct("PixOrgaTermsAccepted", { userId: Text, occurredAt: Text })

/**
 * A login (e-mail or username) was reserved for one user, on `user-login-<login>`.
 *
 * @since 0.1.0
 */
export const UserLoginReserved = Schema.TaggedStruct("UserLoginReserved", {
  login: Personal,
  userId: Text,
  occurredAt: Text
})

/**
 * A SIECLE file was refused; its problems are kept for the import history.
 *
 * @since 0.1.0
 */
export const SiecleImportRejected = Schema.TaggedStruct("SiecleImportRejected", {
  organizationId: Text,
  fileName: Text,
  schoolYear: Schema.NullOr(Text),
  errors: Schema.Array(Schema.Struct({ code: Text, message: Text, meta: PersonalData.mark(Schema.Unknown) })),
  actorId: Text,
  occurredAt: Text
})

/**
 * The date profiles must be collected by, for an organization's school year.
 *
 * @since 0.1.0
 */
export const CollectionDeadlineSet = Schema.TaggedStruct("CollectionDeadlineSet", {
  organizationId: Text,
  schoolYear: Text,
  deadline: Text,
  actorId: Text,
  occurredAt: Text
})

/**
 * Any event the library records itself.
 *
 * @since 0.1.0
 */
export const LocalEvent = Schema.Union([
  UserRegistered,
  PixOrgaTermsAccepted,
  UserLoginReserved,
  SiecleImportRejected,
  CollectionDeadlineSet
])

/** @since 0.1.0 */
export type LocalEvent = typeof LocalEvent.Type

/**
 * Every tag the library records itself.
 *
 * @since 0.1.0
 */
export const tags = [
  "UserRegistered",
  "PixOrgaTermsAccepted",
  "UserLoginReserved",
  "SiecleImportRejected",
  "CollectionDeadlineSet"
] as const satisfies ReadonlyArray<LocalEvent["_tag"]>
