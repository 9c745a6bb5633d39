import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CommandHandler from "../src/CommandHandler.ts"
import * as EventCodec from "../src/EventCodec.ts"
import type { EventStoreShape } from "../src/EventStore.ts"
import { WrongExpectedVersion } from "../src/EventStoreError.ts"
import * as ExpectedVersion from "../src/ExpectedVersion.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"

// A counter with a ceiling, and transfers between counters (a two-stream decision).
const Incremented = Schema.TaggedStruct("Incremented", { by: Schema.Number })
const Decremented = Schema.TaggedStruct("Decremented", { by: Schema.Number })
const CounterEvent = Schema.Union([Incremented, Decremented])
type CounterEvent = typeof CounterEvent.Type

class LimitReached extends Schema.TaggedError<LimitReached>()("LimitReached", { value: Schema.Number }) {}

interface Increment {
  readonly by: number
  readonly max: number
}

const evolve = (value: number, event: CounterEvent): number =>
  event._tag === "Incremented" ? value + event.by : value - event.by

const counter: CommandHandler.Decider<Increment, number, CounterEvent, LimitReached> = {
  initialState: 0,
  evolve,
  decide: (command, value) =>
    value + command.by > command.max
      ? Result.fail(new LimitReached({ value }))
      : command.by === 0
        ? Result.succeed([])
        : Result.succeed([Incremented.make({ by: command.by })])
}

interface Transfer {
  readonly from: string
  readonly to: string
  readonly amount: number
}

const codec = EventCodec.make({ schema: CounterEvent })

/** A store whose reads pause, so that concurrent commands interleave between load and append. */
const slowReads = (store: EventStoreShape): EventStoreShape => ({
  ...store,
  readStream: (streamId, options) =>
    store.readStream(streamId, options).pipe(Effect.tap(() => Effect.sleep(Math.floor(Math.random() * 3))))
})

const handlerOn = (store: EventStoreShape, retry?: Schedule.Schedule<unknown, unknown>) =>
  CommandHandler.make({ store, codec, ...(retry === undefined ? {} : { retry }) }, counter)

