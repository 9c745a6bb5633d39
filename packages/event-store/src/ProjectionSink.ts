/**
 * Where a projection writes: a read model and its checkpoint, which adapters store side by side.
 *
 * A sink's `apply` writes the read model for a batch and the checkpoint (the batch's last global position)
 * atomically, so a crash never leaves one without the other. Events at or below the checkpoint are ignored,
 * so a batch delivered twice is never counted twice. Adapters implement sinks over their own database (the
 * read model and the checkpoint in one transaction); `makeMemory` is the in-process sink of a pure
 * projection.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { EventCodec } from "./EventCodec.ts"
import type { RecordedEvent } from "./EventStore.ts"

/**
 * A projection could not read its checkpoint, apply a batch, or reset.
 *
 * @since 0.1.0
 */
export class ProjectionError extends Schema.TaggedError<ProjectionError>()("ProjectionError", {
  projection: Schema.String,
  reason: Schema.String,
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}

/**
 * A projection's storage, as the runner drives it.
 *
 * @since 0.1.0
 */
export interface ProjectionSink<E = ProjectionError> {
  /** Names the projection (its checkpoint and its lock). */
  readonly name: string
  /** The global position of the last event applied (0n before any). */
  readonly checkpoint: Effect.Effect<bigint, E>
  /** Applies a batch in global order and moves the checkpoint to its last event, atomically. */
  readonly apply: (events: ReadonlyArray<RecordedEvent>) => Effect.Effect<void, E>
  /** Empties the read model and sets the checkpoint back to 0n (before a rebuild). */
  readonly reset: Effect.Effect<void, E>
}

/**
 * A pure projection: a read model folded from events.
 *
 * @since 0.1.0
 */
export interface Projection<S, E> {
  readonly initialState: S
  readonly evolve: (state: S, event: E) => S
}

/**
 * Turns a stored event into what a projection folds: `undefined` skips the event.
 *
 * @since 0.1.0
 */
export type Decode<E> = (event: RecordedEvent) => Result.Result<E, ProjectionError> | undefined

/**
 * Folds the stored events themselves, undecoded (the fastest path).
 *
 * @since 0.1.0
 */
export const recordedEvents: Decode<RecordedEvent> = (event) => Result.succeed(event)

/**
 * Decodes with a codec. Types the codec does not know are skipped (a projection reads a subset of the
 * log) unless `unknownTypes: "fail"`; any other decoding failure fails the batch.
 *
 * @since 0.1.0
 */
export const decodeWith =
  <E extends { readonly _tag: string }>(
    codec: EventCodec<E>,
    options: { readonly projection?: string; readonly unknownTypes?: "skip" | "fail" } = {}
  ): Decode<E> =>
  (event) => {
    if (options.unknownTypes !== "fail" && !codec.types.has(event.type)) return undefined
    const decoded = codec.decodeResult(event)
    return Result.isSuccess(decoded)
      ? (decoded as unknown as Result.Result<E, ProjectionError>)
      : Result.fail(
          new ProjectionError({
            projection: options.projection ?? "",
            reason: decoded.failure.reason,
            message: decoded.failure.message,
            cause: decoded.failure
          })
        )
  }

/**
 * An in-memory sink whose state can be read.
 *
 * @since 0.1.0
 */
export interface MemorySink<S> extends ProjectionSink<ProjectionError> {
  readonly state: Effect.Effect<S>
  /** The current state, outside of an effect. */
  readonly stateUnsafe: () => S
  /** The checkpoint, outside of an effect. */
  readonly checkpointUnsafe: () => bigint
}

/**
 * Makes an in-memory sink for a pure projection. A batch is folded into a local state and committed with
 * its checkpoint only when every event of it decoded: a failing batch changes nothing.
 *
 * @since 0.1.0
 */
export const makeMemory = <S, E>(options: {
  readonly name: string
  readonly projection: Projection<S, E>
  readonly decode: Decode<E>
}): MemorySink<S> => {
  const { name, projection, decode } = options
  let state = projection.initialState
  let checkpoint = 0n
  return {
    name,
    checkpoint: Effect.sync(() => checkpoint),
    apply: (events) =>
      Effect.suspend(() => {
        let next = state
        let position = checkpoint
        for (const event of events) {
          if (event.globalPosition <= position) continue
          const decoded = decode(event)
          if (decoded !== undefined) {
            if (Result.isFailure(decoded)) {
              const failure = decoded.failure
              return Effect.fail(
                failure.projection === ""
                  ? new ProjectionError({
                      projection: name,
                      reason: failure.reason,
                      message: failure.message,
                      cause: failure.cause
                    })
                  : failure
              )
            }
            next = projection.evolve(next, decoded.success)
          }
          position = event.globalPosition
        }
        state = next
        checkpoint = position
        return Effect.void
      }),
    reset: Effect.sync(() => {
      state = projection.initialState
      checkpoint = 0n
    }),
    state: Effect.sync(() => state),
    stateUnsafe: () => state,
    checkpointUnsafe: () => checkpoint
  }
}
