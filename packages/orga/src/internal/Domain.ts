/**
 * The parts of `@orga/domain` the library uses, in one place.
 *
 * @since 0.1.0
 */
export {
  AccountMasking,
  Actor,
  Campaign,
  CampaignCodeGenerator,
  CampaignCodeReservation,
  CampaignEvent,
  Competences,
  Decider,
  DirectoryProjection as Directory,
  DomainError,
  Ids,
  ImportHistoryProjection as ImportHistory,
  Levenshtein,
  NameMatching,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  Participation,
  ParticipationEvent,
  ParticipationsProjection as Participations,
  Policy,
  Reconciliation,
  Roster,
  RosterDecider,
  RosterEvent,
  RostersProjection as Rosters,
  Skill,
  StudentRecord as StudentRecordSchema,
  TargetProfile,
  Uai
} from "@orga/domain"
