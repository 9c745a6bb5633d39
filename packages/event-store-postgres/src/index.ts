/**
 * @orga/event-store-postgres: the event store on PostgreSQL (many app instances, one database).
 *
 * @since 0.1.0
 */
export * as Migrations from "./Migrations.ts"
export * as PostgresEventStore from "./PostgresEventStore.ts"
export * as PostgresKeyStore from "./PostgresKeyStore.ts"
export * as PostgresPartitions from "./PostgresPartitions.ts"
export * as PostgresProjection from "./PostgresProjection.ts"
export * as PostgresProjectionLock from "./PostgresProjectionLock.ts"
export * as PostgresReplay from "./PostgresReplay.ts"
export * as PostgresShredMigration from "./PostgresShredMigration.ts"
export * as PostgresSnapshotStore from "./PostgresSnapshotStore.ts"
