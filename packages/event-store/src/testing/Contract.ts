/**
 * The behavioural contract every event store adapter must pass, as vitest suites.
 *
 * An adapter's test file calls `runEventStoreContract(name, makeStore)`; every test asks `makeStore` for a
 * fresh, empty store and closes it afterwards, so adapters create a new file or schema per call.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type {
  AppendOptions,
  AppendResult,
  AppendToStream,
  EventStoreShape,
  NewEvent,
  RecordedEvent
} from "../EventStore.ts"
import { EventStoreError, WrongExpectedVersion } from "../EventStoreError.ts"
import * as ExpectedVersion from "../ExpectedVersion.ts"
import { contractScopeKey, scopeTests } from "./ScopeContract.ts"
import { type ModelEvent, StoreModel } from "./StoreModel.ts"

/**
 * A store under test and how to release it.
 *
 * @since 0.1.0
 */
export interface ContractStore {
  readonly store: EventStoreShape
  readonly close: () => Promise<void>
}

/**
 * What the suite asks of a new store.
 *
 * @since 0.1.0
 */
export interface ContractStoreOptions {
  /**
   * The global position the store's first event must get (1n normally). The suite asks for `2n ** 53n` to
   * prove positions stay exact past `Number.MAX_SAFE_INTEGER`; an adapter starts its sequence there (e.g.
   * `ALTER SEQUENCE ... RESTART WITH`, or a counter row set to `initialPosition - 1n`).
   */
  readonly initialPosition: bigint
  /**
   * The metadata key the store indexes as the scope of an event (`readScope`); undefined: a store made without one
   * (its `readScope` fails with reason `ScopeNotIndexed`). The suite asks for `contractScopeKey` unless it tests that.
   */
  readonly scopeKey?: string | undefined
}

/**
 * Makes a fresh, empty store for one test.
 *
 * @since 0.1.0
 */
export type MakeContractStore = (options: ContractStoreOptions) => Promise<ContractStore> | ContractStore

/**
 * Tuning of the suite.
 *
 * @since 0.1.0
 */
export interface ContractOptions {
  /** fast-check runs of each model-based property (default 50; every run uses a fresh store). */
  readonly numRuns?: number | undefined
  /** Concurrent writers in the contention tests (default 8). */
  readonly concurrency?: number | undefined
  /** Per-test timeout in milliseconds (default 60_000). */
  readonly timeout?: number | undefined
  /**
   * What the store's global positions are (default `consecutive`):
   * - `consecutive`: 1, 2, 3, ... (or from `initialPosition`), as the SQLite, PostgreSQL and memory stores
   *   number them; the suite checks the exact numbers.
   * - `ordered`: opaque bigints that only strictly increase in commit order (e.g. KurrentDB's `$all`
   *   places). The suite then checks what the port promises of any position: every event's position is a
   *   bigint above 0n, strictly increasing in `readAll` order, an append's result is the position of its last
   *   event, `head` is the last event's position, a reader checkpointing at any position given (or 0n) skips
   *   and repeats nothing, and `awaitPosition` waits for a position above the head. It compares positions by
   *   their rank in the log and passes the store only positions it gave (or 0n, or one above its head).
   */
  readonly positions?: PositionsKind | undefined
  /**
   * Whether the store starts its positions at `ContractStoreOptions.initialPosition` (default true). A store
   * whose positions are the server's (KurrentDB) cannot: the suite then runs its "past 2^53" tests on the
   * positions the store gives, checking that every one reads back exactly (a store going through `number`
   * reads wrong pages once its positions pass 2^53, as KurrentDB's do from the start).
   */
  readonly honoursInitialPosition?: boolean | undefined
  /**
   * How far event ids are unique (default `store`, as the port says): `store` checks that an id already stored
   * fails any later append with `DuplicateEventId`; `append` checks it only within one append (a store whose
   * server does not index event ids, e.g. KurrentDB), and the model-based runs then reuse no id.
   */
  readonly eventIds?: EventIdScope | undefined
}

/**
 * What a store's global positions are (see `ContractOptions.positions`).
 *
 * @since 0.1.0
 */
export type PositionsKind = "consecutive" | "ordered"

/**
 * How far a store keeps event ids unique (see `ContractOptions.eventIds`).
 *
 * @since 0.1.0
 */
export type EventIdScope = "store" | "append"

/**
 * Positions as a test compares them: `rank` of a position given by the store (its place in the log, counted
 * from 1 after `base`: the position itself for consecutive positions), `at` the position of a rank (0n for
 * rank 0). Built from the whole log as read, checking on the way that positions strictly increase.
 */
interface Ranks {
  readonly rank: (position: bigint) => bigint
  readonly at: (rank: bigint | number) => bigint
  readonly count: number
}

const ranksOf = (log: ReadonlyArray<RecordedEvent>, kind: PositionsKind, base: bigint): Ranks => {
  const positions = log.map((event) => event.globalPosition)
  for (const [index, position] of positions.entries()) {
    expect(typeof position).toBe("bigint")
    expect(position > 0n, `position ${position} is above 0n`).toBe(true)
    if (index > 0) expect(position > positions[index - 1]!, "positions strictly increase in the log").toBe(true)
  }
  if (kind === "consecutive") {
    return { rank: (position) => position - base, at: (rank) => base + BigInt(rank), count: positions.length }
  }
  const ranks = new Map(positions.map((position, index) => [position, BigInt(index + 1)]))
  return {
    rank: (position) => {
      if (position === 0n) return 0n
      const rank = ranks.get(position)
      expect(rank, `position ${position} is the position of an event of the log`).toBeDefined()
      return rank ?? -1n
    },
    at: (rank) => (BigInt(rank) === 0n ? 0n : positions[Number(rank) - 1]!),
    count: positions.length
  }
}

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

const attempt = <A, E>(effect: Effect.Effect<A, E>): Promise<Result.Result<A, E>> =>
  Effect.runPromise(Effect.result(effect))

