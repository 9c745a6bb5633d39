/**
 * @orga/domain/testing: test support for the domain and for users' tests against it: given/when/then
 * specifications for deciders and projections, fast-check arbitraries derived from the schemas, builders.
 * fast-check is a peer dependency, needed only by this entry point.
 *
 * @since 0.1.0
 */

export * as Arbitraries from "./Arbitraries.ts"
export * as CampaignArbitraries from "./CampaignArbitraries.ts"
export * as CampaignBuilders from "./CampaignBuilders.ts"
export * as DeciderSpecification from "./DeciderSpecification.ts"
export * as OrganizationBuilders from "./OrganizationBuilders.ts"
export * as ParticipationArbitraries from "./ParticipationArbitraries.ts"
export * as ParticipationBuilders from "./ParticipationBuilders.ts"
export * as RosterBuilders from "./RosterBuilders.ts"
