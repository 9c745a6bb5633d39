/**
 * @orga/orga: the library's front door. Every Pix Orga use case and query over a store.
 *
 * @since 0.1.0
 */
export * as CampaignExport from "./export/CampaignExport.ts"
export * as Csv from "./export/Csv.ts"
export * as Orga from "./Orga.ts"
export * as Replay from "./Replay.ts"
export * as Runtime from "./runtime/Runtime.ts"
export * as Stores from "./Stores.ts"
export * as TargetProfiles from "./TargetProfiles.ts"
export type * as Views from "./Views.ts"
