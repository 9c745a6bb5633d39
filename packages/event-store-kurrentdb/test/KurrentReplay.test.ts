import { type EventStore, ExpectedVersion, MemoryEventStore, ReplayPage } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as KurrentReplay from "../src/KurrentReplay.ts"

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