let eventCounter = 0
const runTag = Math.random().toString(36).slice(2, 8)

/** A new event with a fresh id. */
const newEvent = (
  type = "Happened",
  data: unknown = { n: eventCounter },
  metadata?: Record<string, unknown>
): NewEvent => {
  eventCounter += 1
  return { id: `evt-${runTag}-${eventCounter}`, type, data, ...(metadata === undefined ? {} : { metadata }) }
}

const newEvents = (count: number, type = "Happened"): ReadonlyArray<NewEvent> =>
  Array.from({ length: count }, () => newEvent(type))

/** What a store returns, minus `recordedAt`, which only the store knows. */
const comparable = (event: RecordedEvent): ModelEvent => ({
  id: event.id,
  streamId: event.streamId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  streamVersion: event.streamVersion,
  globalPosition: event.globalPosition,
  commandId: event.commandId
})

const sortedStreams = (result: AppendResult) =>
  [...result.streams].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0))

const expectWrongExpectedVersion = (
  outcome: Result.Result<unknown, unknown>,
  streamId: string,
  expected: ExpectedVersion.ExpectedVersion,
  actual: bigint
) => {
  expect(Result.isFailure(outcome)).toBe(true)
  if (Result.isFailure(outcome)) {
    expect(outcome.failure).toBeInstanceOf(WrongExpectedVersion)
    const error = outcome.failure as WrongExpectedVersion
    expect(error.streamId).toBe(streamId)
    expect(error.expected).toBe(ExpectedVersion.describe(expected))
    expect(error.actual).toBe(actual)
  }
}

const expectStoreError = (outcome: Result.Result<unknown, unknown>, reason: string) => {
  expect(Result.isFailure(outcome)).toBe(true)
  if (Result.isFailure(outcome)) {
    expect(outcome.failure).toBeInstanceOf(EventStoreError)
    expect((outcome.failure as EventStoreError).reason).toBe(reason)
  }
}

const readEverything = (store: EventStoreShape) => store.readAll({ after: 0n, maxCount: 1_000_000 })

const appendOne = (
  store: EventStoreShape,
  streamId: string,
  expectedVersion: ExpectedVersion.ExpectedVersion,
  events: ReadonlyArray<NewEvent>,
  options?: AppendOptions
) => store.append([{ streamId, expectedVersion, events }], options)

/**
 * Registers the contract suite for a store under `describe(name)`.
 *
 * @since 0.1.0
 */
