/**
 * The replay reader answers exactly what `readAll` answers for position, stream, version and data, for any log
 * and any page (after the head, before the first event, empty or negative pages), on the test server.
 */
import { type EventStore, EventStoreError, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { PostgresEventStore } from "../src/index.ts"
import { databaseUrl, freshSchema, newEvent, openStore, run } from "./support.ts"

const asRows = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
  events.map((event) => [event.globalPosition, event.streamId, event.streamVersion, event.data])

const jsonData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 3 })
  )
})).value

/** Appends of 1 to 3 streams (of a small set, so streams get several versions), 1 to 4 events each. */
const appendsArbitrary = fc.array(
  fc.uniqueArray(
    fc.record({
      streamId: fc.constantFrom("a", "b", "campaign-1", "participation-é", "s"),
      data: fc.array(jsonData, { minLength: 1, maxLength: 4 })
    }),
    { minLength: 1, maxLength: 3, selector: (append) => append.streamId }
  ),
  { maxLength: 8 }
)

/** Pages to compare: `after` around the log's ends, `maxCount` from negative to past the log's length. */
const pagesArbitrary = fc.array(
  fc.record({ afterOffset: fc.integer({ min: -3, max: 40 }), maxCount: fc.integer({ min: -2, max: 40 }) }),
  {
    minLength: 1,
    maxLength: 6
  }
)

describe("PostgresEventStore.replayReader", () => {
  it("answers readAll's positions, streams, versions and data for any log and any page", async () => {
    await fc.assert(
      fc.asyncProperty(
        appendsArbitrary,
        pagesArbitrary,
        fc.constantFrom(1n, 2n ** 53n),
        fc.integer({ min: 1, max: 7 }),
        (appends, pages, initialPosition, pageSize) =>
          run(
            Effect.gen(function* () {
              const store = yield* PostgresEventStore.make({
                connectionString: databaseUrl(),
                schema: freshSchema(),
                initialPosition,
                poolSize: 2
              })
              for (const group of appends) {
                yield* store.append(
                  group.map(({ streamId, data }) => ({
                    streamId,
                    expectedVersion: ExpectedVersion.any,
                    events: data.map((value) => newEvent("E", value))
                  }))
                )
              }
              const read = PostgresEventStore.replayReader(store)
              const total = appends.flat().reduce((sum, append) => sum + append.data.length, 0)
              // Whole-log paging, as the rebuild does it.
              const paged: Array<PostgresEventStore.ReplayRow> = []
              for (let after = initialPosition - 1n; ; ) {
                const rows = yield* read(after, pageSize)
                expect(rows.length).toBeLessThanOrEqual(pageSize)
                if (rows.length === 0) break
                paged.push(...rows)
                after = rows[rows.length - 1]![0]
              }
              const all = yield* store.readAll({ after: 0n, maxCount: total + 10 })
              expect(all).toHaveLength(total)
              expect(paged).toEqual(asRows(all))
              // Arbitrary pages, compared with readAll's page.
              for (const { afterOffset, maxCount } of pages) {
                const after = initialPosition - 1n + BigInt(afterOffset)
                const replayed = yield* read(after, maxCount)
                const expected = yield* store.readAll({ after, maxCount })
                expect(replayed).toEqual(asRows(expected))
              }
            })
          )
      ),
      { numRuns: 100 }
    )
  }, 120_000)

  it("answers nothing on an empty log, and nothing for pages of zero or fewer events", async () => {
    const answers = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        const read = PostgresEventStore.replayReader({ pool: store.pool, schema: store.schema })
        const empty = [yield* read(0n, 100), yield* read(-1n, 1), yield* read(2n ** 63n - 1n, 1)]
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] }])
        const filled = {
          zero: yield* read(0n, 0),
          negative: yield* read(0n, -5),
          one: yield* read(0n, 1),
          atHead: yield* read(1n, 100)
        }
        return { empty, filled }
      })
    )
    expect(answers.empty).toEqual([[], [], []])
    expect(answers.filled.zero).toEqual([])
    expect(answers.filled.negative).toEqual([])
    expect(answers.filled.one).toEqual([[1n, "s", 1n, {}]])
    expect(answers.filled.atHead).toEqual([])
  })

  it("sees every position once, in order, while appends commit concurrently", async () => {
    const seen = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        const read = PostgresEventStore.replayReader(store)
        const writers = yield* Effect.forkChild(
          Effect.forEach(
            Array.from({ length: 8 }, (_, writer) => writer),
            (writer) =>
              Effect.forEach(Array.from({ length: 25 }), () =>
                store.append([
                  {
                    streamId: `w-${writer}`,
                    expectedVersion: ExpectedVersion.any,
                    events: [newEvent("E"), newEvent("E")]
                  }
                ])
              ),
            { concurrency: "unbounded" }
          )
        )
        const positions: Array<bigint> = []
        let after = 0n
        while (positions.length < 400) {
          const rows = yield* read(after, 7)
          for (const row of rows) positions.push(row[0])
          if (rows.length > 0) after = rows[rows.length - 1]![0]
          else yield* Effect.sleep(2)
        }
        yield* Fiber.join(writers)
        return positions
      })
    )
    expect(seen).toEqual(Array.from({ length: 400 }, (_, index) => BigInt(index + 1)))
  }, 60_000)

  it("never answers a page read ahead that misses events committed since", async () => {
    const pages = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        const read = PostgresEventStore.replayReader(store)
        const events = (count: number) => Array.from({ length: count }, () => newEvent("E"))
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: events(3) }])
        const first = yield* read(0n, 2)
        // The read-ahead of (2, 2) finds only position 3: it must not stand in for the page after these appends.
        yield* Effect.sleep(50)
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: events(3) }])
        const second = yield* read(2n, 2)
        const third = yield* read(4n, 2)
        return [first, second, third].map((page) => page.map((row) => row[0]))
      })
    )
    expect(pages).toEqual([
      [1n, 2n],
      [3n, 4n],
      [5n, 6n]
    ])
  })

  it("fails with an EventStoreError on an invalid schema name or a missing schema", async () => {
    const outcomes = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        const invalid = yield* Effect.flip(
          PostgresEventStore.replayReader({ pool: store.pool, schema: "x; DROP" })(0n, 1)
        )
        const missing = yield* Effect.flip(
          PostgresEventStore.replayReader({ pool: store.pool, schema: freshSchema() })(0n, 1)
        )
        return { invalid, missing }
      })
    )
    expect(outcomes.invalid).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(outcomes.invalid.reason).toBe("InvalidInput")
    expect(outcomes.missing).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(outcomes.missing.reason).toBe("Database")
  })
})
