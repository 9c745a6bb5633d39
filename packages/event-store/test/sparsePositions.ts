/**
 * A memory store whose global positions are sparse and far past 2^53 (2^64 + 3p for the memory store's p), as a
 * store with server-given positions (KurrentDB) has them: strictly increasing, not consecutive, opaque. The
 * contract suite's `ordered` mode runs on it, and its planted bugs start from it.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { EventStoreShape, RecordedEvent } from "../src/EventStore.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"

const offset = 2n ** 64n
const step = 3n

/** The sparse position of a memory position (0n stays 0n: "before everything"). */
export const toSparse = (position: bigint): bigint => (position === 0n ? 0n : offset + position * step)

/** The memory checkpoint of a sparse one: the last memory position at or below it. */
const floor = (position: bigint): bigint => (position < offset ? 0n : (position - offset) / step)

/** The first memory position at or above a sparse one. */
const ceil = (position: bigint): bigint => (position <= offset ? 0n : (position - offset + step - 1n) / step)

const sparse = (event: RecordedEvent): RecordedEvent => ({ ...event, globalPosition: toSparse(event.globalPosition) })

/** The sparse view of a store with consecutive positions. */
export const wrap = (store: EventStoreShape): EventStoreShape => ({
  append: (appends, options) =>
    Effect.map(store.append(appends, options), (result) => ({ ...result, position: toSparse(result.position) })),
  readStream: (streamId, options) => Effect.map(store.readStream(streamId, options), (events) => events.map(sparse)),
  readAll: (options) =>
    Effect.map(store.readAll({ ...options, after: floor(options.after) }), (events) => events.map(sparse)),
  readScope: (scope, options) =>
    Effect.map(
      store.readScope(scope, {
        maxCount: options.maxCount,
        ...(options.before === undefined ? {} : { before: ceil(options.before) })
      }),
      (events) => events.map(sparse)
    ),
  subscribe: (options) => Stream.map(store.subscribe({ ...options, after: floor(options.after) }), sparse),
  head: Effect.map(store.head, toSparse),
  awaitPosition: (position, timeout) => store.awaitPosition(ceil(position), timeout)
})

/** A fresh memory store with sparse positions. */
export const make = (options: MemoryEventStore.MakeOptions = {}): Effect.Effect<EventStoreShape> =>
  Effect.map(MemoryEventStore.make(options), wrap)