export const runEventStoreContract = (
  name: string,
  makeStore: MakeContractStore,
  options: ContractOptions = {}
): void => {
  const numRuns = options.numRuns ?? 50
  const concurrency = options.concurrency ?? 8
  const timeout = options.timeout ?? 60_000
  const positions = options.positions ?? "consecutive"
  const ordered = positions === "ordered"
  const honoursInitialPosition = options.honoursInitialPosition ?? true
  const eventIds = options.eventIds ?? "store"
  const modelOptions: ModelOptions = { positions, eventIds }

  /** The ranks of the store's positions, from its whole log as read now. */
  const ranks = async (store: EventStoreShape, base = 0n): Promise<Ranks> =>
    ranksOf(await run(readEverything(store)), positions, base)

  const withStore = async <A>(
    use: (store: EventStoreShape) => Promise<A>,
    storeOptions: ContractStoreOptions = { initialPosition: 1n, scopeKey: contractScopeKey }
  ): Promise<A> => {
    const made = await makeStore(storeOptions)
    try {
      return await use(made.store)
    } finally {
      await made.close()
    }
  }

  const test = (title: string, body: (store: EventStoreShape) => Promise<void>) =>
    it(title, () => withStore(body), timeout)

  describe(`EventStore contract: ${name}`, () => {
    describe("expected version", () => {
      const cases: ReadonlyArray<readonly [string, ExpectedVersion.ExpectedVersion, number, boolean]> = [
        ["any on an empty stream", ExpectedVersion.any, 0, true],
        ["noStream on an empty stream", ExpectedVersion.noStream, 0, true],
        ["streamExists on an empty stream", ExpectedVersion.streamExists, 0, false],
        ["exact(0) on an empty stream", ExpectedVersion.exact(0), 0, true],
        ["exact(1) on an empty stream", ExpectedVersion.exact(1), 0, false],
        ["any on a stream of 2", ExpectedVersion.any, 2, true],
        ["noStream on a stream of 2", ExpectedVersion.noStream, 2, false],
        ["streamExists on a stream of 2", ExpectedVersion.streamExists, 2, true],
        ["exact(2) on a stream of 2", ExpectedVersion.exact(2), 2, true],
        ["exact(0) on a stream of 2", ExpectedVersion.exact(0), 2, false],
        ["exact(1) on a stream of 2", ExpectedVersion.exact(1), 2, false],
        ["exact(3) on a stream of 2", ExpectedVersion.exact(3), 2, false]
      ]
      for (const [title, expected, existing, accepted] of cases) {
        test(`${title} ${accepted ? "appends" : "fails with WrongExpectedVersion and writes nothing"}`, async (store) => {
          // Another stream shares the log so that global and stream positions differ.
          await run(appendOne(store, "other", ExpectedVersion.any, newEvents(1)))
          if (existing > 0) await run(appendOne(store, "s", ExpectedVersion.noStream, newEvents(existing)))
          const before = await run(readEverything(store))
          const events = newEvents(2)
          const outcome = await attempt(appendOne(store, "s", expected, events))
          if (accepted) {
            expect(Result.isSuccess(outcome)).toBe(true)
            const stream = await run(store.readStream("s"))
            expect(stream.map((event) => event.streamVersion)).toEqual(
              Array.from({ length: existing + 2 }, (_, index) => BigInt(index + 1))
            )
            expect(stream.slice(existing).map((event) => event.id)).toEqual(events.map((event) => event.id))
          } else {
            expectWrongExpectedVersion(outcome, "s", expected, BigInt(existing))
            expect(await run(readEverything(store))).toEqual(before)
            expect(await run(store.head)).toBe(before[before.length - 1]?.globalPosition)
          }
        })
      }
    })

    describe("appends and reads", () => {
      test("an empty store has head 0n and nothing to read", async (store) => {
        expect(await run(store.head)).toBe(0n)
        expect(await run(readEverything(store))).toEqual([])
        expect(await run(store.readStream("missing"))).toEqual([])
      })

      test("stores every field of an event as given", async (store) => {
        const data = {
          text: "Élève inscrite — 学生 🎓",
          count: 42,
          ratio: 0.5,
          flag: false,
          none: null,
          list: [1, "two", { three: 3 }]
        }
        const withMetadata = newEvent("StudentImported", data, { schemaVersion: 2, actor: "user-1" })
        const withoutMetadata = newEvent("MemberInvited", { email: "a@b.fr" })
        const result = await run(
          appendOne(store, "roster-1", ExpectedVersion.noStream, [withMetadata, withoutMetadata])
        )
        const { rank } = await ranks(store)
        expect({ ...result, position: rank(result.position) }).toEqual({
          streams: [{ streamId: "roster-1", version: 2n }],
          position: 2n,
          duplicate: false
        })
        const events = await run(store.readStream("roster-1"))
        expect(events.map((event) => ({ ...comparable(event), globalPosition: rank(event.globalPosition) }))).toEqual([
          { ...withMetadata, streamId: "roster-1", streamVersion: 1n, globalPosition: 1n, commandId: null },
          {
            ...withoutMetadata,
            metadata: {},
            streamId: "roster-1",
            streamVersion: 2n,
            globalPosition: 2n,
            commandId: null
          }
        ])
        for (const event of events) {
          expect(event.recordedAt).toBeInstanceOf(Date)
          expect(Number.isNaN(event.recordedAt.getTime())).toBe(false)
          expect(typeof event.globalPosition).toBe("bigint")
          expect(typeof event.streamVersion).toBe("bigint")
        }
        expect(rank(await run(store.head))).toBe(2n)
      })

      test("takes stream ids and types as opaque strings (quotes, unicode, SQL-looking text)", async (store) => {
        const streamIds = ["o'brien", 'say "hi"', "élève-學生-🎓", "x; DROP TABLE events; --", "a%_\\b", " spaced "]
        for (const streamId of streamIds) {
          await run(appendOne(store, streamId, ExpectedVersion.noStream, [newEvent(`Type'${streamId}`)]))
        }
        for (const streamId of streamIds) {
          const events = await run(store.readStream(streamId))
          expect(events.map((event) => [event.streamId, event.type, event.streamVersion])).toEqual([
            [streamId, `Type'${streamId}`, 1n]
          ])
        }
        expect(await run(store.readStream("a%"))).toEqual([])
        expect(await run(store.readStream("spaced"))).toEqual([])
        expect((await run(readEverything(store))).map((event) => event.streamId)).toEqual(streamIds)
      })

      test("readStream honours after and maxCount", async (store) => {
        for (let index = 0; index < 5; index++) {
          await run(appendOne(store, "s", ExpectedVersion.exact(index), newEvents(1)))
          await run(appendOne(store, "noise", ExpectedVersion.any, newEvents(1)))
        }
        const versions = async (options: { after?: bigint; maxCount?: number }) =>
          (await run(store.readStream("s", options))).map((event) => event.streamVersion)
        expect(await versions({})).toEqual([1n, 2n, 3n, 4n, 5n])
        expect(await versions({ after: 2n })).toEqual([3n, 4n, 5n])
        expect(await versions({ maxCount: 2 })).toEqual([1n, 2n])
        expect(await versions({ after: 1n, maxCount: 2 })).toEqual([2n, 3n])
        expect(await versions({ after: 3n, maxCount: 10 })).toEqual([4n, 5n])
        expect(await versions({ after: 5n })).toEqual([])
        expect(await versions({ after: 9n })).toEqual([])
        const stream = await run(store.readStream("s"))
        expect(stream.every((event) => event.streamId === "s")).toBe(true)
        const { rank } = await ranks(store)
        expect(stream.map((event) => rank(event.globalPosition))).toEqual([1n, 3n, 5n, 7n, 9n])
      })

      test("readAll reads from any checkpoint, in global order, page by page", async (store) => {
        await run(
          store.append([
            { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: newEvents(2) },
            { streamId: "b", expectedVersion: ExpectedVersion.noStream, events: newEvents(1) }
          ])
        )
        await run(appendOne(store, "a", ExpectedVersion.exact(2), newEvents(3)))
        await run(appendOne(store, "c", ExpectedVersion.any, newEvents(1)))
        const all = await run(readEverything(store))
        const { rank, at } = ranksOf(all, positions, 0n)
        expect(all.map((event) => rank(event.globalPosition))).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n])
        expect(all.map((event) => event.streamId)).toEqual(["a", "a", "b", "a", "a", "a", "c"])
        // Ordered positions are opaque: the checkpoints are the positions the store gave (and 0n).
        for (let checkpoint = 0; checkpoint <= (ordered ? 7 : 8); checkpoint++) {
          const page = await run(store.readAll({ after: at(checkpoint), maxCount: 100 }))
          expect(page).toEqual(all.slice(checkpoint))
        }
        expect(await run(store.readAll({ after: at(2), maxCount: 3 }))).toEqual(all.slice(2, 5))
        const paged: Array<RecordedEvent> = []
        let checkpoint = 0n
        for (;;) {
          const page = await run(store.readAll({ after: checkpoint, maxCount: 2 }))
          if (page.length === 0) break
          expect(page.length).toBeLessThanOrEqual(2)
          paged.push(...page)
          checkpoint = page[page.length - 1]!.globalPosition
        }
        expect(paged).toEqual(all)
      })

      test(`positions stay ${ordered ? "ordered" : "gap-free"} after failed appends`, async (store) => {
        await run(appendOne(store, "s", ExpectedVersion.noStream, newEvents(2)))
        const taken = newEvent()
        await run(appendOne(store, "t", ExpectedVersion.noStream, [taken]))
        expect(Result.isFailure(await attempt(appendOne(store, "s", ExpectedVersion.noStream, newEvents(3))))).toBe(
          true
        )
        const twice = newEvent()
        const duplicated = eventIds === "store" ? [newEvent(), taken] : [twice, newEvent(), twice]
        expect(Result.isFailure(await attempt(appendOne(store, "u", ExpectedVersion.any, duplicated)))).toBe(true)
        expect(
          Result.isFailure(
            await attempt(
              store.append([
                { streamId: "v", expectedVersion: ExpectedVersion.any, events: newEvents(2) },
                { streamId: "s", expectedVersion: ExpectedVersion.exact(7), events: newEvents(1) }
              ])
            )
          )
        ).toBe(true)
        const result = await run(appendOne(store, "s", ExpectedVersion.exact(2), newEvents(2)))
        const all = await run(readEverything(store))
        const { rank } = ranksOf(all, positions, 0n)
        expect(rank(result.position)).toBe(5n)
        expect(all.map((event) => rank(event.globalPosition))).toEqual([1n, 2n, 3n, 4n, 5n])
        expect(rank(await run(store.head))).toBe(5n)
      })
    })

    describe("atomicity", () => {
      test(`a multi-stream append writes every stream, in call order, with ${positions} positions`, async (store) => {
        await run(appendOne(store, "b", ExpectedVersion.any, newEvents(1)))
        const result = await run(
          store.append([
            { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: newEvents(2) },
            { streamId: "b", expectedVersion: ExpectedVersion.exact(1), events: newEvents(2) },
            { streamId: "c", expectedVersion: ExpectedVersion.any, events: newEvents(1) }
          ])
        )
        const all = await run(readEverything(store))
        const { rank } = ranksOf(all, positions, 0n)
        expect({ ...result, position: rank(result.position) }).toEqual({
          streams: [
            { streamId: "a", version: 2n },
            { streamId: "b", version: 3n },
            { streamId: "c", version: 1n }
          ],
          position: 6n,
          duplicate: false
        })
        expect(all.map((event) => [event.streamId, event.streamVersion, rank(event.globalPosition)])).toEqual([
          ["b", 1n, 1n],
          ["a", 1n, 2n],
          ["a", 2n, 3n],
          ["b", 2n, 4n],
          ["b", 3n, 5n],
          ["c", 1n, 6n]
        ])
      })

      test("one failing expected version in a multi-stream append writes nothing at all", async (store) => {
        await run(appendOne(store, "b", ExpectedVersion.any, newEvents(2)))
        const before = await run(readEverything(store))
        const outcome = await attempt(
          store.append([
            { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: newEvents(3) },
            { streamId: "b", expectedVersion: ExpectedVersion.exact(1), events: newEvents(1) },
            { streamId: "c", expectedVersion: ExpectedVersion.any, events: newEvents(1) }
          ])
        )
        expectWrongExpectedVersion(outcome, "b", ExpectedVersion.exact(1), 2n)
        expect(await run(readEverything(store))).toEqual(before)
        expect(await run(store.readStream("a"))).toEqual([])
        expect(await run(store.readStream("c"))).toEqual([])
        expect(await run(store.head)).toBe(before[1]!.globalPosition)
      })

      test("a duplicate event id in the last stream of an append writes nothing at all", async (store) => {
        const taken = newEvent()
        await run(appendOne(store, "x", ExpectedVersion.any, [taken]))
        // With ids unique per append only, the duplicate is the id of the append's first event.
        const first = newEvent()
        const duplicate = eventIds === "store" ? taken : first
        const outcome = await attempt(
          store.append([
            { streamId: "a", expectedVersion: ExpectedVersion.any, events: [first, ...newEvents(2)] },
            {
              streamId: "b",
              expectedVersion: ExpectedVersion.any,
              events: [newEvent(), { ...duplicate, type: "Other" }]
            }
          ])
        )
        expectStoreError(outcome, "DuplicateEventId")
        const all = await run(readEverything(store))
        expect(all.map((event) => event.id)).toEqual([taken.id])
        expect(await run(store.head)).toBe(all[0]!.globalPosition)
      })
    })

    describe("event ids", () => {
      if (eventIds === "store") {
        test("an event id already stored fails with DuplicateEventId, even in another stream", async (store) => {
          const event = newEvent()
          await run(appendOne(store, "a", ExpectedVersion.any, [event]))
          const head = await run(store.head)
          expectStoreError(await attempt(appendOne(store, "b", ExpectedVersion.any, [event])), "DuplicateEventId")
          expectStoreError(await attempt(appendOne(store, "a", ExpectedVersion.exact(1), [event])), "DuplicateEventId")
          expect(await run(store.readStream("b"))).toEqual([])
          expect(await run(store.head)).toBe(head)
        })
      }

      test("the same event id twice in one append fails with DuplicateEventId", async (store) => {
        const event = newEvent()
        expectStoreError(await attempt(appendOne(store, "a", ExpectedVersion.any, [event, event])), "DuplicateEventId")
        expect(await run(store.head)).toBe(0n)
        expect(await run(store.readStream("a"))).toEqual([])
      })
    })

    describe("idempotent re-delivery by command id", () => {
      test("a second append with the same command id appends nothing and answers the original result", async (store) => {
        const events = newEvents(2)
        const first = await run(appendOne(store, "s", ExpectedVersion.noStream, events, { commandId: "cmd-1" }))
        await run(appendOne(store, "other", ExpectedVersion.any, newEvents(1)))
        const again = await run(appendOne(store, "s", ExpectedVersion.noStream, events, { commandId: "cmd-1" }))
        const { rank } = await ranks(store)
        expect({ ...first, position: rank(first.position) }).toEqual({
          streams: [{ streamId: "s", version: 2n }],
          position: 2n,
          duplicate: false
        })
        expect(again).toEqual({ ...first, duplicate: true })
        const stream = await run(store.readStream("s"))
        expect(stream.map((event) => event.commandId)).toEqual(["cmd-1", "cmd-1"])
        expect(stream.map((event) => event.id)).toEqual(events.map((event) => event.id))
        expect(rank(await run(store.head))).toBe(3n)
      })

      test("a re-delivered command is a duplicate even with new event ids and a now-wrong expected version", async (store) => {
        const first = await run(appendOne(store, "s", ExpectedVersion.exact(0), newEvents(1), { commandId: "cmd-1" }))
        const again = await run(appendOne(store, "s", ExpectedVersion.exact(0), newEvents(3), { commandId: "cmd-1" }))
        const third = await run(
          appendOne(store, "t", ExpectedVersion.streamExists, newEvents(1), { commandId: "cmd-1" })
        )
        expect(again).toEqual({ ...first, duplicate: true })
        expect(third).toEqual({ ...first, duplicate: true })
        expect(await run(store.head)).toBe(first.position)
        expect(await run(readEverything(store))).toHaveLength(1)
        expect(await run(store.readStream("t"))).toEqual([])
      })

      test("a re-delivered multi-stream command answers every stream of the original append", async (store) => {
        const appends: ReadonlyArray<AppendToStream> = [
          { streamId: "b", expectedVersion: ExpectedVersion.noStream, events: newEvents(2) },
          { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: newEvents(1) }
        ]
        const first = await run(store.append(appends, { commandId: "cmd-multi" }))
        await run(appendOne(store, "a", ExpectedVersion.any, newEvents(1)))
        const again = await run(store.append(appends, { commandId: "cmd-multi" }))
        expect(again.duplicate).toBe(true)
        expect(again.position).toBe(first.position)
        expect(sortedStreams(again)).toEqual(sortedStreams(first))
        const { rank } = await ranks(store)
        expect(rank(first.position)).toBe(3n)
        expect(rank(await run(store.head))).toBe(4n)
      })

      test("a failed append does not record its command id; other command ids are independent", async (store) => {
        await run(appendOne(store, "s", ExpectedVersion.any, newEvents(1)))
        expect(
          Result.isFailure(
            await attempt(appendOne(store, "s", ExpectedVersion.noStream, newEvents(1), { commandId: "cmd-2" }))
          )
        ).toBe(true)
        const retried = await run(appendOne(store, "s", ExpectedVersion.exact(1), newEvents(1), { commandId: "cmd-2" }))
        expect(retried.duplicate).toBe(false)
        const other = await run(appendOne(store, "s", ExpectedVersion.exact(2), newEvents(1), { commandId: "cmd-3" }))
        const { rank } = await ranks(store)
        expect({ ...other, position: rank(other.position) }).toEqual({
          streams: [{ streamId: "s", version: 3n }],
          position: 3n,
          duplicate: false
        })
      })
    })

    describe("model-based (fast-check against an in-memory model)", () => {
      it(
        "random appends and reads answer what the model answers",
        () =>
          fc.assert(
            fc.asyncProperty(modelOperations, (operations) =>
              withStore((store) => checkAgainstModel(store, operations, 1n, modelOptions))
            ),
            { numRuns }
          ),
        timeout * 2
      )
    })

    describe("subscribe", () => {
      test("catches up from the log, then delivers live events exactly once, in order", async (store) => {
        await run(appendOne(store, "a", ExpectedVersion.any, newEvents(3)))
        const received = Effect.runPromise(
          store
            .subscribe({ after: 0n, batchSize: 2 })
            .pipe(Stream.take(10), Stream.runCollect, Effect.timeout("20 seconds"))
        )
        await run(Effect.sleep("30 millis"))
        await run(appendOne(store, "b", ExpectedVersion.any, newEvents(2)))
        await run(appendOne(store, "a", ExpectedVersion.exact(3), newEvents(1)))
        await run(Effect.sleep("30 millis"))
        await run(
          store.append([
            { streamId: "c", expectedVersion: ExpectedVersion.any, events: newEvents(2) },
            { streamId: "b", expectedVersion: ExpectedVersion.exact(2), events: newEvents(2) }
          ])
        )
        const events = await received
        const all = await run(readEverything(store))
        expect(events).toEqual(all)
        const { rank } = ranksOf(all, positions, 0n)
        expect(events.map((event) => rank(event.globalPosition))).toEqual(
          Array.from({ length: 10 }, (_, index) => BigInt(index + 1))
        )
      })

      test("starts strictly after its checkpoint, and two subscribers each get everything", async (store) => {
        await run(appendOne(store, "a", ExpectedVersion.any, newEvents(4)))
        const { at } = await ranks(store)
        const fromTwo = Effect.runPromise(
          store.subscribe({ after: at(2) }).pipe(Stream.take(4), Stream.runCollect, Effect.timeout("20 seconds"))
        )
        const fromZero = Effect.runPromise(
          store
            .subscribe({ after: 0n, batchSize: 1 })
            .pipe(Stream.take(6), Stream.runCollect, Effect.timeout("20 seconds"))
        )
        await run(appendOne(store, "a", ExpectedVersion.exact(4), newEvents(2)))
        const all = await run(readEverything(store))
        expect(await fromTwo).toEqual(all.slice(2))
        expect(await fromZero).toEqual(all)
      })

      test("a subscription on an empty store receives the first events", async (store) => {
        const received = Effect.runPromise(
          store.subscribe({ after: 0n }).pipe(Stream.take(3), Stream.runCollect, Effect.timeout("20 seconds"))
        )
        await run(Effect.sleep("30 millis"))
        await run(appendOne(store, "a", ExpectedVersion.noStream, newEvents(1)))
        await run(appendOne(store, "a", ExpectedVersion.exact(1), newEvents(2)))
        expect(await received).toEqual(await run(readEverything(store)))
      })
    })

    describe("awaitPosition", () => {
      test("returns at once for positions already visible", async (store) => {
        await run(store.awaitPosition(0n, "1 second"))
        const { position } = await run(appendOne(store, "a", ExpectedVersion.any, newEvents(2)))
        await run(store.awaitPosition(position, "1 second"))
        await run(store.awaitPosition((await ranks(store)).at(1), "1 second"))
      })

      test("waits for a later append, after which readAll sees it", async (store) => {
        await run(appendOne(store, "a", ExpectedVersion.any, newEvents(1)))
        let returned = false
        // Ordered positions cannot be named before they exist: any position above the head waits for the next.
        const awaited = ordered ? (await run(store.head)) + 1n : 3n
        const waiting = run(store.awaitPosition(awaited, "20 seconds")).then(() => {
          returned = true
        })
        await run(Effect.sleep("30 millis"))
        if (!ordered) {
          await run(appendOne(store, "a", ExpectedVersion.any, newEvents(1)))
          await run(Effect.sleep("30 millis"))
        }
        expect(returned).toBe(false)
        await run(appendOne(store, "b", ExpectedVersion.any, newEvents(1)))
        await waiting
        const all = await run(readEverything(store))
        const { rank } = ranksOf(all, positions, 0n)
        expect(all.map((event) => rank(event.globalPosition))).toEqual(ordered ? [1n, 2n] : [1n, 2n, 3n])
        expect(all[all.length - 1]!.globalPosition >= awaited).toBe(true)
      })

      test("fails with reason Timeout for a position never reached", async (store) => {
        await run(appendOne(store, "a", ExpectedVersion.any, newEvents(1)))
        const never = ordered ? (await run(store.head)) + 1n : 5n
        expectStoreError(await attempt(store.awaitPosition(never, "50 millis")), "Timeout")
      })
    })

    describe("concurrency", () => {
      test(`${concurrency} concurrent appends with the same exact version: exactly one lands`, async (store) => {
        await run(appendOne(store, "hot", ExpectedVersion.noStream, newEvents(2)))
        const batches = Array.from({ length: concurrency }, () => newEvents(2))
        const outcomes = await run(
          Effect.all(
            batches.map((events) => Effect.result(appendOne(store, "hot", ExpectedVersion.exact(2), events))),
            { concurrency: "unbounded" }
          )
        )
        const winners = outcomes.flatMap((outcome, index) => (Result.isSuccess(outcome) ? [index] : []))
        expect(winners.length).toBe(1)
        for (const outcome of outcomes) {
          if (Result.isFailure(outcome)) {
            expect(outcome.failure).toBeInstanceOf(WrongExpectedVersion)
            expect((outcome.failure as WrongExpectedVersion).actual).toBe(4n)
          }
        }
        const stream = await run(store.readStream("hot"))
        expect(stream.length).toBe(4)
        expect(stream.slice(2).map((event) => event.id)).toEqual(batches[winners[0]!]!.map((event) => event.id))
      })

      test(`${concurrency} writers racing on one stream with exact versions lose nothing and duplicate nothing`, async (store) => {
        const perWriter = 3
        const writer = (writerIndex: number) =>
          Effect.forEach(
            Array.from({ length: perWriter }, (_, index) => newEvent("Written", { writerIndex, index })),
            (event) => {
              const tryOnce: Effect.Effect<number, unknown> = Effect.gen(function* () {
                const version = BigInt((yield* store.readStream("hot")).length)
                const outcome = yield* Effect.result(appendOne(store, "hot", ExpectedVersion.exact(version), [event]))
                if (Result.isSuccess(outcome)) return 0
                if (!(outcome.failure instanceof WrongExpectedVersion)) return yield* Effect.fail(outcome.failure)
                return 1 + (yield* Effect.suspend(() => tryOnce))
              })
              return tryOnce.pipe(Effect.map((conflicts) => ({ event, conflicts })))
            },
            { concurrency: 1 }
          )
        const written = (
          await run(
            Effect.all(
              Array.from({ length: concurrency }, (_, index) => writer(index)),
              { concurrency: "unbounded" }
            )
          )
        ).flat()
        const stream = await run(store.readStream("hot"))
        expect(stream.map((event) => event.streamVersion)).toEqual(
          Array.from({ length: concurrency * perWriter }, (_, index) => BigInt(index + 1))
        )
        expect(new Set(stream.map((event) => event.id))).toEqual(new Set(written.map(({ event }) => event.id)))
        expect(stream.length).toBe(written.length)
      })

      test(`${concurrency} writers on different streams and a checkpointing reader: every event seen once, in order`, async (store) => {
        const appendsPerWriter = 6
        const total = concurrency * appendsPerWriter * 2
        const writer = (writerIndex: number) =>
          Effect.forEach(
            Array.from({ length: appendsPerWriter }, (_, index) => index),
            (index) =>
              appendOne(store, `w-${writerIndex}`, ExpectedVersion.exact(index * 2), newEvents(2)).pipe(
                Effect.map((result) => result.position)
              ),
            { concurrency: 1 }
          )
        const seen: Array<RecordedEvent> = []
        const reader = Effect.gen(function* () {
          let checkpoint = 0n
          while (seen.length < total) {
            const page = yield* store.readAll({ after: checkpoint, maxCount: 5 })
            if (page.length === 0) {
              yield* Effect.sleep("2 millis")
              continue
            }
            seen.push(...page)
            checkpoint = page[page.length - 1]!.globalPosition
          }
        }).pipe(Effect.timeout("40 seconds"))
        const subscribed = store
          .subscribe({ after: 0n, batchSize: 3 })
          .pipe(Stream.take(total), Stream.runCollect, Effect.timeout("40 seconds"))
        const [, fromSubscription] = await run(
          Effect.all(
            [
              Effect.all(
                Array.from({ length: concurrency }, (_, index) => writer(index)),
                { concurrency: "unbounded" }
              ),
              subscribed,
              reader
            ],
            { concurrency: "unbounded" }
          )
        )
        const all = await run(readEverything(store))
        expect(all.length).toBe(total)
        expect(seen).toEqual(all)
        expect(fromSubscription).toEqual(all)
        const { rank } = ranksOf(all, positions, 0n)
        expect(all.map((event) => rank(event.globalPosition))).toEqual(
          Array.from({ length: total }, (_, index) => BigInt(index + 1))
        )
        for (let writerIndex = 0; writerIndex < concurrency; writerIndex++) {
          const versions = all
            .filter((event) => event.streamId === `w-${writerIndex}`)
            .map((event) => event.streamVersion)
          expect(versions).toEqual(Array.from({ length: appendsPerWriter * 2 }, (_, index) => BigInt(index + 1)))
        }
      })
    })

    describe("scopes", () => {
      scopeTests((use, scopeKey) => withStore(use, { initialPosition: 1n, scopeKey }), {
        numRuns: Math.max(5, Math.floor(numRuns / 5)),
        timeout
      })
    })

    describe(honoursInitialPosition ? "bigint positions past 2^53" : "bigint positions as the store gives them", () => {
      // A store that starts where it is told starts past Number.MAX_SAFE_INTEGER; one that cannot (its positions
      // are its server's) is checked on its own positions, each of which must read back exactly.
      const initialPosition = honoursInitialPosition ? 2n ** 53n : 1n
      const base = initialPosition - 1n
      it(
        `keeps exact, ${positions} positions and reads from checkpoints there`,
        () =>
          withStore(
            async (store) => {
              const first = await run(appendOne(store, "a", ExpectedVersion.noStream, newEvents(2)))
              await run(
                store.append([
                  { streamId: "b", expectedVersion: ExpectedVersion.noStream, events: newEvents(1) },
                  { streamId: "a", expectedVersion: ExpectedVersion.exact(2), events: newEvents(2) }
                ])
              )
              const all = await run(readEverything(store))
              const { rank, at } = ranksOf(all, positions, base)
              expect(rank(first.position)).toBe(2n)
              expect(all.map((event) => rank(event.globalPosition))).toEqual([1n, 2n, 3n, 4n, 5n])
              expect(await run(store.head)).toBe(at(5))
              // 2^53 + 1 is not a double: an adapter that goes through `number` reads the wrong page here.
              expect(await run(store.readAll({ after: at(1), maxCount: 10 }))).toEqual(all.slice(1))
              expect(await run(store.readAll({ after: at(2), maxCount: 2 }))).toEqual(all.slice(2, 4))
              expect(await run(store.readAll({ after: at(4), maxCount: 10 }))).toEqual(all.slice(4))
              await run(store.awaitPosition(at(5), "1 second"))
              expectStoreError(await attempt(store.awaitPosition(at(5) + 1n, "50 millis")), "Timeout")
              const subscribed = await run(
                store.subscribe({ after: at(3) }).pipe(Stream.take(2), Stream.runCollect, Effect.timeout("20 seconds"))
              )
              expect(subscribed).toEqual(all.slice(3))
            },
            { initialPosition, scopeKey: contractScopeKey }
          ),
        timeout
      )

      it(
        "random appends and reads there answer what the model answers",
        () =>
          fc.assert(
            fc.asyncProperty(modelOperations, (operations) =>
              withStore((store) => checkAgainstModel(store, operations, initialPosition, modelOptions), {
                initialPosition,
                scopeKey: contractScopeKey
              })
            ),
            { numRuns: Math.max(5, Math.floor(numRuns / 5)) }
          ),
        timeout * 2
      )
    })
  })
}

