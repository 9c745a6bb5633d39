/**
 * @orga/event-store-kurrentdb: the event store port on a KurrentDB (EventStoreDB) server, through
 * `@kurrent/kurrentdb-client`.
 *
 * @since 0.1.0
 */
export * as AllPosition from "./AllPosition.ts"
export * as AppendPlan from "./AppendPlan.ts"
export * as ClientErrors from "./ClientErrors.ts"
export * as ExpectedRevision from "./ExpectedRevision.ts"
export * as KurrentEventStore from "./KurrentEventStore.ts"
export * as KurrentReplay from "./KurrentReplay.ts"
export * as LogReader from "./LogReader.ts"
export * as RecordId from "./RecordId.ts"
export * as Records from "./Records.ts"
export * as Resubscription from "./Resubscription.ts"
export * as StreamNames from "./StreamNames.ts"
