/**
 * A catch-up subscription to `$all` that survives dropped connections: when the client's subscription fails
 * with a transient error (or ends, which a catch-up subscription never does by itself), the store opens a new
 * one from the `$all` place of the last event it delivered, and skips what it already delivered, so the
 * stream it gives keeps the port's promise: every event after the checkpoint, exactly once, in order.
 *
 * The client's subscription is taken through the small `Subscription` interface (an async iterable with
 * `unsubscribe`), which the client's `subscribeToAll` answers and which tests script.
 *
 * @since 0.1.0
 */

import type { AllStreamRecordedEvent, AllStreamResolvedEvent, Position } from "@kurrent/kurrentdb-client"
import type { EventStore } from "@orga/event-store"
import { EventStoreError } from "@orga/event-store"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import * as ClientErrors from "./ClientErrors.ts"

/**
 * What the store needs of a client subscription.
 *
 * @category models
 * @since 0.1.0
 */
export interface Subscription extends AsyncIterable<AllStreamResolvedEvent> {
  readonly unsubscribe: () => Promise<void>
}

/**
 * Where a subscription opens: the start of `$all`, or strictly after a place in it.
 *
 * @category models
 * @since 0.1.0
 */
export type From = "start" | Position

/**
 * How to subscribe.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** Opens a client subscription (e.g. `client.subscribeToAll({ fromPosition, filter })`). */
  readonly open: (from: From) => Subscription
  /** Where the first subscription opens. */
  readonly from: From
  /** The port's checkpoint: only events with a global position above it are delivered. */
  readonly after: bigint
  /** The port's event of a client event (`undefined` to skip it). */
  readonly decode: (
    event: AllStreamRecordedEvent
  ) => EventStore.RecordedEvent | EventStoreError.EventStoreError | undefined
  /** Failed subscriptions in a row, without an event delivered in between, before giving up (default 10). */
  readonly retries?: number | undefined
  /** The pause before the n-th new subscription in a row (default 100 ms × n, at most 5 s). */
  readonly retryDelay?: ((attempt: number) => Duration.Input) | undefined
}

const defaultDelay = (attempt: number): Duration.Input => Duration.millis(Math.min(5_000, 100 * attempt))

/** A subscription that ended although a catch-up subscription only ends when it is dropped. */
class SubscriptionEnded extends Error {}

const closeQuietly = (subscription: Subscription) =>
  Effect.promise(() => subscription.unsubscribe().catch(() => undefined))

/**
 * The events of `$all` after the checkpoint, resubscribing after transient failures.
 *
 * @category constructors
 * @since 0.1.0
 */
export const events = (options: Options): Stream.Stream<EventStore.RecordedEvent, EventStoreError.EventStoreError> =>
  Stream.callback<EventStore.RecordedEvent, EventStoreError.EventStoreError>(
    (queue) =>
      Effect.gen(function* () {
        const retries = options.retries ?? 10
        const retryDelay = options.retryDelay ?? defaultDelay
        let from = options.from
        let last = options.after
        let failures = 0
        let current: Subscription | undefined
        yield* Effect.addFinalizer(() => (current === undefined ? Effect.void : closeQuietly(current)))
        for (;;) {
          let dropped: unknown
          const opened = yield* Effect.result(Effect.try({ try: () => options.open(from), catch: (error) => error }))
          if (opened._tag === "Failure") dropped = opened.failure
          else {
            const subscription = opened.success
            current = subscription
            const iterator = subscription[Symbol.asyncIterator]()
            for (;;) {
              const next = yield* Effect.result(Effect.tryPromise({ try: () => iterator.next(), catch: (e) => e }))
              if (next._tag === "Failure") {
                dropped = next.failure
                break
              }
              if (next.success.done === true) {
                dropped = new SubscriptionEnded("The subscription ended.")
                break
              }
              const event = next.success.value.event
              if (event === undefined) continue
              const decoded = options.decode(event)
              if (decoded instanceof EventStoreError.EventStoreError) return yield* Effect.fail(decoded)
              from = event.position
              if (decoded === undefined || decoded.globalPosition <= last) continue
              yield* Queue.offer(queue, decoded)
              last = decoded.globalPosition
              failures = 0
            }
            current = undefined
            yield* closeQuietly(subscription)
          }
          if (!(dropped instanceof SubscriptionEnded) && !ClientErrors.isTransient(dropped)) {
            return yield* Effect.fail(ClientErrors.toStoreError("Subscription", dropped))
          }
          failures += 1
          if (failures > retries) {
            return yield* Effect.fail(
              new EventStoreError.EventStoreError({
                reason: "Unavailable",
                message: `Subscription: gave up after ${retries} new subscriptions in a row failed.`,
                cause: dropped
              })
            )
          }
          yield* Effect.sleep(retryDelay(failures))
        }
      }),
    { bufferSize: 256, strategy: "suspend" }
  )
