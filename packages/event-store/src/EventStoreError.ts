/**
 * Errors of the event store, as tagged values.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A stream's version did not satisfy the append's expected version; nothing of the append was written.
 *
 * @since 0.1.0
 */
export class WrongExpectedVersion extends Schema.TaggedError<WrongExpectedVersion>()("WrongExpectedVersion", {
  streamId: Schema.String,
  /** `ExpectedVersion.describe` of what the caller expected. */
  expected: Schema.String,
  /** The stream's version when the append was checked (0 when empty). */
  actual: Schema.BigInt
}) {}

/**
 * The store failed (I/O, connection, corrupt data, an event id already stored, ...); nothing of the
 * append was written. `reason` is a short machine-readable word, `message` says what happened.
 *
 * @since 0.1.0
 */
export class EventStoreError extends Schema.TaggedError<EventStoreError>()("EventStoreError", {
  reason: Schema.String,
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}
