/**
 * The snapshot store port: opaque snapshots of a process's read models at a log position, kept in the log's own
 * database (a table in the same SQLite file or PostgreSQL schema) so a restart replays only what came after
 * (docs/adr/0056-read-model-snapshots.md). The bytes are the caller's (sealed or not); this port keeps the newest
 * few and a floor: a snapshot below the floor (taken before an erasure) is never written or read again.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { EventStoreError } from "./EventStoreError.ts"

/**
 * What is known of a stored snapshot without reading its bytes.
 *
 * @category models
 * @since 0.1.0
 */
export interface Header {
  readonly id: string
  /** The global position of the last event folded into it. */
  readonly position: bigint
  /** The writer's format version and read models' fingerprint: a reader with other ones ignores it. */
  readonly format: number
  readonly fingerprint: string
  /** The key-store subject of the key that seals it, or `null` for a clear snapshot. */
  readonly keySubject: string | null
  readonly size: number
  /** ISO date-time of the write. */
  readonly createdAt: string
}

/**
 * What a snapshot store does. Every operation is atomic; `write` and `dropBelow` exclude each other (one
 * database lock), so a writer that took its snapshot before an erasure cannot slip it in after the drop.
 *
 * @category models
 * @since 0.1.0
 */
export interface SnapshotStoreShape {
  /** The stored snapshots at or above the floor, newest position first. */
  readonly list: Effect.Effect<ReadonlyArray<Header>, EventStoreError>
  /** A snapshot's bytes (`undefined` once it is gone). */
  readonly read: (id: string) => Effect.Effect<Uint8Array | undefined, EventStoreError>
  /**
   * Stores a snapshot unless its position is below the floor (`written: false`), then removes all but the newest
   * `keep`; answers the removed headers (their keys are the caller's to destroy).
   */
  readonly write: (
    header: Header,
    bytes: Uint8Array,
    keep: number
  ) => Effect.Effect<{ readonly written: boolean; readonly removed: ReadonlyArray<Header> }, EventStoreError>
  /**
   * Raises the floor to `floor` and removes every snapshot below it (all of them, for the position an erasure
   * was folded at); answers the removed headers.
   */
  readonly dropBelow: (floor: bigint) => Effect.Effect<ReadonlyArray<Header>, EventStoreError>
}
