/**
 * The key store port of crypto-shredding: one wrapped data key per subject (a learner, a user, an import), kept
 * beside the log (a table in the same SQLite file or PostgreSQL database) so a backup of one holds the other.
 * Destroying a subject's key leaves a tombstone: the log's ciphertext of that subject can never be read again,
 * and a second erasure, or a new key for an erased subject, is told apart from an unknown subject.
 *
 * Keys are stored wrapped (encrypted under the master key, see `Shredding`); this port never sees a clear key.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { EventStoreError } from "./EventStoreError.ts"

/**
 * A subject's row: its wrapped key, or `null` once the key was destroyed (a tombstone).
 *
 * @category models
 * @since 0.1.0
 */
export type Row = readonly [subject: string, wrapped: Uint8Array | null]

/**
 * What a key store does. Every operation is atomic on its own; `create` never replaces a row (two instances
 * sealing the first event of one subject at once both end up with the row that was stored first).
 *
 * @category models
 * @since 0.1.0
 */
export interface KeyStoreShape {
  /** Every row (tombstones included), for the start-up load. */
  readonly all: Effect.Effect<ReadonlyArray<Row>, EventStoreError>
  /** The rows of these subjects (absent subjects are left out). */
  readonly get: (subjects: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Row>, EventStoreError>
  /** Inserts the rows whose subject has none yet, then answers the stored row of every given subject. */
  readonly create: (
    rows: ReadonlyArray<readonly [string, Uint8Array]>
  ) => Effect.Effect<ReadonlyArray<Row>, EventStoreError>
  /** Replaces a key by a tombstone: `"destroyed"`, `"already"` (a tombstone already), or `"unknown"` (no row). */
  readonly destroy: (subject: string) => Effect.Effect<"destroyed" | "already" | "unknown", EventStoreError>
}

/**
 * The key store, as a service.
 *
 * @category services
 * @since 0.1.0
 */
export class KeyStore extends Context.Service<KeyStore, KeyStoreShape>()("@orga/event-store/KeyStore") {}

/**
 * A key store in memory (tests, the in-memory event store): it lives as long as the process, like that store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const memory = (): KeyStoreShape => {
  const rows = new Map<string, Uint8Array | null>()
  return {
    all: Effect.sync(() => [...rows]),
    get: (subjects) =>
      Effect.sync(() =>
        subjects.flatMap((subject): Array<Row> => (rows.has(subject) ? [[subject, rows.get(subject)!]] : []))
      ),
    create: (created) =>
      Effect.sync(() =>
        created.map(([subject, wrapped]): Row => {
          if (!rows.has(subject)) rows.set(subject, wrapped)
          return [subject, rows.get(subject) ?? null]
        })
      ),
    destroy: (subject) =>
      Effect.sync(() => {
        if (!rows.has(subject)) return "unknown"
        if (rows.get(subject) === null) return "already"
        rows.set(subject, null)
        return "destroyed"
      })
  }
}

/**
 * The in-memory key store as a layer.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerMemory: Layer.Layer<KeyStore> = Layer.sync(KeyStore, memory)
