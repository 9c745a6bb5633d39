/**
 * A PostgreSQL store's replay pages answer what `readAll` answers (streams, versions, data, in global order, pages
 * of at most the page size, the last page ending at the last position) for any log, any start, positions past
 * 2^53, with the first page read through the store's pool or everything on the worker; a rebuild that replays
 * pages and then reads the rest sees every position once, in order, while 8 writers append; an invalid schema
 * name fails as "InvalidInput" without a worker; a missing schema or an unreachable server fails as "Database"
 * without hanging; and a replay stopped early stops its worker. On the test server.
 */
import { createServer } from "node:net"
import { type EventStore, EventStoreError, ExpectedVersion, ReplayPage } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import type * as Pg from "pg"
import { describe, expect, it } from "vitest"
import { PostgresEventStore, PostgresReplay } from "../src/index.ts"
import { databaseUrl, freshSchema, newEvent, openStore, run } from "./support.ts"

const jsonData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    // jsonb refuses \u0000 in strings: any other unicode, quotes and escapes.
    fc.string({ unit: "grapheme" }).map((text) => text.replaceAll("\u0000", "")),
    fc.constantFrom('"quoted" \\ back', "élève \n\t", "emoji 😀", "  spaces  "),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(
      fc.string().map((text) => text.replaceAll("\u0000", "")),
      tie("value"),
      { maxKeys: 3 }
    )
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

const asEvents = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
  events.map((recorded) => ({
    streamId: recorded.streamId,
    streamVersion: recorded.streamVersion,
    data: recorded.data
  }))

/** Worker threads of this process, as `process.getActiveResourcesInfo` counts them (one port per worker). */
const workerHandles = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === "MessagePort" || resource === "Worker").length

/** The store's source, with or without its pool (without: every page is read on the worker). */
const sourceOf = (store: PostgresEventStore.PostgresEventStoreShape, withPool: boolean): PostgresReplay.Source => ({
  connectionString: databaseUrl(),
  schema: store.schema,
  pool: withPool ? store.pool : undefined
})

/** Replays from `after` and checks the pages against `readAll` from the same checkpoint. */
const checkPages = (
  store: PostgresEventStore.PostgresEventStoreShape,
  source: PostgresReplay.Source,
  after: bigint,
  pageSize: number,
  ahead: number
) =>
  Effect.gen(function* () {
    const pages = yield* Stream.runCollect(PostgresReplay.pages(source, { pageSize, ahead })(after))
    const expected = yield* store.readAll({ after, maxCount: 1_000 })
    expect(pages.flatMap(ReplayPage.events)).toEqual(asEvents(expected))
    for (const page of pages) {
      expect(page.data.length).toBeGreaterThan(0)
      expect(page.data.length).toBeLessThanOrEqual(pageSize)
    }
    if (expected.length === 0) expect(pages).toEqual([])
    else expect(pages[pages.length - 1]!.lastPosition).toBe(expected[expected.length - 1]!.globalPosition)
    // Each page ends where its events end: positions are consecutive, so a page's count is its span.
    let previous = expected.length > 0 ? expected[0]!.globalPosition - 1n : after
    for (const page of pages) {
      expect(page.lastPosition - previous).toBe(BigInt(page.data.length))
      previous = page.lastPosition
    }
  })

