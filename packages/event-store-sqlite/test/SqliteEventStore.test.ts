import { type EventStore, ExpectedVersion } from "@orga/event-store"
import { Effect, Exit, Fiber, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { SqliteEventStore } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

const run = <A, E>(
  f: (store: EventStore.EventStoreShape) => Effect.Effect<A, E>,
  options: Partial<SqliteEventStore.Options> = {}
) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(SqliteEventStore.make({ filename: freshFile(dir), ...options }), f)))

const event = (id: string, data: unknown = { id }) => ({ id, type: "Happened", data })

describe("SqliteEventStore", () => {
  it("appends and reads back", async () => {
    const result = await run((store) =>
      Effect.gen(function* () {
        const written = yield* store.append([
          { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: [event("1"), event("2")] },
          { streamId: "b", expectedVersion: ExpectedVersion.any, events: [event("3")] }
        ])
        const all = yield* store.readAll({ after: 0n, maxCount: 10 })
        const a = yield* store.readStream("a")
        const head = yield* store.head
        return { written, all, a, head }
      })
    )
    expect(result.written).toEqual({
      streams: [
        { streamId: "a", version: 2n },
        { streamId: "b", version: 1n }
      ],
      position: 3n,
      duplicate: false
    })
    expect(result.all.map((e) => [e.id, e.globalPosition, e.streamVersion])).toEqual([
      ["1", 1n, 1n],
      ["2", 2n, 2n],
      ["3", 3n, 1n]
    ])
    expect(result.a.map((e) => e.data)).toEqual([{ id: "1" }, { id: "2" }])
    expect(result.head).toBe(3n)
  })

  it("a conflict fails only its own append in a group commit and leaves no gap", async () => {
    const result = await run((store) =>
      Effect.gen(function* () {
        const outcomes = yield* Effect.all(
          [
            store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("x1")] }]),
            store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("x2")] }]),
            store.append([{ streamId: "t", expectedVersion: ExpectedVersion.noStream, events: [event("y1")] }])
          ].map(Effect.exit),
          { concurrency: "unbounded" }
        )
        const all = yield* store.readAll({ after: 0n, maxCount: 10 })
        return { outcomes, all }
      })
    )
    expect(result.outcomes.map(Exit.isSuccess)).toEqual([true, false, true])
    expect(result.all.map((e) => [e.id, e.globalPosition])).toEqual([
      ["x1", 1n],
      ["y1", 2n]
    ])
  })

  it("re-delivered command appends nothing", async () => {
    const result = await run((store) =>
      Effect.gen(function* () {
        const first = yield* store.append(
          [{ streamId: "c", expectedVersion: ExpectedVersion.noStream, events: [event("c1")] }],
          { commandId: "cmd" }
        )
        const second = yield* store.append(
          [{ streamId: "c", expectedVersion: ExpectedVersion.noStream, events: [event("c2")] }],
          { commandId: "cmd" }
        )
        const dupId = yield* Effect.exit(
          store.append([{ streamId: "d", expectedVersion: ExpectedVersion.any, events: [event("c1")] }])
        )
        const all = yield* store.readAll({ after: 0n, maxCount: 10 })
        return { first, second, dupId, all }
      })
    )
    expect(result.second).toEqual({ ...result.first, duplicate: true })
    expect(result.all.map((e) => e.id)).toEqual(["c1"])
    expect(result.dupId).toMatchObject({ _tag: "Failure" })
    expect(JSON.stringify(result.dupId)).toContain("DuplicateEventId")
  })

  it("positions start past 2^53 and stay exact", async () => {
    const start = 2n ** 53n
    const all = await run(
      (store) =>
        Effect.gen(function* () {
          yield* store.append([
            { streamId: "big", expectedVersion: ExpectedVersion.any, events: [event("b1"), event("b2")] }
          ])
          return yield* store.readAll({ after: start, maxCount: 10 })
        }),
      { initialPosition: start }
    )
    expect(all.map((e) => e.globalPosition)).toEqual([start + 1n])
  })

  it("subscribe catches up then goes live", async () => {
    const seen = await run((store) =>
      Effect.gen(function* () {
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("1"), event("2")] }])
        const fiber = yield* Effect.forkChild(
          Stream.runCollect(Stream.take(store.subscribe({ after: 1n, batchSize: 1 }), 3))
        )
        yield* Effect.sleep("20 millis")
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event("3"), event("4")] }])
        return yield* Fiber.join(fiber)
      })
    )
    expect(seen.map((e) => e.id)).toEqual(["2", "3", "4"])
  })
})
