/**
 * @orga/event-store: the event store port, its semantics, and what is built on it.
 *
 * @since 0.1.0
 */

export * as CommandHandler from "./CommandHandler.ts"
export * as EventCodec from "./EventCodec.ts"
export * as EventStore from "./EventStore.ts"
export * as EventStoreError from "./EventStoreError.ts"
export * as ExpectedVersion from "./ExpectedVersion.ts"
export * as KeyStore from "./KeyStore.ts"
export * as MemoryEventStore from "./MemoryEventStore.ts"
export * as PartitionedProjection from "./PartitionedProjection.ts"
export * as ProjectionLock from "./ProjectionLock.ts"
export * as ProjectionRunner from "./ProjectionRunner.ts"
export * as ProjectionSink from "./ProjectionSink.ts"
export * as ReplayPage from "./ReplayPage.ts"
export * as ReplayWorker from "./ReplayWorker.ts"
export * as Scopes from "./Scopes.ts"
export * as SealedText from "./SealedText.ts"
export * as ShreddedStore from "./ShreddedStore.ts"
export * as Shredding from "./Shredding.ts"
export * as ShredMigration from "./ShredMigration.ts"
export * as SnapshotStore from "./SnapshotStore.ts"
