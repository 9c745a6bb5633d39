/**
 * @orga/orga: the library's front door. Every Pix Orga use case and query over a store.
 *
 * @since 0.1.0
 */
export * as Accounts from "./Accounts.ts"
export * as Analysis from "./Analysis.ts"
export * as AnalysisSchemas from "./AnalysisSchemas.ts"
export * as BackOffice from "./BackOffice.ts"
export * as Campaigns from "./Campaigns.ts"
export * as CampaignExport from "./export/CampaignExport.ts"
export * as Csv from "./export/Csv.ts"
export * as Orga from "./Orga.ts"
export * as Participations from "./Participations.ts"
export * as PersonalData from "./PersonalData.ts"
export * as Privacy from "./Privacy.ts"
export * as PrivacySchemas from "./PrivacySchemas.ts"
export * as ReadModelTables from "./ReadModelTables.ts"
export * as Replay from "./Replay.ts"
export * as Reports from "./Reports.ts"
export * as Rosters from "./Rosters.ts"
export * as Runtime from "./runtime/Runtime.ts"
export * as Snapshots from "./Snapshots.ts"
export * as Stores from "./Stores.ts"
export * as TablesVersion from "./TablesVersion.ts"
export * as TargetProfiles from "./TargetProfiles.ts"
export * as Team from "./Team.ts"
export * as ViewSchemas from "./ViewSchemas.ts"
export type * as Views from "./Views.ts"
