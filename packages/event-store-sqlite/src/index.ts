/**
 * @orga/event-store-sqlite: the embedded event store on one SQLite file (`node:sqlite`), the default store.
 *
 * @since 0.1.0
 */
export * as SqliteDatabase from "./SqliteDatabase.ts"
export * as SqliteEventStore from "./SqliteEventStore.ts"
export * as SqliteKeyStore from "./SqliteKeyStore.ts"
export * as SqlitePartitions from "./SqlitePartitions.ts"
export * as SqliteProjection from "./SqliteProjection.ts"
export * as SqliteProjectionLock from "./SqliteProjectionLock.ts"
export * as SqliteReplay from "./SqliteReplay.ts"
export * as SqliteSchema from "./SqliteSchema.ts"
export * as SqliteShredMigration from "./SqliteShredMigration.ts"
export * as SqliteSnapshotStore from "./SqliteSnapshotStore.ts"
