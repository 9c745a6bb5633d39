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
  CampaignCommand,
  CampaignDecider,
  CampaignEvent,
  Competences,
  DomainError,
  Ids,
  Levenshtein,
  NameMatching,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  Participation,
  ParticipationCommand,
  ParticipationDecider,
  ParticipationEvent,
  Policy,
  Reconciliation,
  Roster,
  RosterDecider,
  RosterEvent,
  Skill,
  StudentRecord as StudentRecordSchema,
  TargetProfile,
  Uai
} from "@orga/domain"
