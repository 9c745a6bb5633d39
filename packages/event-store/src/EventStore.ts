/**
 * The event store port: what every adapter (memory, SQLite, PostgreSQL, KurrentDB) provides, with the
 * semantics the contract suite (`@orga/event-store/testing`) proves on each of them.
 *
 * Semantics:
 * - Streams are named by strings; a stream's version counts its events (0 = empty). `streamVersion` of a
 *   recorded event is the stream's version right after it (the first event of a stream has 1).
 * - `append` writes one or several streams atomically: every event of the call is stored, or none is. Each
 *   stream's expected version is checked; one failing check fails the whole call with `WrongExpectedVersion`.
 * - Every stored event gets a global position: a bigint, starting at 1, strictly increasing in commit order
 *   and gap-free as seen by readers: a reader that checkpoints at position p never later sees an event below p.
 * - Idempotent re-delivery: an append carrying a `commandId` that is already stored appends nothing and
 *   answers the original result with `duplicate: true` (whatever the expected versions say now).
 * - Event ids are unique in the store: an event id already stored fails the append (`EventStoreError`,
 *   reason `DuplicateEventId`) unless the whole call is a duplicate by `commandId`.
 * - `readAll` and `subscribe` return events in global-position order, strictly after the given checkpoint.
 *   `subscribe` catches up from the log, then stays live and delivers each new event exactly once.
 * - `awaitPosition(p)` returns once every event up to `p` is visible to `readAll` (read-your-writes).
 * - Scopes: a store made with a `scopeKey` option (every adapter has one) indexes each event whose metadata holds
 *   a string at that key under that string, its scope; `readScope(scope)` answers the scope's events newest first,
 *   strictly below the cursor `before`, in work bounded by the page whatever the log's length. A store made
 *   without a `scopeKey` fails `readScope` with reason `ScopeNotIndexed`. The port names no key: the application
 *   says which of its metadata partitions the log (Orga: the organization, for its audit trail, ADR 0041), and the
 *   SQL stores keep the index in the append's transaction, so a page is an indexed query, not a fold at start-up.
 *
 * Precisions the contract suite checks (`runEventStoreContract`):
 * - Positions are consecutive on the SQLite and PostgreSQL stores: the next event after position p gets p + 1,
 *   even after failed appends (a failed append consumes no position). A store whose positions come from its
 *   server (KurrentDB: commit and prepare positions) keeps them strictly increasing only, and runs the suite with
 *   `positions: "ordered"`. Either way a multi-stream append numbers its events in call order.
 * - A failing append reports one failing stream; when several checks fail, any one of them may be reported,
 *   and an append with both a wrong version and a duplicate event id may fail with either error.
 * - The result of a duplicate (`duplicate: true`) has the original `position` and the original streams with
 *   their versions after the original append (their order may differ from the original call).
 * - `readStream` of a stream that has no event answers an empty array, not an error.
 * - Test stores may start their positions elsewhere than 1 (`ContractStoreOptions.initialPosition`, used to
 *   prove positions past 2^53 stay exact); `head` of an empty store is then 0n or `initialPosition - 1n`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { EventStoreError, WrongExpectedVersion } from "./EventStoreError.ts"
import type { ExpectedVersion } from "./ExpectedVersion.ts"

/**
 * An event to append: its id (unique, e.g. a UUID), its type (the event's tag), its JSON-safe data, and
 * metadata (schema version, causation, actor, ...).
 *
 * @since 0.1.0
 */
export interface NewEvent {
  readonly id: string
  readonly type: string
  readonly data: unknown
  readonly metadata?: Readonly<Record<string, unknown>> | undefined
}

/**
 * An event as stored.
 *
 * @since 0.1.0
 */