// ---------------------------------------------------------------------------------------------------------
// Model-based testing

/**
 * One step of a model-based run: an append (one or two streams, maybe a command id, maybe a reused event
 * id), a stream read, a read of the log, or the head.
 *
 * @since 0.1.0
 */
export type ModelOperation =
  | {
      readonly _tag: "Append"
      readonly parts: ReadonlyArray<{
        readonly stream: string
        readonly expected: ExpectedVersion.ExpectedVersion
        readonly count: number
      }>
      readonly commandId: string | undefined
      /** Reuse the id of the n-th stored event (modulo the log's length) for the first new event. */
      readonly reuseIdOf: number | undefined
      readonly data: { readonly n: number; readonly s: string }
    }
  | {
      readonly _tag: "ReadStream"
      readonly stream: string
      readonly after: number
      readonly maxCount: number | undefined
    }
  | { readonly _tag: "ReadAll"; readonly after: number; readonly maxCount: number }
  | { readonly _tag: "Head" }

const streamArbitrary = fc.constantFrom("a", "b", "c")

const expectedArbitrary: fc.Arbitrary<ExpectedVersion.ExpectedVersion> = fc.oneof(
  fc.constant(ExpectedVersion.any),
  fc.constant(ExpectedVersion.noStream),
  fc.constant(ExpectedVersion.streamExists),
  fc.integer({ min: 0, max: 4 }).map(ExpectedVersion.exact)
)

