/**
 * @orga/domain: the pure Pix Orga domain. One namespace per concept.
 *
 * @since 0.1.0
 */

export * as Account from "./account/Account.ts"
export * as AccountError from "./account/AccountError.ts"
export * as AccountEvent from "./account/AccountEvent.ts"
export * as Campaign from "./campaign/Campaign.ts"
export * as CampaignCodeGenerator from "./campaign/CampaignCodeGenerator.ts"
export * as CampaignCodeReservation from "./campaign/CampaignCodeReservation.ts"
export * as CampaignCommand from "./campaign/CampaignCommand.ts"
export * as CampaignDecider from "./campaign/CampaignDecider.ts"
export * as CampaignError from "./campaign/CampaignError.ts"
export * as CampaignEvent from "./campaign/CampaignEvent.ts"
export * as CampaignValidation from "./campaign/CampaignValidation.ts"
export * as Decider from "./Decider.ts"
export * as DomainError from "./DomainError.ts"
export * as Event from "./Event.ts"
export * as French from "./format/French.ts"
export * as CollectionDeadline from "./organization/CollectionDeadline.ts"
export * as Organization from "./organization/Organization.ts"
export * as OrganizationCommand from "./organization/OrganizationCommand.ts"
export * as OrganizationDecider from "./organization/OrganizationDecider.ts"
export * as OrganizationError from "./organization/OrganizationError.ts"
export * as OrganizationEvent from "./organization/OrganizationEvent.ts"
export * as Participation from "./participation/Participation.ts"
export * as ParticipationCommand from "./participation/ParticipationCommand.ts"
export * as ParticipationDecider from "./participation/ParticipationDecider.ts"
export * as ParticipationError from "./participation/ParticipationError.ts"
export * as ParticipationEvent from "./participation/ParticipationEvent.ts"
export * as Actor from "./policy/Actor.ts"
export * as Policy from "./policy/Policy.ts"
/**
 * The campaign analysis read model: participations by status and day, mastery by competence and area.
 *
 * @since 0.2.0
 */
export * as CampaignAnalysisProjection from "./projection/CampaignAnalysis.ts"
export * as DirectoryProjection from "./projection/Directory.ts"
export * as ImportHistoryProjection from "./projection/ImportHistory.ts"
export * as ParticipationsProjection from "./projection/Participations.ts"
export * as RostersProjection from "./projection/Rosters.ts"
export * as AccountMasking from "./reconciliation/AccountMasking.ts"
export * as Levenshtein from "./reconciliation/Levenshtein.ts"
export * as NameMatching from "./reconciliation/NameMatching.ts"
export * as Reconciliation from "./reconciliation/Reconciliation.ts"
export * as Badge from "./referential/Badge.ts"
export * as Competences from "./referential/Competences.ts"
export * as Skill from "./referential/Skill.ts"
export * as Stage from "./referential/Stage.ts"
export * as TargetProfile from "./referential/TargetProfile.ts"
export * as TargetProfileCatalogue from "./referential/TargetProfileCatalogue.ts"
export * as TargetProfileDefinition from "./referential/TargetProfileDefinition.ts"
/**
 * An accepted SIECLE import kept for the history, with the students it left out.
 *
 * @since 0.1.0
 */
export * as ImportRecord from "./roster/ImportRecord.ts"
export * as ImportRejection from "./roster/ImportRejection.ts"
export * as Roster from "./roster/Roster.ts"
export * as RosterCommand from "./roster/RosterCommand.ts"
export * as RosterDecider from "./roster/RosterDecider.ts"
export * as RosterError from "./roster/RosterError.ts"
export * as RosterEvent from "./roster/RosterEvent.ts"
export * as StudentRecord from "./roster/StudentRecord.ts"
export * as StoredEvent from "./StoredEvent.ts"
export * as Birthdate from "./values/Birthdate.ts"
export * as CampaignCode from "./values/CampaignCode.ts"
export * as Division from "./values/Division.ts"
export * as Email from "./values/Email.ts"
export * as Ids from "./values/Ids.ts"
export * as Ine from "./values/Ine.ts"
export * as InvitationCode from "./values/InvitationCode.ts"
export * as PersonalData from "./values/PersonalData.ts"
export * as PersonName from "./values/PersonName.ts"
export * as Role from "./values/Role.ts"
export * as SchoolYear from "./values/SchoolYear.ts"
export * as Timestamp from "./values/Timestamp.ts"
export * as Uai from "./values/Uai.ts"
