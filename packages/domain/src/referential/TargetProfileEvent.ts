/**
 * The events of the target profile catalogue, as the back office (Pix Admin) keeps it: a profile is created
 * once, from its data form (`TargetProfileDefinition`), on `target-profile-<id>`; it is attached to and
 * detached from organizations on `organization-target-profiles-<organizationId>` (what one organization may use
 * is one stream, read when one of its campaigns is created).
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import * as TargetProfileDefinition from "./TargetProfileDefinition.ts"

/**
 * A target profile entered the catalogue, with its whole definition (tubes, stages, badges).
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfileCreated = Schema.TaggedStruct("TargetProfileCreated", {
  targetProfileId: Schema.String,
  definition: TargetProfileDefinition.Definition,
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.2.0 */
export type TargetProfileCreated = typeof TargetProfileCreated.Type

/**
 * A target profile was offered to an organization: its campaigns may use it.
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfileAttached = Schema.TaggedStruct("TargetProfileAttached", {
  targetProfileId: Schema.String,
  organizationId: Schema.String,
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.2.0 */
export type TargetProfileAttached = typeof TargetProfileAttached.Type

/**
 * A target profile is no longer offered to an organization: no new campaign may use it (existing campaigns
 * keep it, as in Pix).
 *
 * @category schemas
 * @since 0.2.0
 */
export const TargetProfileDetached = Schema.TaggedStruct("TargetProfileDetached", {
  targetProfileId: Schema.String,
  organizationId: Schema.String,
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.2.0 */
export type TargetProfileDetached = typeof TargetProfileDetached.Type

/**
 * An attachment event.
 *
 * @category models
 * @since 0.2.0
 */
export type AttachmentEvent = TargetProfileAttached | TargetProfileDetached

/**
 * The stream of one target profile of the catalogue.
 *
 * @category getters
 * @since 0.2.0
 */
export const streamName = (targetProfileId: string): string => `target-profile-${targetProfileId}`

/**
 * The stream of the target profiles offered to one organization.
 *
 * @category getters
 * @since 0.2.0
 */
export const attachmentsStreamName = (organizationId: string): string =>
  `organization-target-profiles-${organizationId}`

/**
 * The tags of the catalogue's events.
 *
 * @category models
 * @since 0.2.0
 */
export const tags = ["TargetProfileCreated", "TargetProfileAttached", "TargetProfileDetached"] as const
