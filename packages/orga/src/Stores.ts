/**
 * The stores the library runs on, as layers of the `EventStore` service: the embedded SQLite file (one
 * school on one machine, nothing else to run), PostgreSQL (many app instances, one database) and memory
 * (unit tests).
 *
 * @since 0.1.0
 */
import { EventStore, type EventStoreError, MemoryEventStore } from "@orga/event-store"
import { PostgresEventStore, PostgresReplay } from "@orga/event-store-postgres"
import { SqliteEventStore, SqliteReplay } from "@orga/event-store-sqlite"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ReplayDigest from "./internal/ReplayDigest.ts"
import * as Replay from "./Replay.ts"

/**
 * The embedded default: one SQLite file (created if missing). It also provides the store's replay reader, which
 * rebuilds the read models at start from pages read on a worker thread, about twice as fast as `readAll`.
 *
 * @since 0.1.0
 */
export const sqlite = (
  filename: string,
  options: { readonly durability?: "full" | "normal" } = {}
): Layer.Layer<EventStore.EventStore | Replay.Replay, EventStoreError.EventStoreError> =>
  Layer.provideMerge(
    Layer.effect(
      Replay.Replay,
      Effect.gen(function* () {
        const database = yield* SqliteEventStore.SqliteEventStoreDatabase
        return { pages: SqliteReplay.pages(database, { digest: ReplayDigest.module }) }
      })
    ),
    SqliteEventStore.layerWithDatabase({ filename, durability: options.durability ?? "full", pollInterval: 20 })
  )

/**
 * PostgreSQL: the store's tables live in `schema` (created and migrated on start). It also provides the store's
 * replay reader, which rebuilds the read models at start from pages read on a worker thread (its own
 * connection), without ids, metadata or dates.
 *
 * @since 0.1.0
 */
export const postgres = (
  connectionString: string,
  schema = "orga_events"
): Layer.Layer<EventStore.EventStore | Replay.Replay, EventStoreError.EventStoreError> =>
  Layer.effectContext(
    Effect.map(PostgresEventStore.make({ connectionString, schema, pollInterval: "50 millis" }), (store) =>
      Context.make(EventStore.EventStore, store).pipe(
        // No digest here: the reading thread shares its core with the server's backend, and digesting there
        // made the rebuild slower (docs/adr/0021-replay-on-a-reading-thread.md).
        Context.add(Replay.Replay, {
          pages: PostgresReplay.pages({ connectionString, schema: store.schema, pool: store.pool })
        })
      )
    )
  )

/**
 * An in-memory store, for unit tests.
 *
 * @since 0.1.0
 */
export const memory: Layer.Layer<EventStore.EventStore> = MemoryEventStore.layer