const operationArbitrary: fc.Arbitrary<ModelOperation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      _tag: fc.constant("Append" as const),
      parts: fc.uniqueArray(
        fc.record({ stream: streamArbitrary, expected: expectedArbitrary, count: fc.integer({ min: 1, max: 3 }) }),
        {
          minLength: 1,
          maxLength: 2,
          selector: (part) => part.stream
        }
      ),
      commandId: fc.option(fc.constantFrom("cmd-1", "cmd-2", "cmd-3"), { nil: undefined, freq: 3 }),
      reuseIdOf: fc.option(fc.nat({ max: 20 }), { nil: undefined, freq: 8 }),
      data: fc.record({ n: fc.integer(), s: fc.string({ maxLength: 6 }) })
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant("ReadStream" as const),
      stream: streamArbitrary,
      after: fc.nat({ max: 6 }),
      maxCount: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined })
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      _tag: fc.constant("ReadAll" as const),
      after: fc.nat({ max: 14 }),
      maxCount: fc.integer({ min: 1, max: 6 })
    })
  },
  { weight: 1, arbitrary: fc.constant({ _tag: "Head" as const }) }
)

/**
 * Random sequences of model operations (1 to 12 steps over streams `a`, `b`, `c`).
 *
 * @since 0.1.0
 */
