/**
 * `@orga/orga/postgres`: the PostgreSQL store, for many app instances over one database. An entry point of its
 * own, so that only an app that imports it needs `@orga/event-store-postgres` and `pg` (an optional peer
 * dependency of `@orga/orga`; docs/adr/0033-store-entry-points.md).
 *
 * @since 0.1.0
 */
import { EventStore, type EventStoreError } from "@orga/event-store"
import { PostgresEventStore, PostgresReplay } from "@orga/event-store-postgres"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuditScope from "../internal/AuditScope.ts"
import * as Replay from "../Replay.ts"

/**
 * The store over PostgreSQL: its tables live in `schema` (created and migrated on start). It also provides the
 * store's replay reader, which rebuilds the read models at start from pages read on a worker thread (its own
 * connection), without ids, metadata or dates.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  connectionString: string,
  schema = "orga_events"
): Layer.Layer<EventStore.EventStore | Replay.Replay, EventStoreError.EventStoreError> =>
  Layer.effectContext(
    Effect.map(
      // The audit trail's index of events by organization, kept in the append's transaction (ADR 0041).
      PostgresEventStore.make({ connectionString, schema, pollInterval: "50 millis", scopeKey: AuditScope.scopeKey }),
      (store) =>
        Context.make(EventStore.EventStore, store).pipe(
          // No digest here: the reading thread shares its core with the server's backend, and digesting there
          // made the rebuild slower (docs/adr/0021-replay-on-a-reading-thread.md).
          Context.add(Replay.Replay, {
            pages: PostgresReplay.pages({ connectionString, schema: store.schema, pool: store.pool })
          })
        )
    )
  )
