/**
 * The parts of `@orga/domain` the library uses, in one place.
 *
 * @since 0.1.0
 */
export {
  Account,
  AccountError,
  AccountMasking,
  Actor,
  Campaign,
  CampaignCodeGenerator,
  CampaignCodeReservation,
  CampaignEvent,
  CollectionDeadline,
  Competences,
  DomainError,
  Ids,
  ImportRejection,
  Levenshtein,
  NameMatching,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  Participation,
  ParticipationEvent,
  Policy,
  Reconciliation,
  Roster,
  RosterDecider,
  RosterEvent,
  Skill,
  StoredEvent,
  StudentRecord as StudentRecordSchema,
  TargetProfile,
  Uai
} from "@orga/domain"
