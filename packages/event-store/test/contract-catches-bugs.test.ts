import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { EventStoreShape } from "../src/EventStore.ts"
import * as ExpectedVersion from "../src/ExpectedVersion.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"
import { checkAgainstModel, modelOperations } from "../src/testing/index.ts"
import * as SparsePositions from "./sparsePositions.ts"

/** Stores with one classic bug each, built by wrapping the memory store. */
const brokenStores: ReadonlyArray<readonly [string, (store: EventStoreShape) => EventStoreShape]> = [
  [
    "noStream is not enforced",
    (store) => ({
      ...store,
      append: (appends, options) =>
        store.append(
          appends.map((append) =>
            append.expectedVersion._tag === "NoStream" ? { ...append, expectedVersion: ExpectedVersion.any } : append
          ),
          options
        )
    })
  ],
  [
    "streamExists is not enforced",
    (store) => ({
      ...store,
      append: (appends, options) =>
        store.append(
          appends.map((append) =>
            append.expectedVersion._tag === "StreamExists"
              ? { ...append, expectedVersion: ExpectedVersion.any }
              : append
          ),
          options
        )
    })
  ],
  ["command ids are ignored", (store) => ({ ...store, append: (appends) => store.append(appends) })],
  [
    "multi-stream appends are not atomic",
    (store) => ({
      ...store,
      append: (appends, options) =>
        Effect.forEach(appends, (append) => store.append([append], options)).pipe(
          Effect.map((results) => ({
            streams: results.flatMap((result) => result.streams),
            position: results[results.length - 1]?.position ?? 0n,
            duplicate: results.some((result) => result.duplicate)
          }))
        )
    })
  ],
  [
    "readStream's after is off by one",
    (store) => ({
      ...store,
      readStream: (streamId, options) =>
        store.readStream(streamId, { ...options, after: (options?.after ?? 0n) > 0n ? options!.after! - 1n : 0n })
    })
  ],
  [
    "readAll ignores maxCount",
    (store) => ({ ...store, readAll: (options) => store.readAll({ ...options, maxCount: 1_000_000 }) })
  ],
  [
    "readAll reads from the checkpoint inclusive",
    (store) => ({
      ...store,
      readAll: (options) => store.readAll({ ...options, after: options.after > 0n ? options.after - 1n : 0n })
    })
  ]
]

/** Stores with sparse, ordered positions (the suite's `ordered` mode) and one bug each in them. */
const brokenOrderedStores: ReadonlyArray<readonly [string, (store: EventStoreShape) => EventStoreShape]> = [
  [
    "positions decrease in the log",
    (store) => {
      const flip = (event: { readonly globalPosition: bigint }) => ({
        globalPosition: 2n ** 70n - event.globalPosition
      })
      return {
        ...store,
        readStream: (streamId, options) =>
          Effect.map(store.readStream(streamId, options), (events) => events.map((e) => ({ ...e, ...flip(e) }))),
        readAll: (options) => Effect.map(store.readAll(options), (events) => events.map((e) => ({ ...e, ...flip(e) })))
      }
    }
  ],
  [
    "an append answers the position of its first event",
    (store) => ({
      ...store,
      append: (appends, options) =>
        Effect.map(store.append(appends, options), (result) => {
          const count = appends.reduce((sum, append) => sum + append.events.length, 0)
          return result.duplicate || count < 2
            ? result
            : { ...result, position: result.position - 3n * BigInt(count - 1) }
        })
    })
  ],
  [
    "readAll reads from the checkpoint inclusive",
    (store) => ({
      ...store,
      readAll: (options) => store.readAll({ ...options, after: options.after > 0n ? options.after - 1n : 0n })
    })
  ],
  [
    "head lags one event behind",
    (store) => ({
      ...store,
      head: Effect.flatMap(store.readAll({ after: 0n, maxCount: 1_000_000 }), (events) =>
        Effect.succeed(events.length < 2 ? 0n : events[events.length - 2]!.globalPosition)
      )
    })
  ]
]

describe("the model-based contract check", () => {
  it("passes on the memory store", async () => {
    await fc.assert(
      fc.asyncProperty(modelOperations, async (operations) =>
        checkAgainstModel(await Effect.runPromise(MemoryEventStore.make()), operations, 1n)
      ),
      { numRuns: 200 }
    )
  })

  it.each(brokenStores)("catches a store where %s", async (_, breakStore) => {
    const outcome = await fc.check(
      fc.asyncProperty(modelOperations, async (operations) =>
        checkAgainstModel(breakStore(await Effect.runPromise(MemoryEventStore.make())), operations, 1n)
      ),
      { numRuns: 500 }
    )
    expect(outcome.failed).toBe(true)
  })

  it("passes on a store with sparse, ordered positions, in ordered mode", async () => {
    await fc.assert(
      fc.asyncProperty(modelOperations, async (operations) =>
        checkAgainstModel(await Effect.runPromise(SparsePositions.make()), operations, 1n, {
          positions: "ordered",
          eventIds: "append"
        })
      ),
      { numRuns: 200 }
    )
  })

  it("fails that store in consecutive mode (the modes differ)", async () => {
    const outcome = await fc.check(
      fc.asyncProperty(modelOperations, async (operations) =>
        checkAgainstModel(await Effect.runPromise(SparsePositions.make()), operations, 1n)
      ),
      { numRuns: 100 }
    )
    expect(outcome.failed).toBe(true)
  })

  it.each(brokenOrderedStores)("catches, in ordered mode, a store where %s", async (_, breakStore) => {
    const outcome = await fc.check(
      fc.asyncProperty(modelOperations, async (operations) =>
        checkAgainstModel(breakStore(await Effect.runPromise(SparsePositions.make())), operations, 1n, {
          positions: "ordered",
          eventIds: "append"
        })
      ),
      { numRuns: 500 }
    )
    expect(outcome.failed).toBe(true)
  })
})