describe("PostgresReplay.pages", () => {
  it("answers readAll's streams, versions and data for any log, any start and any page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        appendsArbitrary,
        fc.array(fc.record({ fromHead: fc.boolean(), offset: fc.integer({ min: -3, max: 12 }) }), { maxLength: 2 }),
        fc.constantFrom(1n, 2n ** 53n),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (appends, starts, initialPosition, pageSize, ahead, withPool) =>
          run(
            Effect.gen(function* () {
              const store = yield* PostgresEventStore.make({
                connectionString: databaseUrl(),
                schema: freshSchema(),
                initialPosition,
                poolSize: 2
              })
              for (const group of appends)
                yield* store.append(
                  group.map(({ streamId, data }) => ({
                    streamId,
                    expectedVersion: ExpectedVersion.any,
                    events: data.map((value) => newEvent("E", value))
                  }))
                )
              const total = appends.flat().reduce((sum, append) => sum + append.data.length, 0)
              const source = sourceOf(store, withPool)
              // The whole log, from before its first event, then from around its ends.
              yield* checkPages(store, source, initialPosition - 1n, pageSize, ahead)
              for (const { fromHead, offset } of starts) {
                const after = initialPosition - 1n + BigInt(offset + (fromHead ? total : 0))
                yield* checkPages(store, source, after, pageSize, ahead)
              }
            })
          )
      ),
      { numRuns: 30 }
    )
  }, 180_000)

  it("answers no page for an empty log or after the head", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        const collect = (withPool: boolean, after: bigint) =>
          Stream.runCollect(PostgresReplay.pages(sourceOf(store, withPool), { pageSize: 3 })(after))
        const empty = [yield* collect(true, 0n), yield* collect(false, 0n)]
        yield* store.append([
          {
            streamId: "s",
            expectedVersion: ExpectedVersion.noStream,
            events: [newEvent("E", 1), newEvent("E", 2), newEvent("E", 3)]
          }
        ])
        const atHead = [yield* collect(true, 3n), yield* collect(false, 3n)]
        const pastHead = [yield* collect(true, 2n ** 62n), yield* collect(false, 2n ** 62n)]
        // Exactly one full page: the next read finds nothing and ends the stream.
        const onePage = [yield* collect(true, 0n), yield* collect(false, 0n)]
        return { empty, atHead, pastHead, onePage }
      })
    )
    expect(outcome.empty).toEqual([[], []])
    expect(outcome.atHead).toEqual([[], []])
    expect(outcome.pastHead).toEqual([[], []])
    for (const pages of outcome.onePage) {
      expect(pages).toHaveLength(1)
      expect(pages.flatMap(ReplayPage.events)).toEqual([
        { streamId: "s", streamVersion: 1n, data: 1 },
        { streamId: "s", streamVersion: 2n, data: 2 },
        { streamId: "s", streamVersion: 3n, data: 3 }
      ])
    }
  }, 30_000)

  it("lets a rebuild see every position once, in order, while 8 writers append", async () => {
    const writers = 8
    const appendsPerWriter = 25
    const total = writers * appendsPerWriter * 2
    const { seen, all, rounds } = await run(
      Effect.gen(function* () {
        const store = yield* openStore(freshSchema(), 10)
        let appended = 0
        const writing = yield* Effect.forkChild(
          Effect.forEach(
            Array.from({ length: writers }, (_, writer) => writer),
            (writer) =>
              Effect.forEach(
                Array.from({ length: appendsPerWriter }, (_, index) => index),
                (index) =>
                  Effect.tap(
                    store.append([
                      {
                        streamId: `w-${writer}`,
                        expectedVersion: ExpectedVersion.any,
                        events: [newEvent("E", { writer, index, half: 0 }), newEvent("E", { writer, index, half: 1 })]
                      }
                    ]),
                    () => Effect.sync(() => (appended += 2))
                  ),
                { discard: true }
              ),
            { concurrency: "unbounded", discard: true }
          )
        )
        // As the rebuild does: replay pages, then read the rest from the last page's position, until all is seen.
        const seen: Array<{ position: bigint; streamId: string; streamVersion: bigint; data: unknown }> = []
        let after = 0n
        // Per round: how many events were appended when it started, and how many pages it replayed.
        const rounds: Array<{ appended: number; pages: number }> = []
        while (seen.length < total) {
          const started = appended
          const withPool = rounds.length % 2 === 0
          const pages = yield* Stream.runCollect(
            PostgresReplay.pages(sourceOf(store, withPool), { pageSize: 7, ahead: 2 })(after)
          )
          for (const page of pages) {
            const events = ReplayPage.events(page)
            for (const [index, replayed] of events.entries())
              seen.push({ position: page.lastPosition - BigInt(events.length - 1 - index), ...replayed })
            after = page.lastPosition
          }
          const rest = yield* store.readAll({ after, maxCount: 5 })
          for (const recorded of rest)
            seen.push({
              position: recorded.globalPosition,
              streamId: recorded.streamId,
              streamVersion: recorded.streamVersion,
              data: recorded.data
            })
          if (rest.length > 0) after = rest[rest.length - 1]!.globalPosition
          rounds.push({ appended: started, pages: pages.length })
          if (pages.length === 0 && rest.length === 0) yield* Effect.sleep(2)
        }
        yield* Fiber.join(writing)
        const all = yield* store.readAll({ after: 0n, maxCount: total + 10 })
        return { seen, all, rounds }
      })
    )
    expect(all).toHaveLength(total)
    // Replays of several pages (so partly read on the worker) ran while appends were still committing.
    expect(rounds.some((round) => round.pages > 1 && round.appended < total)).toBe(true)
    expect(seen.map((replayed) => replayed.position)).toEqual(
      Array.from({ length: total }, (_, index) => BigInt(index + 1))
    )
    expect(seen).toEqual(
      all.map((recorded) => ({
        position: recorded.globalPosition,
        streamId: recorded.streamId,
        streamVersion: recorded.streamVersion,
        data: recorded.data
      }))
    )
  }, 60_000)

  it("fails as InvalidInput on an invalid schema name, without starting a worker", async () => {
    const before = workerHandles()
    const errors = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        return yield* Effect.forEach([undefined, store.pool], (pool: Pg.Pool | undefined) =>
          Effect.flip(
            Stream.runCollect(PostgresReplay.pages({ connectionString: databaseUrl(), schema: "x; DROP", pool })(0n))
          )
        )
      })
    )
    for (const error of errors) {
      expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
      expect(error.reason).toBe("InvalidInput")
    }
    expect(workerHandles()).toBe(before)
  })

  it("fails as Database, without hanging, on a missing schema", async () => {
    const before = workerHandles()
    const errors = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        const missing = freshSchema()
        return yield* Effect.forEach([undefined, store.pool], (pool: Pg.Pool | undefined) =>
          Effect.flip(
            Stream.runCollect(
              PostgresReplay.pages({ connectionString: databaseUrl(), schema: missing, pool })(0n)
            ).pipe(Effect.timeout("10 seconds"))
          )
        )
      })
    )
    for (const error of errors) {
      expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
      expect(error).toMatchObject({ reason: "Database" })
      expect(error.message).toContain("Reading the log for a replay failed")
      expect(error.message).toMatch(/relation "test_[0-9a-f]+\.events" does not exist/)
    }
    expect(workerHandles()).toBe(before)
  }, 30_000)

  it("fails as Database, without hanging, when the server cannot be reached", async () => {
    // A port that was free a moment ago: nothing listens on it.
    const server = createServer()
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening))
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 1
    await new Promise<void>((closed) => server.close(() => closed()))
    const before = workerHandles()
    const started = performance.now()
    const error = await Effect.runPromise(
      Effect.flip(
        Stream.runCollect(
          PostgresReplay.pages({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, schema: "orga" })(
            0n
          )
        ).pipe(Effect.timeout("10 seconds"))
      )
    )
    expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(error).toMatchObject({ reason: "Database" })
    expect(error.message).toContain("Reading the log for a replay failed")
    expect(error.message).toContain("ECONNREFUSED")
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(workerHandles()).toBe(before)
  }, 30_000)

  it("stops its worker promptly when a replay is stopped early", async () => {
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* openStore()
        for (let round = 0; round < 10; round++)
          yield* store.append([
            {
              streamId: `s-${round}`,
              expectedVersion: ExpectedVersion.noStream,
              events: Array.from({ length: 2_000 }, (_, index) => newEvent("E", { index, text: "x".repeat(100) }))
            }
          ])
        const take = (withPool: boolean, count: number) =>
          Effect.gen(function* () {
            const before = workerHandles()
            const during: Array<number> = []
            const started = performance.now()
            const pages = yield* Stream.runCollect(
              PostgresReplay.pages(sourceOf(store, withPool), { pageSize: 100, ahead: 4 })(0n).pipe(
                Stream.take(count),
                Stream.tap(() => Effect.sync(() => during.push(workerHandles())))
              )
            )
            return {
              lastPositions: pages.map((page) => page.lastPosition),
              before,
              during,
              after: workerHandles(),
              elapsed: performance.now() - started
            }
          })
        return {
          workerOnly: yield* take(false, 1),
          firstInPlace: yield* take(true, 1),
          throughWorker: yield* take(true, 3)
        }
      })
    )
    const { workerOnly, firstInPlace, throughWorker } = outcome
    expect(workerOnly.lastPositions).toEqual([100n])
    expect(firstInPlace.lastPositions).toEqual([100n])
    expect(throughWorker.lastPositions).toEqual([100n, 200n, 300n])
    // Without the pool, the first page already comes from a worker; with it, the first page alone starts none.
    expect(workerOnly.during[0]).toBeGreaterThan(workerOnly.before)
    expect(firstInPlace.during).toEqual([firstInPlace.before])
    expect(throughWorker.during[1]).toBeGreaterThan(throughWorker.before)
    // Every worker is gone once its stream has ended.
    for (const taken of [workerOnly, firstInPlace, throughWorker]) {
      expect(taken.after).toBe(taken.before)
      expect(taken.elapsed).toBeLessThan(5_000)
    }
  }, 60_000)
})