describe("CommandHandler", () => {
  it("loads, decides and appends with the stream's exact version", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const handle = handlerOn(store)
    const first = await Effect.runPromise(handle("counter-1", { by: 2, max: 10 }, { metadata: { actor: "user-1" } }))
    expect(first).toEqual({
      position: 1n,
      events: [Incremented.make({ by: 2 })],
      streams: [{ streamId: "counter-1", version: 1n }],
      duplicate: false,
      attempts: 1
    })
    const second = await Effect.runPromise(handle("counter-1", { by: 3, max: 10 }))
    expect(second.position).toBe(2n)
    const stored = await Effect.runPromise(store.readStream("counter-1"))
    expect(stored.map((event) => [event.type, event.data, event.metadata])).toEqual([
      ["Incremented", { by: 2 }, { actor: "user-1", schemaVersion: 1 }],
      ["Incremented", { by: 3 }, { schemaVersion: 1 }]
    ])
  })

  it("returns domain errors typed, without retrying or appending", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const handle = handlerOn(store)
    await Effect.runPromise(handle("counter-1", { by: 4, max: 5 }))
    const error = await Effect.runPromise(Effect.flip(handle("counter-1", { by: 2, max: 5 })))
    expect(error).toBeInstanceOf(LimitReached)
    expect(error).toEqual(new LimitReached({ value: 4 }))
    expect(await Effect.runPromise(store.head)).toBe(1n)
  })

  it("appends nothing when the decision is empty, and answers the last loaded position", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const handle = handlerOn(store)
    await Effect.runPromise(handle("counter-1", { by: 1, max: 5 }))
    await Effect.runPromise(handle("counter-2", { by: 1, max: 5 }))
    const result = await Effect.runPromise(handle("counter-1", { by: 0, max: 5 }))
    expect(result).toEqual({ position: 1n, events: [], streams: [], duplicate: false, attempts: 1 })
    expect(await Effect.runPromise(store.head)).toBe(2n)
  })

  it("lands 20 concurrent increments on one stream exactly once each, retrying conflicts", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const handle = handlerOn(slowReads(store))
    const results = await Effect.runPromise(
      Effect.all(
        Array.from({ length: 20 }, () => handle("counter-1", { by: 1, max: 1000 })),
        { concurrency: "unbounded" }
      )
    )
    const events = await Effect.runPromise(store.readStream("counter-1"))
    expect(events.length).toBe(20)
    expect(events.map((event) => event.streamVersion)).toEqual(
      Array.from({ length: 20 }, (_, index) => BigInt(index + 1))
    )
    expect(new Set(results.map((result) => result.position)).size).toBe(20)
    expect(results.reduce((sum, result) => sum + result.attempts, 0)).toBeGreaterThan(20)
    expect(results.every((result) => result.attempts <= 20)).toBe(true)
  })

  it("keeps the ceiling under concurrent increments (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 20 }),
        async (increments, max) => {
          const store = await Effect.runPromise(MemoryEventStore.make())
          const handle = handlerOn(slowReads(store))
          const outcomes = await Effect.runPromise(
            Effect.all(
              increments.map((by) => Effect.result(handle("c", { by, max }))),
              { concurrency: "unbounded" }
            )
          )
          const value = (await Effect.runPromise(store.readStream("c").pipe(Effect.flatMap(codec.decodeAll)))).reduce(
            evolve,
            0
          )
          expect(value).toBeLessThanOrEqual(max)
          const landed = outcomes
            .filter(Result.isSuccess)
            .reduce((sum, outcome) => sum + (outcome.success.events[0]?.by ?? 0), 0)
          expect(landed).toBe(value)
          for (const outcome of outcomes) {
            if (Result.isFailure(outcome)) expect(outcome.failure).toBeInstanceOf(LimitReached)
          }
        }
      ),
      { numRuns: 50 }
    )
  })

  it("gives up with WrongExpectedVersion when the retry schedule is exhausted", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    let appends = 0
    const alwaysBehind: EventStoreShape = {
      ...store,
      append: (appendsToDo, options) => {
        appends += 1
        // Another writer always slips in first.
        return store
          .append([
            {
              streamId: appendsToDo[0]!.streamId,
              expectedVersion: ExpectedVersion.any,
              events: [{ id: `other-${appends}`, type: "Incremented", data: { by: 1 } }]
            }
          ])
          .pipe(Effect.flatMap(() => store.append(appendsToDo, options)))
      }
    }
    const handle = handlerOn(alwaysBehind, Schedule.recurs(2))
    const error = await Effect.runPromise(Effect.flip(handle("counter-1", { by: 1, max: 100 })))
    expect(error).toBeInstanceOf(WrongExpectedVersion)
    expect(appends).toBe(3)
  })

  it("answers a re-delivered command id without deciding again, even when the decision would now fail", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const handle = handlerOn(store)
    const first = await Effect.runPromise(handle("counter-1", { by: 5, max: 5 }, { commandId: "cmd-1" }))
    const again = await Effect.runPromise(handle("counter-1", { by: 5, max: 5 }, { commandId: "cmd-1" }))
    expect(again).toEqual({ ...first, duplicate: true })
    expect(await Effect.runPromise(store.head)).toBe(1n)
  })

  it("appends a command delivered 8 times concurrently exactly once", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const handle = handlerOn(slowReads(store))
    const results = await Effect.runPromise(
      Effect.all(
        Array.from({ length: 8 }, () => handle("counter-1", { by: 1, max: 100 }, { commandId: "cmd-once" })),
        { concurrency: "unbounded" }
      )
    )
    expect((await Effect.runPromise(store.readStream("counter-1"))).length).toBe(1)
    expect(results.filter((result) => !result.duplicate).length).toBe(1)
    for (const result of results) {
      expect(result.position).toBe(1n)
      expect(result.events).toEqual([Incremented.make({ by: 1 })])
    }
  })

  describe("multi-stream decisions", () => {
    /** Balances per account stream; a transfer debits one stream and credits another in one append. */
    const transfers: CommandHandler.MultiStreamDecider<
      Transfer,
      ReadonlyMap<string, number>,
      CounterEvent,
      LimitReached
    > = {
      initialState: new Map(),
      evolve: (balances, event, streamId) =>
        new Map(balances).set(streamId, evolve(balances.get(streamId) ?? 0, event)),
      decide: (command, balances) => {
        const available = balances.get(command.from) ?? 0
        return available < command.amount
          ? Result.fail(new LimitReached({ value: available }))
          : Result.succeed([
              { streamId: command.from, events: [Decremented.make({ by: command.amount })] },
              { streamId: command.to, events: [Incremented.make({ by: command.amount })] }
            ])
      }
    }
    const balanceOf = (store: EventStoreShape, streamId: string) =>
      Effect.runPromise(
        store.readStream(streamId).pipe(
          Effect.flatMap(codec.decodeAll),
          Effect.map((events) => events.reduce(evolve, 0))
        )
      )

    it("appends the events of several streams atomically and retries them together", async () => {
      const store = await Effect.runPromise(MemoryEventStore.make())
      const seed = handlerOn(store)
      await Effect.runPromise(seed("account-a", { by: 50, max: 1000 }))
      await Effect.runPromise(seed("account-b", { by: 50, max: 1000 }))
      const handle = CommandHandler.makeMultiStream({ store: slowReads(store), codec }, transfers)
      const commands: Array<Transfer> = Array.from({ length: 10 }, (_, index) =>
        index % 2 === 0
          ? { from: "account-a", to: "account-b", amount: 3 }
          : { from: "account-b", to: "account-a", amount: 2 }
      )
      const results = await Effect.runPromise(
        Effect.all(
          commands.map((command) => handle([command.from, command.to], command)),
          { concurrency: "unbounded" }
        )
      )
      for (const result of results) {
        expect(result.streams.map((stream) => stream.streamId).sort()).toEqual(["account-a", "account-b"])
        expect(result.events.length).toBe(2)
      }
      expect(results.reduce((sum, result) => sum + result.attempts, 0)).toBeGreaterThan(10)
      const a = await balanceOf(store, "account-a")
      const b = await balanceOf(store, "account-b")
      expect(a + b).toBe(100)
      expect(a).toBe(50 - 5 * 3 + 5 * 2)
      // Every transfer's two events sit next to each other in the log: one atomic append each.
      const log = await Effect.runPromise(store.readAll({ after: 2n, maxCount: 100 }))
      expect(log.length).toBe(20)
      for (let index = 0; index < log.length; index += 2) {
        expect(log[index]!.globalPosition + 1n).toBe(log[index + 1]!.globalPosition)
        expect(log[index]!.streamId).not.toBe(log[index + 1]!.streamId)
      }
    })

    it("never overdraws under concurrent transfers (property)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ forward: fc.boolean(), amount: fc.integer({ min: 1, max: 6 }) }), {
            minLength: 1,
            maxLength: 10
          }),
          async (moves) => {
            const store = await Effect.runPromise(MemoryEventStore.make())
            await Effect.runPromise(handlerOn(store)("a", { by: 5, max: 5 }))
            const handle = CommandHandler.makeMultiStream({ store: slowReads(store), codec }, transfers)
            await Effect.runPromise(
              Effect.all(
                moves.map(({ forward, amount }) => {
                  const command = forward ? { from: "a", to: "b", amount } : { from: "b", to: "a", amount }
                  return Effect.result(handle([command.from, command.to], command))
                }),
                { concurrency: "unbounded" }
              )
            )
            const a = await balanceOf(store, "a")
            const b = await balanceOf(store, "b")
            expect(a).toBeGreaterThanOrEqual(0)
            expect(b).toBeGreaterThanOrEqual(0)
            expect(a + b).toBe(5)
          }
        ),
        { numRuns: 50 }
      )
    })

    it("loads a stream named twice once", async () => {
      const store = await Effect.runPromise(MemoryEventStore.make())
      await Effect.runPromise(handlerOn(store)("a", { by: 5, max: 5 }))
      const handle = CommandHandler.makeMultiStream({ store, codec }, transfers)
      // With `a` folded twice its balance would read 10 and allow this transfer.
      const refused = await Effect.runPromise(Effect.flip(handle(["a", "a", "b"], { from: "a", to: "b", amount: 8 })))
      expect(refused).toEqual(new LimitReached({ value: 5 }))
      const done = await Effect.runPromise(handle(["a", "b", "a"], { from: "a", to: "b", amount: 5 }))
      expect(done.streams).toEqual([
        { streamId: "a", version: 2n },
        { streamId: "b", version: 1n }
      ])
    })

    it("writes nothing when the decision fails, and refuses to write to a stream it did not load", async () => {
      const store = await Effect.runPromise(MemoryEventStore.make())
      const handle = CommandHandler.makeMultiStream({ store, codec }, transfers)
      const refused = await Effect.runPromise(Effect.flip(handle(["a", "b"], { from: "a", to: "b", amount: 1 })))
      expect(refused).toEqual(new LimitReached({ value: 0 }))
      expect(await Effect.runPromise(store.head)).toBe(0n)
      const exit = await Effect.runPromiseExit(handle(["a"], { from: "a", to: "elsewhere", amount: 0 }))
      expect(exit._tag).toBe("Failure")
      expect(String(exit)).toMatch(/not loaded/)
      expect(await Effect.runPromise(store.head)).toBe(0n)
    })
  })
})