export interface RecordedEvent {
  readonly id: string
  readonly streamId: string
  readonly type: string
  readonly data: unknown
  readonly metadata: Readonly<Record<string, unknown>>
  /** The stream's version right after this event (1 for a stream's first event). */
  readonly streamVersion: bigint
  /** The event's global position (1 for the store's first event). */
  readonly globalPosition: bigint
  /** When the store recorded the event. */
  readonly recordedAt: Date
  /** The command id of the append that wrote it, if any. */
  readonly commandId: string | null
}

/**
 * One stream's part of an append.
 *
 * @since 0.1.0
 */
export interface AppendToStream {
  readonly streamId: string
  readonly expectedVersion: ExpectedVersion
  readonly events: ReadonlyArray<NewEvent>
}

/**
 * Options of an append.
 *
 * @since 0.1.0
 */
export interface AppendOptions {
  /** Identifies the command: an append with a command id already stored appends nothing (re-delivery). */
  readonly commandId?: string | undefined
}

/**
 * What an append did.
 *
 * @since 0.1.0
 */
export interface AppendResult {
  /** Each stream of the append with its version after it. */
  readonly streams: ReadonlyArray<{ readonly streamId: string; readonly version: bigint }>
  /** The global position of the append's last event (for `awaitPosition`); the head when nothing was appended. */
  readonly position: bigint
  /** True when the command id was already stored and nothing was appended. */
  readonly duplicate: boolean
}

/**
 * Options of a stream read.
 *
 * @since 0.1.0
 */
export interface ReadStreamOptions {
  /** Read events with `streamVersion` strictly above this (default 0n: from the start). */
  readonly after?: bigint | undefined
  readonly maxCount?: number | undefined
}

/**
 * Options of a read of the whole log.
 *
 * @since 0.1.0
 */
export interface ReadAllOptions {
  /** A checkpoint: read events with `globalPosition` strictly above it (0n: from the start). */
  readonly after: bigint
  readonly maxCount: number
}

/**
 * Options of a subscription to the whole log.
 *
 * @since 0.1.0
 */
export interface SubscribeOptions {
  /** A checkpoint: deliver events strictly after it. */
  readonly after: bigint
  /** Events read per round trip while catching up (default 1000). */
  readonly batchSize?: number | undefined
}

/**
 * Options of a read of one scope's events (see the module documentation), newest first.
 *
 * @since 0.1.0
 */
export interface ReadScopeOptions {
  /** A cursor: read events with `globalPosition` strictly below it (default: from the newest event). */
  readonly before?: bigint | undefined
  /** Events at most (nothing for 0 or less). */
  readonly maxCount: number
}

/**
 * The store's operations. See the module documentation for the semantics.
 *
 * @since 0.1.0
 */
export interface EventStoreShape {
  readonly append: (
    appends: ReadonlyArray<AppendToStream>,
    options?: AppendOptions
  ) => Effect.Effect<AppendResult, WrongExpectedVersion | EventStoreError>
  readonly readStream: (
    streamId: string,
    options?: ReadStreamOptions
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError>
  readonly readAll: (options: ReadAllOptions) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError>
  /** Catch-up from the checkpoint, then live: every event after it exactly once, in global order. */
  readonly subscribe: (options: SubscribeOptions) => Stream.Stream<RecordedEvent, EventStoreError>
  /**
   * The events of one scope (the string at the store's `scopeKey` in their metadata), newest first, strictly below
   * `before`; fails with reason `ScopeNotIndexed` on a store made without a `scopeKey`.
   */
  readonly readScope: (
    scope: string,
    options: ReadScopeOptions
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError>
  /** The highest global position visible to readers (0n when the store is empty). */
  readonly head: Effect.Effect<bigint, EventStoreError>
  /** Waits until every event up to `position` is visible to readers; fails with reason `Timeout` after `timeout`. */
  readonly awaitPosition: (
    position: bigint,
    timeout?: Duration.Input | undefined
  ) => Effect.Effect<void, EventStoreError>
}

/**
 * The event store service.
 *
 * @since 0.1.0
 */
export class EventStore extends Context.Service<EventStore, EventStoreShape>()("@orga/event-store/EventStore") {}
