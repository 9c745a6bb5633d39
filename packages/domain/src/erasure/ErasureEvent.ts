/**
 * The facts of erasure (right to erasure, retention): a learner's or a user's personal data was erased. They
 * carry no personal data, only ids: the erasure itself is crypto-shredding (the subject's key is destroyed, see
 * docs/adr/0049-crypto-shredding.md), and these events tell every read model, on every instance and in every
 * rebuild, to show the subject as erased at this point of the log.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Ids from "../values/Ids.ts"
import * as Timestamp from "../values/Timestamp.ts"

/**
 * Why the back office erased someone: a person's request (RGPD article 17) or the retention rule.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Reason = Schema.Literals(["REQUEST", "RETENTION"])

/** @since 0.1.0 */
export type Reason = typeof Reason.Type

/**
 * A learner of an organization was erased: the roster keeps them, counted, as "Élève effacé".
 *
 * @category schemas
 * @since 0.1.0
 */
export const LearnerErased = Schema.TaggedStruct("LearnerErased", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  reason: Reason,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/** @since 0.1.0 */
export type LearnerErased = typeof LearnerErased.Type

/**
 * A user was erased: the account stays, counted, as "Utilisateur effacé".
 *
 * @category schemas
 * @since 0.1.0
 */
export const UserErased = Schema.TaggedStruct("UserErased", {
  userId: Ids.UserId,
  reason: Reason,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})

/** @since 0.1.0 */
export type UserErased = typeof UserErased.Type

/**
 * Either erasure.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ErasureEvent = Schema.Union([LearnerErased, UserErased])

/** @since 0.1.0 */
export type ErasureEvent = typeof ErasureEvent.Type

/**
 * The tags of this module.
 *
 * @category models
 * @since 0.1.0
 */
export const tags = ["LearnerErased", "UserErased"] as const
