import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { EventStore } from "../src/EventStore.ts"
import * as ExpectedVersion from "../src/ExpectedVersion.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"

describe("MemoryEventStore", () => {
  it("provides the EventStore service through its layer, a fresh store per build", async () => {
    const program = Effect.gen(function* () {
      const store = yield* EventStore
      yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [{ id: "e1", type: "T", data: {} }] }
      ])
      return yield* store.head
    })
    expect(await Effect.runPromise(Effect.provide(program, MemoryEventStore.layer))).toBe(1n)
    expect(await Effect.runPromise(Effect.provide(program, MemoryEventStore.layer))).toBe(1n)
  })

  it("reads nothing for a non-positive maxCount and treats a negative checkpoint as the start", async () => {
    const store = MemoryEventStore.makeUnsafe()
    await Effect.runPromise(
      store.append([
        {
          streamId: "s",
          expectedVersion: ExpectedVersion.any,
          events: [
            { id: "e1", type: "T", data: {} },
            { id: "e2", type: "T", data: {} }
          ]
        }
      ])
    )
    expect(await Effect.runPromise(store.readAll({ after: 0n, maxCount: 0 }))).toEqual([])
    expect(await Effect.runPromise(store.readAll({ after: 0n, maxCount: -3 }))).toEqual([])
    expect(await Effect.runPromise(store.readStream("s", { maxCount: 0 }))).toEqual([])
    expect((await Effect.runPromise(store.readAll({ after: -5n, maxCount: 10 }))).length).toBe(2)
    expect((await Effect.runPromise(store.readStream("s", { after: -1n }))).length).toBe(2)
  })

  it("stops waking an interrupted subscription, and later subscribers still get everything", async () => {
    const store = MemoryEventStore.makeUnsafe()
    const first = Effect.runFork(store.subscribe({ after: 0n }).pipe(Stream.runCollect))
    await Effect.runPromise(Effect.sleep("10 millis"))
    await Effect.runPromise(Fiber.interrupt(first))
    await Effect.runPromise(
      store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.any, events: [{ id: "e1", type: "T", data: {} }] }
      ])
    )
    const later = await Effect.runPromise(store.subscribe({ after: 0n }).pipe(Stream.take(1), Stream.runCollect))
    expect(later.map((event) => event.id)).toEqual(["e1"])
  })
})
