/**
 * The KurrentDB (EventStoreDB) store choice of the front door, `@orga/orga/kurrentdb`: the log on an
 * EventStoreDB 20.10+ or KurrentDB server, for teams that already run one (appends to several streams at once
 * need KurrentDB 25.1; global positions are the server's: ordered, opaque; docs/adr/0030-kurrentdb-client.md).
 * It provides the `EventStore` service only: without a replay reader, the start-up rebuild reads through
 * `readAll`, which is what KurrentDB's replay pages would read anyway.
 *
 * @since 0.1.0
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import { KurrentEventStore } from "@orga/event-store-kurrentdb"
import type * as Layer from "effect/Layer"
import * as AuditScope from "../internal/AuditScope.ts"

/**
 * The store on the KurrentDB server of a connection string (`kurrentdb://user:password@host:2113?tls=true`;
 * TLS and credentials as the client takes them), the application's streams under `namespace` (default
 * `orga`).
 *
 * @category layers
 * @since 0.1.0
 */
export const kurrentdb = (
  connectionString: string,
  options: { readonly namespace?: string | undefined } = {}
): Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError> =>
  // The audit trail's scope: read by a filtered backwards read of `$all`, not bounded by the page (ADR 0041).
  KurrentEventStore.layer({ connectionString, namespace: options.namespace, scopeKey: AuditScope.scopeKey })