export const modelOperations: fc.Arbitrary<ReadonlyArray<ModelOperation>> = fc.array(operationArbitrary, {
  minLength: 1,
  maxLength: 12
})

/**
 * What `checkAgainstModel` assumes of the store (see `ContractOptions`; defaults `consecutive` and `store`).
 *
 * @since 0.1.0
 */
export interface ModelOptions {
  readonly positions?: PositionsKind | undefined
  readonly eventIds?: EventIdScope | undefined
}

/**
 * Runs the operations on an empty store and on a fresh model, and expects (vitest `expect`) the same answers
 * from both; `initialPosition` is the position the store gives its first event (with consecutive positions).
 * With `ordered` positions the model numbers its log 1, 2, 3, ... and the store's positions are compared by
 * their rank in its log (checked to strictly increase); checkpoints given to the store are its own positions.
 *
 * @since 0.1.0
 */
export const checkAgainstModel = async (
  store: EventStoreShape,
  operations: ReadonlyArray<ModelOperation>,
  initialPosition: bigint,
  options: ModelOptions = {}
): Promise<void> => {
  const kind = options.positions ?? "consecutive"
  const ordered = kind === "ordered"
  const model = new StoreModel(ordered ? 1n : initialPosition)
  const base = ordered ? 0n : initialPosition - 1n
  // The store's log as read after each append (ordered positions are known only once given).
  let ranks = ranksOf([], kind, base)
  const refresh = async () => {
    ranks = ranksOf(await run(store.readAll({ after: 0n, maxCount: 1_000 })), kind, base)
  }
  const ranked = (event: RecordedEvent): ModelEvent => ({
    ...comparable(event),
    globalPosition: ranks.rank(event.globalPosition) + base
  })
  for (const original of operations) {
    // With ids unique per append only, a reused id is not an error the store reports: no operation reuses one.
    const operation =
      options.eventIds === "append" && original._tag === "Append" ? { ...original, reuseIdOf: undefined } : original
    switch (operation._tag) {
      case "Append": {
        const appends: Array<AppendToStream> = operation.parts.map((part) => ({
          streamId: part.stream,
          expectedVersion: part.expected,
          events: Array.from({ length: part.count }, () => newEvent("Modelled", operation.data, { seq: eventCounter }))
        }))
        const reused =
          operation.reuseIdOf === undefined ? undefined : model.log[operation.reuseIdOf % Math.max(1, model.log.length)]
        const firstPart = appends[0]!
        if (reused !== undefined) {
          appends[0] = {
            ...firstPart,
            events: [{ ...firstPart.events[0]!, id: reused.id }, ...firstPart.events.slice(1)]
          }
        }
        const appendOptions: AppendOptions = operation.commandId === undefined ? {} : { commandId: operation.commandId }
        const expected = model.append(appends, appendOptions)
        const answered = await attempt(store.append(appends, appendOptions))
        if (ordered) await refresh()
        const actual = Result.map(answered, (result) => ({
          ...result,
          position: ranks.rank(result.position) + base
        }))
        if (expected._tag === "Appended") {
          expect(Result.isSuccess(actual), `append should succeed: ${JSON.stringify(actual, bigintReplacer)}`).toBe(
            true
          )
          if (Result.isSuccess(actual)) {
            if (expected.result.duplicate) {
              expect(actual.success.duplicate).toBe(true)
              expect(actual.success.position).toBe(expected.result.position)
              expect(sortedStreams(actual.success)).toEqual(sortedStreams(expected.result))
            } else {
              expect(actual.success).toEqual(expected.result)
            }
          }
        } else {
          expect(Result.isFailure(actual), "append should fail").toBe(true)
          if (Result.isFailure(actual)) {
            const error = actual.failure
            if (error instanceof WrongExpectedVersion) {
              expect(expected.failing.has(error.streamId)).toBe(true)
              expect(error.actual).toBe(expected.failing.get(error.streamId))
            } else {
              expect(error).toBeInstanceOf(EventStoreError)
              expect(expected.duplicateEventId).toBe(true)
              expect((error as EventStoreError).reason).toBe("DuplicateEventId")
            }
          }
        }
        break
      }
      case "ReadStream": {
        const options = {
          after: BigInt(operation.after),
          ...(operation.maxCount === undefined ? {} : { maxCount: operation.maxCount })
        }
        const actual = await run(store.readStream(operation.stream, options))
        expect(actual.map(ranked)).toEqual(model.readStream(operation.stream, options.after, operation.maxCount))
        break
      }
      case "ReadAll": {
        const after = base + BigInt(operation.after)
        // Ordered: the store's own position of that rank (its last one past the end of its log).
        const checkpoint = ordered ? ranks.at(Math.min(operation.after, ranks.count)) : after
        const actual = await run(store.readAll({ after: checkpoint, maxCount: operation.maxCount }))
        expect(actual.map(ranked)).toEqual(
          model.readAll(ordered ? checkpointRank(operation.after, ranks) : after, operation.maxCount)
        )
        break
      }
      case "Head": {
        const head = await run(store.head)
        if (model.log.length > 0) expect(ranks.rank(head) + base).toBe(model.head)
        else expect(head === 0n || head === base).toBe(true)
        break
      }
    }
  }
  await refresh()
  expect((await run(store.readAll({ after: ordered ? 0n : base, maxCount: 1_000 }))).map(ranked)).toEqual(model.log)
}

const checkpointRank = (after: number, ranks: Ranks): bigint => BigInt(Math.min(after, ranks.count))

const bigintReplacer = (_key: string, value: unknown) => (typeof value === "bigint" ? `${value}n` : value)
