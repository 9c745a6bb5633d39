/**
 * `@orga/orga/sqlite`: the embedded default store, one SQLite file (`node:sqlite`, nothing else to run). An entry
 * point of its own, so that the core `@orga/orga` import loads no store adapter (docs/adr/0033-store-entry-points.md).
 *
 * @since 0.1.0
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import { SqliteEventStore, SqliteReplay } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuditScope from "../internal/AuditScope.ts"
import * as ReplayDigest from "../internal/ReplayDigest.ts"
import * as Replay from "../Replay.ts"

/**
 * The store over one SQLite file (created if missing). It also provides the store's replay reader, which rebuilds
 * the read models at start from pages read on a worker thread, about twice as fast as `readAll`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
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
    SqliteEventStore.layerWithDatabase({
      filename,
      durability: options.durability ?? "full",
      pollInterval: 20,
      // The audit trail's index of events by organization, kept in the append's transaction (ADR 0041).
      scopeKey: AuditScope.scopeKey
    })
  )