describe("CommandHandler.makeDecisions (decisions on states the caller keeps)", () => {
  // The caller's state: each counter's value and version, folded from the store on demand (as read models would).
  const stateOf = (store: EventStoreShape, streamId: string) =>
    Effect.map(store.readStream(streamId), (events) => ({
      value: events.reduce((sum, event) => sum + ((event.data as { by: number }).by ?? 0), 0),
      version: BigInt(events.length)
    }))

  it("rejects the decision when a stream it only read changed before the append, and decides again", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const decisions = CommandHandler.makeDecisions({ store, codec })
    await Effect.runPromise(store.append([{ streamId: "gate", expectedVersion: ExpectedVersion.any, events: [] }]))
    let runs = 0
    // Write to "counter" only while "gate" is still 0; between the first read and its append, "gate" moves.
    const decide = Effect.gen(function* () {
      runs += 1
      const gate = yield* stateOf(store, "gate")
      const counter = yield* stateOf(store, "counter")
      if (runs === 1) {
        const gateEvents = yield* codec.encodeAll([Incremented.make({ by: 1 })])
        yield* store.append([{ streamId: "gate", expectedVersion: ExpectedVersion.any, events: gateEvents }])
      }
      const events = gate.value === 0 ? [Incremented.make({ by: 1 })] : []
      return {
        streams: [
          { streamId: "counter", expected: ExpectedVersion.exact(counter.version), events },
          { streamId: "gate", expected: ExpectedVersion.exact(gate.version), events: [] }
        ],
        answer: gate.value
      }
    })
    const result = await Effect.runPromise(decisions(decide, { replay: () => -1 }))
    expect(runs).toBe(2)
    expect(result.answer).toBe(1)
    expect(result.events).toEqual([])
    expect(await Effect.runPromise(store.readStream("counter"))).toEqual([])
  })

  it("queues the commands that conflicted on a stream: a burst lands whole within one retry each", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    // One retry only: without the queue, each round of n racing writers lands one, and 48 of 50 would fail.
    const decisions = CommandHandler.makeDecisions({ store, codec, retry: Schedule.recurs(1) })
    const increment = Effect.gen(function* () {
      const counter = yield* stateOf(store, "hot")
      yield* Effect.yieldNow // every writer of the burst reads before any appends
      return {
        streams: [
          { streamId: "hot", expected: ExpectedVersion.exact(counter.version), events: [Incremented.make({ by: 1 })] }
        ],
        answer: counter.value
      }
    })
    const results = await Effect.runPromise(
      Effect.forEach(
        Array.from({ length: 50 }, () => increment),
        (decide) => decisions(decide, { replay: () => -1 }),
        { concurrency: "unbounded" }
      )
    )
    expect(results.map((result) => result.answer).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i)
    )
    expect(Math.max(...results.map((result) => result.attempts))).toBe(2)
    expect((await Effect.runPromise(store.readStream("hot"))).length).toBe(50)
  })

  it("appends the decided streams atomically with the read-only ones checked", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const decisions = CommandHandler.makeDecisions({ store, codec })
    const result = await Effect.runPromise(
      decisions(
        Effect.succeed({
          streams: [
            { streamId: "a", expected: ExpectedVersion.exact(0n), events: [Incremented.make({ by: 2 })] },
            { streamId: "b", expected: ExpectedVersion.exact(0n), events: [] }
          ],
          answer: "done",
          metadata: { actorId: "u1" }
        }),
        { replay: () => "replayed", metadata: { useCase: "test" } }
      )
    )
    expect(result).toMatchObject({ answer: "done", duplicate: false, attempts: 1 })
    const [stored] = await Effect.runPromise(store.readStream("a"))
    expect(stored?.metadata).toEqual({ useCase: "test", actorId: "u1", schemaVersion: 1 })
    expect(await Effect.runPromise(store.readStream("b"))).toEqual([])
  })

  it("answers a re-delivered command id from its first events, appending nothing", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const decisions = CommandHandler.makeDecisions({ store, codec })
    // The decision draws a fresh amount each time: a second decision would differ from the first.
    let draws = 0
    const decide = Effect.sync(() => {
      draws += 1
      return {
        streams: [{ streamId: "a", expected: ExpectedVersion.any, events: [Incremented.make({ by: draws })] }],
        answer: draws
      }
    })
    const replay = (events: ReadonlyArray<CounterEvent>) => events[0]?.by ?? 0
    const first = await Effect.runPromise(decisions(decide, { commandId: "c1", replay }))
    const head = await Effect.runPromise(store.head)
    const second = await Effect.runPromise(decisions(decide, { commandId: "c1", replay }))
    expect(first).toMatchObject({ answer: 1, duplicate: false })
    expect(second).toMatchObject({ answer: 1, duplicate: true })
    expect(await Effect.runPromise(store.head)).toBe(head)
  })

  it("answers a known command before deciding, through storedCommand", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const decisions = CommandHandler.makeDecisions({
      store,
      codec,
      storedCommand: (commandId) => Effect.succeed(commandId === "known" ? [Incremented.make({ by: 7 })] : undefined)
    })
    const refusing = Effect.fail(new LimitReached({ value: 0 }))
    const answer = await Effect.runPromise(
      decisions(refusing, { commandId: "known", replay: (events) => events.length })
    )
    expect(answer).toMatchObject({ answer: 1, duplicate: true })
    const refused = await Effect.runPromise(
      Effect.flip(decisions(refusing, { commandId: "other", replay: (events) => events.length }))
    )
    expect(refused).toBeInstanceOf(LimitReached)
  })

  it("gives up with WrongExpectedVersion once the schedule is exhausted", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    const decisions = CommandHandler.makeDecisions({ store, codec, retry: Schedule.recurs(2) })
    let runs = 0
    const decide = Effect.sync(() => {
      runs += 1
      return {
        streams: [{ streamId: "a", expected: ExpectedVersion.exact(5n), events: [Incremented.make({ by: 1 })] }],
        answer: undefined
      }
    })
    const error = await Effect.runPromise(Effect.flip(decisions(decide, { replay: () => undefined })))
    expect(error).toBeInstanceOf(WrongExpectedVersion)
    expect(runs).toBe(3)
  })
})
