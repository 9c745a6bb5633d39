/**
 * A store's fast path for rebuilding the in-memory read models at start: the log's events as rows of
 * position, stream, version and parsed data, without the ids, metadata and dates the folds never read.
 * `Stores.sqlite` provides it; over a store without it, the rebuild reads through `EventStore.readAll`.
 *
 * @since 0.1.0
 */
import type { EventStoreError } from "@orga/event-store"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"

/**
 * One event of a replay: the same values `readAll` answers for these four fields.
 *
 * @since 0.1.0
 */
export type ReplayRow = readonly [globalPosition: bigint, streamId: string, streamVersion: bigint, data: unknown]

/**
 * The replay reader of a store.
 *
 * @since 0.1.0
 */
export interface ReplayShape {
  /** The events after `after`, in global order, at most `maxCount` (an empty array at the log's head). */
  readonly read: (
    after: bigint,
    maxCount: number
  ) => Effect.Effect<ReadonlyArray<ReplayRow>, EventStoreError.EventStoreError>
}

/**
 * The replay reader, as a service (optional: the library uses it when the store layer provides it).
 *
 * @since 0.1.0
 */
export class Replay extends Context.Service<Replay, ReplayShape>()("@orga/orga/Replay") {}
