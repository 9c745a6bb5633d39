/**
 * The store that comes with the core import: memory, for unit tests and examples. The stores an app runs on
 * have entry points of their own, so that importing `@orga/orga` loads no store adapter and needs no database
 * driver (docs/adr/0033-store-entry-points.md):
 *
 * - `@orga/orga/sqlite`: `Sqlite.layer(filename)`, the embedded default (one file, nothing else to run);
 * - `@orga/orga/postgres`: `Postgres.layer(url, schema)`, many app instances over one database (needs the
 *   optional peer `@orga/event-store-postgres`).
 *
 * @since 0.1.0
 */
import { EventStore, MemoryEventStore } from "@orga/event-store"
import * as Layer from "effect/Layer"
import * as AuditScope from "./internal/AuditScope.ts"

/**
 * An in-memory store, for unit tests.
 *
 * @category layers
 * @since 0.1.0
 */
export const memory: Layer.Layer<EventStore.EventStore> = Layer.effect(
  EventStore.EventStore,
  // The organization is the scope the audit trail reads (ADR 0041).
  MemoryEventStore.make({ scopeKey: AuditScope.scopeKey })
)
