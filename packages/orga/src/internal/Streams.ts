/**
 * Appending decisions with optimistic concurrency: each write carries the version its stream had when the
 * use case decided; a concurrent writer makes the append fail with `WrongExpectedVersion`, and
 * `retryOnConflict` runs the whole use case again on fresh states.
 *
 * @since 0.1.0
 */
import { type EventStore, EventStoreError, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"

/**
 * An event as the domain knows it: a tagged, JSON-safe value.
 *
 * @since 0.1.0
 */
export interface DomainEvent {
  readonly _tag: string
}

/**
 * Metadata recorded with every event of a use case.
 *
 * @since 0.1.0
 */
export interface Metadata {
  readonly actorId: string | null
  readonly useCase: string
  readonly occurredAt: string
  /** The organization the use case acts in (the audit trail reads it), when there is one. */
  readonly organizationId: string | null
}

/**
 * What a use case wants appended, stream by stream.
 *
 * @since 0.1.0
 */
export interface Write {
  readonly streamId: string
  /** The version the stream had when its state was loaded (`undefined`: any). */
  readonly expectedVersion: bigint | undefined
  readonly events: ReadonlyArray<DomainEvent>
}

/**
 * The stream access of a store, with a per-stream cache.
 *
 * @since 0.1.0
 */
export interface Streams {
  /** Appends the writes atomically; answers the global position to await (null when nothing was written). */
  readonly append: (
    writes: ReadonlyArray<Write>,
    metadata: Metadata,
    commandId: string | undefined,
    newEventId: () => string
  ) => Effect.Effect<
    { readonly position: bigint | null; readonly duplicate: boolean },
    EventStoreError.WrongExpectedVersion | EventStoreError.EventStoreError
  >
}

/**
 * Builds the stream access over a store.
 *
 * @since 0.1.0
 */
export const make = (store: EventStore.EventStoreShape): Streams => {
  const append: Streams["append"] = (writes, metadata, commandId, newEventId) =>
    Effect.gen(function* () {
      const nonEmpty = writes.filter((write) => write.events.length > 0)
      if (nonEmpty.length === 0) return { position: null, duplicate: false }
      const result = yield* store.append(
        nonEmpty.map((write) => ({
          streamId: write.streamId,
          expectedVersion:
            write.expectedVersion === undefined ? ExpectedVersion.any : ExpectedVersion.exact(write.expectedVersion),
          events: write.events.map((event) => ({
            id: newEventId(),
            type: event._tag,
            data: event,
            metadata: { ...metadata, schemaVersion: 1, ...(commandId === undefined ? {} : { commandId }) }
          }))
        })),
        commandId === undefined ? {} : { commandId }
      )
      return { position: result.position, duplicate: result.duplicate }
    })

  return { append }
}

/**
 * Runs a use case body again while its append meets a concurrent writer (`WrongExpectedVersion`), up to
 * `attempts` times; the body reloads its states at each run.
 *
 * @since 0.1.0
 */
export const retryOnConflict = <A, E, R>(
  body: Effect.Effect<A, E | EventStoreError.WrongExpectedVersion, R>,
  attempts = 8
): Effect.Effect<A, E | EventStoreError.EventStoreError, R> =>
  Effect.catchIf(
    body,
    (error): error is EventStoreError.WrongExpectedVersion => error instanceof EventStoreError.WrongExpectedVersion,
    (error) =>
      attempts <= 1
        ? Effect.fail(
            new EventStoreError.EventStoreError({
              reason: "Contention",
              message: `Stream ${error.streamId} kept changing under concurrent writers`
            })
          )
        : retryOnConflict(body, attempts - 1)
  ) as Effect.Effect<A, E | EventStoreError.EventStoreError, R>
