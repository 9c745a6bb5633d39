/**
 * The collection calendar of an organization, on `organization-settings-<organizationId>`: the date profiles
 * must be shared by, per school year (lycée around 10 December, collège around 7 April).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as DomainError from "../DomainError.ts"

/**
 * The date profiles must be collected by, for an organization's school year (`deadline`: `YYYY-MM-DD`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const CollectionDeadlineSet = Schema.TaggedStruct("CollectionDeadlineSet", {
  organizationId: Schema.String,
  schoolYear: Schema.String,
  deadline: Schema.String,
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type CollectionDeadlineSet = typeof CollectionDeadlineSet.Type

/**
 * The stream of an organization's settings.
 *
 * @category getters
 * @since 0.1.0
 */
export const streamName = (organizationId: string): string => `organization-settings-${organizationId}`

/**
 * A deadline that is not a calendar date `YYYY-MM-DD` (`INVALID_DEADLINE`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidDeadline = (deadline: unknown) =>
  DomainError.make("InvalidInput", "INVALID_DEADLINE", "La date limite est invalide.", { deadline })
