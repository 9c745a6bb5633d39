/**
 * The features Pix Admin turns on or off for an organization (Pix's `ORGANIZATION_FEATURE`), on
 * `organization-features-<organizationId>`: a stream of their own, so that turning a feature on never contends
 * with the team's invitations on the organization's stream. Only `MULTIPLE_SENDING_ASSESSMENT` changes a rule
 * here today (an assessment campaign may allow multiple sendings, §4.2); the others are recorded as Pix Admin
 * sets them.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import type { Projection } from "../Decider.ts"

/**
 * The features of an organization, with Pix's names (§9).
 *
 * @category schemas
 * @since 0.2.0
 */
export const Feature = Schema.Literals([
  "MULTIPLE_SENDING_ASSESSMENT",
  "PLACES_MANAGEMENT",
  "LEARNER_IMPORT",
  "MISSIONS_MANAGEMENT",
  "COMPUTE_ORGANIZATION_LEARNER_CERTIFICABILITY"
])

/**
 * A feature of an organization.
 *
 * @category models
 * @since 0.2.0
 */
export type Feature = typeof Feature.Type

/**
 * Every feature, in Pix's order.
 *
 * @category models
 * @since 0.2.0
 */
export const features: ReadonlyArray<Feature> = Feature.literals

/**
 * Pix Admin turned a feature of an organization on (`enabled: true`) or off.
 *
 * @category schemas
 * @since 0.2.0
 */
export const OrganizationFeatureSet = Schema.TaggedStruct("OrganizationFeatureSet", {
  organizationId: Schema.String,
  feature: Feature,
  enabled: Schema.Boolean,
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.2.0 */
export type OrganizationFeatureSet = typeof OrganizationFeatureSet.Type

/**
 * The stream of an organization's features.
 *
 * @category getters
 * @since 0.2.0
 */
export const streamName = (organizationId: string): string => `organization-features-${organizationId}`

/**
 * The features an organization has: none until Pix Admin turns one on.
 *
 * @category models
 * @since 0.2.0
 */
export type Enabled = ReadonlySet<Feature>

/**
 * The features on, after each setting (the last setting of a feature wins).
 *
 * @category models
 * @since 0.2.0
 */
export const projection: Projection<Enabled, OrganizationFeatureSet> = {
  initialState: new Set(),
  evolve: (enabled, event) => {
    if (enabled.has(event.feature) === event.enabled) return enabled
    const next = new Set(enabled)
    if (event.enabled) next.add(event.feature)
    else next.delete(event.feature)
    return next
  }
}

/**
 * Sets a feature: the event to record, or none when the feature is already as asked (setting it again is not a
 * new fact, and a retried request records nothing twice).
 *
 * @category constructors
 * @since 0.2.0
 */
export const decide = (
  enabled: Enabled,
  command: {
    readonly organizationId: string
    readonly feature: Feature
    readonly enabled: boolean
    readonly actorId: string
    readonly now: string
  }
): ReadonlyArray<OrganizationFeatureSet> =>
  enabled.has(command.feature) === command.enabled
    ? []
    : [
        OrganizationFeatureSet.make({
          organizationId: command.organizationId,
          feature: command.feature,
          enabled: command.enabled,
          actorId: command.actorId,
          occurredAt: command.now
        })
      ]

/**
 * Whether assessment campaigns of the organization may allow multiple sendings (Pix's
 * `MULTIPLE_SENDING_ASSESSMENT`).
 *
 * @category guards
 * @since 0.2.0
 */
export const allowsMultipleSendingAssessment = (enabled: Enabled): boolean => enabled.has("MULTIPLE_SENDING_ASSESSMENT")
