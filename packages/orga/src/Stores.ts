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
import { type EventStore, KeyStore, MemoryEventStore, Shredding } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AuditScope from "./internal/AuditScope.ts"
import * as PersonalData from "./PersonalData.ts"

/**
 * An in-memory store, for unit tests. Its personal data is shredded as in the other stores (a random master
 * key, keys in memory), so erasure works over it too.
 *
 * @category layers
 * @since 0.1.0
 */
export const memory: Layer.Layer<EventStore.EventStore> = Layer.effectContext(
  Effect.gen(function* () {
    // The organization is the scope the audit trail reads (ADR 0041).
    const store = yield* MemoryEventStore.make({ scopeKey: AuditScope.scopeKey })
    const shredder = yield* Effect.orDie(
      Shredding.make({
        rules: PersonalData.rules,
        keyStore: KeyStore.memory(),
        masterKey: new Uint8Array(Buffer.from(Shredding.generateMasterKey(), "base64"))
      })
    )
    return PersonalData.shredded(store, shredder)
  })
)
