/**
 * A store's fast path for rebuilding the in-memory read models at start: the log as `ReplayPage`s (position,
 * stream, version and parsed data, without the ids, metadata and dates the folds never read), read on another
 * thread where the store can. The layers of `@orga/orga/sqlite` and `@orga/orga/postgres` provide it; over a
 * store without it, the rebuild reads through `EventStore.readAll`.
 *
 * @since 0.1.0
 */
import type { EventStoreError, ReplayPage } from "@orga/event-store"
import * as Context from "effect/Context"
import type * as Stream from "effect/Stream"

/**
 * The replay reader of a store.
 *
 * @since 0.1.0
 */
export interface ReplayShape {
  /** The pages of the log after `after`, to its end as read (what is appended meanwhile is the caller's). */
  readonly pages: (after: bigint) => Stream.Stream<ReplayPage.ReplayPage, EventStoreError.EventStoreError>
}

/**
 * The replay reader, as a service (optional: the library uses it when the store layer provides it).
 *
 * @since 0.1.0
 */
export class Replay extends Context.Service<Replay, ReplayShape>()("@orga/orga/Replay") {}
