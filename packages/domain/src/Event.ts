/**
 * Every event of the domain, as one schema: what the event store holds. Stores and projections decode
 * with it; `tags` is the catalogue (a stored tag is never renamed or reused).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as CampaignEvent from "./campaign/CampaignEvent.ts"
import * as OrganizationEvent from "./organization/OrganizationEvent.ts"
import * as ParticipationEvent from "./participation/ParticipationEvent.ts"
import * as RosterEvent from "./roster/RosterEvent.ts"

/**
 * Any event of the domain.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union([
  OrganizationEvent.OrganizationEvent,
  RosterEvent.RosterEvent,
  CampaignEvent.CampaignEvent,
  CampaignEvent.CampaignCodeEvent,
  ParticipationEvent.ParticipationEvent
])

/** @since 0.1.0 */
export type Event = typeof Event.Type

/**
 * The tag of any event.
 *
 * @since 0.1.0
 */
export type Tag = Event["_tag"]

/**
 * Every event tag of the domain.
 *
 * @since 0.1.0
 */
export const tags: ReadonlyArray<Tag> = [
  ...OrganizationEvent.tags,
  ...RosterEvent.tags,
  ...CampaignEvent.tags,
  ...ParticipationEvent.tags
]

/**
 * Decodes an unknown value (such as a stored JSON payload) into an event, or a schema error.
 *
 * @since 0.1.0
 */
export const decodeUnknown = Schema.decodeUnknownResult(Event)

/**
 * Encodes an event into its stored JSON shape (a result: nothing here throws).
 *
 * @since 0.1.0
 */
export const encode = Schema.encodeResult(Event)
