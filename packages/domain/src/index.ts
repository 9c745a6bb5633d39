/**
 * @orga/domain: the pure Pix Orga domain. One namespace per concept.
 *
 * @since 0.1.0
 */
export * as Decider from "./Decider.ts"
export * as DomainError from "./DomainError.ts"
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
