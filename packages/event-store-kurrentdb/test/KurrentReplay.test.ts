import { type EventStore, ExpectedVersion, MemoryEventStore, ReplayPage } from "@orga/event-store"
import { ReplayContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as AllPosition from "../src/AllPosition.ts"
import * as KurrentReplay from "../src/KurrentReplay.ts"

/**
 * The in-memory store with positions shaped like KurrentDB's: memory position p at the `$all` place
 * (commit 128 p, prepare 128 p), so positions are sparse, ordered and past 2^64.
 */
const kurrentLike = (store: EventStore.EventStoreShape): EventStore.EventStoreShape => {
  const up = (p: bigint) => (p === 0n ? 0n : AllPosition.encode({ commit: p * 128n, prepare: p * 128n })!)
  const down = (q: bigint) => (q === 0n ? 0n : AllPosition.decode(q)!.commit / 128n)
  const event = (recorded: EventStore.RecordedEvent) => ({ ...recorded, globalPosition: up(recorded.globalPosition) })
  return {
    append: (appends, options) =>
      Effect.map(store.append(appends, options), (result) => ({ ...result, position: up(result.position) })),
    readStream: (streamId, options) => Effect.map(store.readStream(streamId, options), (events) => events.map(event)),
    readAll: (options) =>
      Effect.map(store.readAll({ ...options, after: down(options.after) }), (events) => events.map(event)),
    readScope: (scope, options) =>
      Effect.map(
        store.readScope(scope, {
          maxCount: options.maxCount,
          ...(options.before === undefined ? {} : { before: down(options.before) })
        }),
        (events) => events.map(event)
      ),
    subscribe: (options) => Stream.map(store.subscribe({ ...options, after: down(options.after) }), event),
    head: Effect.map(store.head, up),
    awaitPosition: (position, timeout) => store.awaitPosition(down(position), timeout)
  }
}

// The replay contract's ordered mode (what it runs on a KurrentDB server), on positions shaped like the server's.
ReplayContract.suite("KurrentReplay.pages on KurrentDB-shaped positions (in memory)", {
  open: () =>
    Effect.map(MemoryEventStore.make(), (memory) => {
      const store = kurrentLike(memory)
      return {
        store,
        replays: [{ name: "pages of readAll", reads: "inPlace" as const, pages: KurrentReplay.pages(store) }]
      }
    }),
  positions: "ordered",
  earlyStopEvents: 2_000
})

// The pages are built from any store's readAll: the in-memory model stands in for the log here (the replay
// contract runs them on a KurrentDB server when one is configured, see contract.test.ts).
describe("KurrentReplay.pages", () => {
  it("answers what readAll answers, in pages of at most the page size, for any start", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer({ min: 1, max: 4 })), { maxLength: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(20),
        async (appends, pageSize, start) => {
          const store = MemoryEventStore.makeUnsafe()
          let id = 0
          for (const [streamId, count] of appends) {
            const events = Array.from({ length: count }, () => ({ id: `e${++id}`, type: "T", data: { id } }))
            await Effect.runPromise(store.append([{ streamId, expectedVersion: ExpectedVersion.any, events }]))
          }
          const after = BigInt(start)
          const all: ReadonlyArray<EventStore.RecordedEvent> = await Effect.runPromise(
            store.readAll({ after, maxCount: 1_000 })
          )
          const pages = [
            ...(await Effect.runPromise(Stream.runCollect(KurrentReplay.pages(store)({ pageSize })(after))))
          ]
          for (const page of pages) expect(page.data.length).toBeLessThanOrEqual(pageSize)
          expect(pages.flatMap(ReplayPage.events)).toEqual(
            all.map((event) => ({ streamId: event.streamId, streamVersion: event.streamVersion, data: event.data }))
          )
          expect(pages.at(-1)?.lastPosition).toBe(all.at(-1)?.globalPosition)
        }
      ),
      { numRuns: 60 }
    ))
})
