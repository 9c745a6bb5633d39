/**
 * A SQLite store's replay pages answer what `readAll` answers (streams, versions, data, in global order, pages of
 * at most the page size, the last page ending at the last position) for any log and any start, the first page
 * read on the calling thread and the rest on a worker for a file, all on the calling thread for an in-memory
 * database; a rebuild that replays pages and then reads the rest sees every position once, in order, while
 * appends commit; a file that is not a store, or that the worker cannot open, fails with a "Database" error
 * instead of hanging; and a replay stopped early stops its worker (a first page alone starts none).
 */
import { rmSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { type EventStore, EventStoreError, ExpectedVersion, ReplayPage } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type SqliteDatabase, SqliteEventStore, SqliteReplay } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

let ids = 0
const event = (data: unknown) => ({ id: `e-${++ids}`, type: "Happened", data })

const jsonData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string({ unit: "grapheme" }),
    fc.constantFrom('"quoted" \\ back', "élève \u0000 \n\t", "emoji 😀"),
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

type Appends = typeof appendsArbitrary extends fc.Arbitrary<infer A> ? A : never

const appendAll = (store: EventStore.EventStoreShape, appends: Appends) =>
  Effect.forEach(
    appends,
    (group) =>
      store.append(
        group.map(({ streamId, data }) => ({
          streamId,
          expectedVersion: ExpectedVersion.any,
          events: data.map(event)
        }))
      ),
    { discard: true }
  )

const asEvents = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
  events.map((recorded) => ({
    streamId: recorded.streamId,
    streamVersion: recorded.streamVersion,
    data: recorded.data
  }))

/** Replays from `after` and checks the pages against `readAll` from the same checkpoint. */
const checkPages = (
  store: EventStore.EventStoreShape,
  database: SqliteDatabase.SqliteDatabase,
  after: bigint,
  pageSize: number,
  ahead: number
) =>
  Effect.gen(function* () {
    const pages = yield* Stream.runCollect(SqliteReplay.pages(database, { pageSize, ahead })(after))
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

const replayProperty = (filename: () => string) =>
  fc.asyncProperty(
    appendsArbitrary,
    fc.array(fc.record({ fromHead: fc.boolean(), offset: fc.integer({ min: -3, max: 12 }) }), {
      minLength: 1,
      maxLength: 3
    }),
    fc.constantFrom(1n, 2n ** 53n),
    fc.integer({ min: 1, max: 7 }),
    fc.integer({ min: 1, max: 3 }),
    (appends, starts, initialPosition, pageSize, ahead) =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const { store, database } = yield* SqliteEventStore.makeWithDatabase({
              filename: filename(),
              initialPosition
            })
            yield* appendAll(store, appends)
            const total = appends.flat().reduce((sum, append) => sum + append.data.length, 0)
            // The whole log, from before its first event, then from around its ends.
            yield* checkPages(store, database, initialPosition - 1n, pageSize, ahead)
            for (const { fromHead, offset } of starts) {
              const after = initialPosition - 1n + BigInt(offset + (fromHead ? total : 0))
              yield* checkPages(store, database, after, pageSize, ahead)
            }
          })
        )
      )
  )

/** Worker threads of this process, as `process.getActiveResourcesInfo` counts them (one port per worker). */
const workerHandles = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === "MessagePort" || resource === "Worker").length

