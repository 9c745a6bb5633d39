/**
 * @orga/domain: the pure Pix Orga domain. One namespace per concept.
 *
 * @since 0.1.0
 */
export * as Decider from "./Decider.ts"
export * as DomainError from "./DomainError.ts"
