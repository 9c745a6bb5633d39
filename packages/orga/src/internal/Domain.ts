/**
 * The parts of `@orga/domain` the library uses, in one place.
 *
 * Stopgap: while the domain package is being written, its entry point does not export every module yet;
 * the ones it does not are reached by path here, and only here. When `@orga/domain` exports them, this file
 * becomes plain re-exports of the entry point and nothing else changes.
 *
 * @since 0.1.0
 */
export {
  Actor,
  DomainError,
  Ids,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  Policy,
  Roster,
  RosterDecider,
  RosterEvent,
  StudentRecord as StudentRecordSchema,
  Uai
} from "@orga/domain"
export * as Campaign from "../../../domain/src/campaign/Campaign.ts"
export * as CampaignCodeGenerator from "../../../domain/src/campaign/CampaignCodeGenerator.ts"
export * as CampaignCodeReservation from "../../../domain/src/campaign/CampaignCodeReservation.ts"
export * as CampaignEvent from "../../../domain/src/campaign/CampaignEvent.ts"
export * as AccountMasking from "../../../domain/src/reconciliation/AccountMasking.ts"
export * as Levenshtein from "../../../domain/src/reconciliation/Levenshtein.ts"
export * as NameMatching from "../../../domain/src/reconciliation/NameMatching.ts"
export * as Reconciliation from "../../../domain/src/reconciliation/Reconciliation.ts"
export * as Competences from "../../../domain/src/referential/Competences.ts"
export * as Skill from "../../../domain/src/referential/Skill.ts"
export * as TargetProfile from "../../../domain/src/referential/TargetProfile.ts"