describe("SqliteReplay.pages", () => {
  it("answers readAll's streams, versions and data for any log, any start and any page size (file)", async () => {
    await fc.assert(
      replayProperty(() => freshFile(dir)),
      { numRuns: 40 }
    )
  }, 120_000)

  it("answers readAll's streams, versions and data for any log, any start and any page size (in memory)", async () => {
    await fc.assert(
      replayProperty(() => ":memory:"),
      { numRuns: 100 }
    )
  }, 60_000)

  it("answers no page for an empty log or after the head", async () => {
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const file = yield* SqliteEventStore.makeWithDatabase({ filename: freshFile(dir) })
          const memory = yield* SqliteEventStore.makeWithDatabase({ filename: ":memory:" })
          const collect = (database: SqliteDatabase.SqliteDatabase, after: bigint) =>
            Stream.runCollect(SqliteReplay.pages(database, { pageSize: 3 })(after))
          const empty = [yield* collect(file.database, 0n), yield* collect(memory.database, 0n)]
          for (const { store } of [file, memory])
            yield* store.append([
              { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event(1), event(2), event(3)] }
            ])
          const atHead = [yield* collect(file.database, 3n), yield* collect(memory.database, 3n)]
          const pastHead = [yield* collect(file.database, 2n ** 62n), yield* collect(memory.database, 2n ** 62n)]
          // Exactly one full page: the next read finds nothing and ends the stream.
          const onePage = [yield* collect(file.database, 0n), yield* collect(memory.database, 0n)]
          return { empty, atHead, pastHead, onePage }
        })
      )
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
  })

  it("lets a rebuild see every position once, in order, while appends commit", async () => {
    const writers = 4
    const appendsPerWriter = 150
    const total = writers * appendsPerWriter * 2
    const { seen, all, rounds } = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store, database } = yield* SqliteEventStore.makeWithDatabase({
            filename: freshFile(dir),
            durability: "normal"
          })
          let appended = 0
          const writing = yield* Effect.forkChild(
            Effect.forEach(
              Array.from({ length: writers }, (_, writer) => writer),
              (writer) =>
                Effect.forEach(
                  Array.from({ length: appendsPerWriter }, (_, index) => index),
                  (index) =>
                    Effect.andThen(
                      Effect.tap(
                        store.append([
                          {
                            streamId: `w-${writer}`,
                            expectedVersion: ExpectedVersion.any,
                            events: [event({ writer, index, half: 0 }), event({ writer, index, half: 1 })]
                          }
                        ]),
                        () => Effect.sync(() => (appended += 2))
                      ),
                      Effect.sleep(1)
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
            const pages = yield* Stream.runCollect(SqliteReplay.pages(database, { pageSize: 7, ahead: 2 })(after))
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
    )
    expect(all).toHaveLength(total)
    // Replays of several pages (so read on the worker) ran while appends were still committing.
    expect(rounds.filter((round) => round.pages > 1 && round.appended < total).length).toBeGreaterThan(1)
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

  it("fails with a Database error, without hanging, on a file that is not a store", async () => {
    // A SQLite file with another table: the first page, read on this thread, fails.
    const otherFile = freshFile(dir)
    const other = new DatabaseSync(otherFile)
    other.exec("CREATE TABLE not_events (x INTEGER)")
    try {
      const before = workerHandles()
      const error = await Effect.runPromise(
        Effect.flip(
          Stream.runCollect(
            SqliteReplay.pages({ filename: otherFile, durability: "full", connection: other }, { pageSize: 10 })(0n)
          ).pipe(Effect.timeout("10 seconds"))
        )
      )
      expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
      expect(error).toMatchObject({ reason: "Database" })
      expect(error.message).toContain("Reading the log for a replay failed")
      expect(error.message).toContain("no such table: events")
      expect(workerHandles()).toBe(before)
    } finally {
      other.close()
    }
  }, 30_000)

  it("fails with a Database error, without hanging, when the reading thread cannot open the file", async () => {
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const filename = freshFile(dir)
          const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename })
          yield* store.append([
            { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [1, 2, 3, 4, 5].map(event) }
          ])
          // The store's connection keeps reading its open file; the reading thread finds no file to open.
          for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
          const before = workerHandles()
          const seen: Array<ReplayPage.ReplayPage> = []
          const error = yield* Effect.flip(
            Stream.runCollect(
              SqliteReplay.pages(database, { pageSize: 2 })(0n).pipe(
                Stream.tap((page) => Effect.sync(() => seen.push(page)))
              )
            ).pipe(Effect.timeout("10 seconds"))
          )
          return { error, seen, before, after: workerHandles() }
        })
      )
    )
    expect(outcome.error).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(outcome.error).toMatchObject({ reason: "Database" })
    expect(outcome.error.message).toContain("Reading the log for a replay failed")
    expect(outcome.error.message).toContain("unable to open database file")
    // The first page was read on this thread before the worker failed.
    expect(outcome.seen.map((page) => page.lastPosition)).toEqual([2n])
    expect(outcome.after).toBe(outcome.before)
  }, 30_000)

  it("stops its worker promptly when a replay is stopped early, and starts none for a first page alone", async () => {
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store, database } = yield* SqliteEventStore.makeWithDatabase({
            filename: freshFile(dir),
            durability: "normal"
          })
          const batch = Array.from({ length: 2_000 }, (_, index) => ({ index, text: "x".repeat(100) }))
          for (let round = 0; round < 25; round++)
            yield* store.append([
              { streamId: `s-${round}`, expectedVersion: ExpectedVersion.noStream, events: batch.map(event) }
            ])
          const take = (count: number) =>
            Effect.gen(function* () {
              const before = workerHandles()
              const during: Array<number> = []
              const started = performance.now()
              const pages = yield* Stream.runCollect(
                SqliteReplay.pages(database, { pageSize: 100, ahead: 4 })(0n).pipe(
                  Stream.take(count),
                  Stream.tap(() => Effect.sync(() => during.push(workerHandles())))
                )
              )
              return { pages, before, during, after: workerHandles(), elapsed: performance.now() - started }
            })
          return { one: yield* take(1), three: yield* take(3) }
        })
      )
    )
    const { one, three } = outcome
    expect(one.pages.map((page) => [page.data.length, page.lastPosition])).toEqual([[100, 100n]])
    expect(three.pages.map((page) => [page.data.length, page.lastPosition])).toEqual([
      [100, 100n],
      [100, 200n],
      [100, 300n]
    ])
    // The first page is read on this thread: taking it alone starts no worker.
    expect(one.during).toEqual([one.before])
    expect(one.after).toBe(one.before)
    // The next pages come from a worker, which is gone once the stream has ended.
    expect(three.during[1]).toBeGreaterThan(three.before)
    expect(three.after).toBe(three.before)
    expect(one.elapsed).toBeLessThan(5_000)
    expect(three.elapsed).toBeLessThan(5_000)
  }, 60_000)
})
