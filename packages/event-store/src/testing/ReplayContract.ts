/**
 * The contract every store's replay pages must keep, as vitest suites: the pages answer what `readAll` answers
 * (streams, versions, data, in global order, pages of at most the page size, the last page ending at the last
 * position) for any log and any start, positions past 2^53 included; none for an empty log or after the head; a
 * rebuild that replays pages and then reads the rest sees every position once, in order, while appends commit;
 * and a replay stopped early stops its worker (and starts none it does not need).
 *
 * An adapter's test file calls `suite(name, { open })`; every test asks `open` for a fresh, empty store, in a
 * scope that closes it afterwards, so adapters create a new file or schema per call. What only one store can
 * get wrong (a file that is not a store, a schema name, an unreachable server) stays in the adapter's tests,
 * which can count workers with `workerHandles`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { EventStoreShape, NewEvent, RecordedEvent } from "../EventStore.ts"
import type { EventStoreError } from "../EventStoreError.ts"
import * as ExpectedVersion from "../ExpectedVersion.ts"
import * as ReplayPage from "../ReplayPage.ts"
import type * as ReplayWorker from "../ReplayWorker.ts"
import type { ContractStoreOptions, PositionsKind } from "./Contract.ts"

/**
 * Where a replay reads its pages: every page on the calling thread, no worker (`"inPlace"`, e.g. an in-memory
 * SQLite database); the first page on the calling thread and the rest, if any, on a worker
 * (`"firstPageInPlace"`, e.g. a SQLite file, or PostgreSQL through the store's pool); every page on a worker
 * (`"onWorker"`, e.g. PostgreSQL without the pool).
 *
 * @since 0.1.0
 */
export type Reads = "inPlace" | "firstPageInPlace" | "onWorker"

/**
 * One way a store replays its log.
 *
 * @since 0.1.0
 */
export interface Replay {
  /** Named in failed assertions (e.g. "with the pool"). */
  readonly name: string
  readonly reads: Reads
  /** The pages after a position, as the adapter's `pages` answers them with these options. */
  readonly pages: (
    options: ReplayWorker.Options
  ) => (after: bigint) => Stream.Stream<ReplayPage.ReplayPage, EventStoreError>
}

/**
 * A store under test and the ways it replays its log (at least one): the suite checks each.
 *
 * @since 0.1.0
 */
export interface ReplayStore {
  readonly store: EventStoreShape
  readonly replays: ReadonlyArray<Replay>
}

/**
 * What the suite asks of an adapter, and its tuning.
 *
 * @since 0.1.0
 */
export interface SuiteOptions {
  /** A fresh, empty store, closed with the scope. */
  readonly open: (options: ContractStoreOptions) => Effect.Effect<ReplayStore, unknown, Scope.Scope>
  /** fast-check runs of the property against `readAll` (default 30; every run opens a store). */
  readonly numRuns?: number | undefined
  /**
   * The first positions the property's logs start at (default `1n` and `2n ** 53n`); a store that cannot start
   * its log elsewhere gives `[1n]`.
   */
  readonly initialPositions?: ReadonlyArray<bigint> | undefined
  /** At most how many starts around a log's ends the property checks, besides its beginning (default 2). */
  readonly starts?: number | undefined
  /** Whether the store keeps U+0000 in JSON strings (default true; PostgreSQL's jsonb refuses it). */
  readonly keepsNul?: boolean | undefined
  /**
   * Rebuild rounds of several pages that must run while appends still commit (default 1; more where the store's
   * appends leave a rebuild the time).
   */
  readonly replaysWhileAppending?: number | undefined
  /** Writers appending while a rebuild replays (default 8). */
  readonly writers?: number | undefined
  /** Appends of each writer, of 2 events each, 1 ms apart (default 25). */
  readonly appendsPerWriter?: number | undefined
  /**
   * Events of the log that replays are stopped early in (default 20,000): enough that a worker is still reading
   * ahead when its stream is stopped.
   */
  readonly earlyStopEvents?: number | undefined
  /** Per-test timeout in milliseconds (default 120_000). */
  readonly timeout?: number | undefined
  /**
   * What the store's positions are (default `consecutive`; see the contract suite's `ContractOptions`). With
   * `ordered` positions a page tells only its last event's position: the suite checks that one, compares the
   * rest without positions, starts replays only from positions the store gave (or 0n), and `initialPositions`
   * defaults to `[1n]` (such a store starts where its server does).
   */
  readonly positions?: PositionsKind | undefined
}

/**
 * Worker threads of this process, as `process.getActiveResourcesInfo` counts them (one port per worker).
 *
 * @since 0.1.0
 */
export const workerHandles = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === "MessagePort" || resource === "Worker").length

let eventCounter = 0
const runTag = Math.random().toString(36).slice(2, 8)

/** A new event with a fresh id. */
const event = (data: unknown): NewEvent => ({ id: `replay-${runTag}-${++eventCounter}`, type: "Happened", data })

/** Any JSON value, small; with U+0000 in its strings only where the store keeps it. */
const jsonData = (keepsNul: boolean) => {
  const text = (strings: fc.Arbitrary<string>) =>
    keepsNul ? strings : strings.map((value) => value.replaceAll("\u0000", ""))
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      text(fc.string({ unit: "grapheme" })),
      text(fc.constantFrom('"quoted" \\ back', "élève \u0000 \n\t", "emoji 😀", "  spaces  ")),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 3 }),
      fc.dictionary(text(fc.string()), tie("value"), { maxKeys: 3 })
    )
  })).value
}

/** Appends of 1 to 3 streams (of a small set, so streams get several versions), 1 to 4 events each. */
const appendsArbitrary = (keepsNul: boolean) =>
  fc.array(
    fc.uniqueArray(
      fc.record({
        streamId: fc.constantFrom("a", "b", "campaign-1", "participation-é", "s"),
        data: fc.array(jsonData(keepsNul), { minLength: 1, maxLength: 4 })
      }),
      { minLength: 1, maxLength: 3, selector: (append) => append.streamId }
    ),
    { maxLength: 8 }
  )

type Appends = ReadonlyArray<ReadonlyArray<{ readonly streamId: string; readonly data: ReadonlyArray<unknown> }>>

const appendAll = (store: EventStoreShape, appends: Appends) =>
  Effect.forEach(
    appends,
    (group) =>
      store.append(
        group.map(({ streamId, data }) => ({ streamId, expectedVersion: ExpectedVersion.any, events: data.map(event) }))
      ),
    { discard: true }
  )

/** An event as a replay gives it back, with its position (known for a page's last event only, when ordered). */
interface Replayed {
  readonly position: bigint | undefined
  readonly streamId: string
  readonly streamVersion: bigint
  readonly data: unknown
}

const asReplayed = (recorded: RecordedEvent): Replayed => ({
  position: recorded.globalPosition,
  streamId: recorded.streamId,
  streamVersion: recorded.streamVersion,
  data: recorded.data
})

/** A page's events with their positions (consecutive, the last at the page's; ordered: the last one only). */
const replayedOf =
  (ordered: boolean) =>
  (page: ReplayPage.ReplayPage): ReadonlyArray<Replayed> => {
    const events = ReplayPage.events(page)
    return events.map((replayed, index) => ({
      position:
        index === events.length - 1
          ? page.lastPosition
          : ordered
            ? undefined
            : page.lastPosition - BigInt(events.length - 1 - index),
      ...replayed
    }))
  }

/** What `readAll` read, as the replay should give it back (positions dropped where the replay has none). */
const expectedOf = (replayed: ReadonlyArray<Replayed>, recorded: ReadonlyArray<RecordedEvent>) =>
  recorded.map((event, index) => ({
    ...asReplayed(event),
    position: index < replayed.length && replayed[index]!.position === undefined ? undefined : event.globalPosition
  }))

/** Replays from `after` and checks the pages against `readAll` from the same checkpoint. */
const checkPages = (
  store: EventStoreShape,
  replay: Replay,
  after: bigint,
  pageSize: number,
  ahead: number,
  ordered: boolean
) =>
  Effect.gen(function* () {
    const pages = yield* Stream.runCollect(replay.pages({ pageSize, ahead })(after))
    const expected = yield* store.readAll({ after, maxCount: 1_000 })
    const replayed = pages.flatMap(replayedOf(ordered))
    expect(replayed, replay.name).toEqual(expectedOf(replayed, expected))
    for (const page of pages) {
      expect(page.data.length, replay.name).toBeGreaterThan(0)
      expect(page.data.length, replay.name).toBeLessThanOrEqual(pageSize)
    }
    if (expected.length === 0) expect(pages, replay.name).toEqual([])
    else expect(pages[pages.length - 1]!.lastPosition, replay.name).toBe(expected[expected.length - 1]!.globalPosition)
    // Each page ends where its events end: positions are consecutive, so a page's count is its span.
    let previous = expected.length > 0 ? expected[0]!.globalPosition - 1n : after
    for (const page of ordered ? [] : pages) {
      expect(page.lastPosition - previous, replay.name).toBe(BigInt(page.data.length))
      previous = page.lastPosition
    }
  })

/**
 * Registers the replay contract for a store under `describe(name)`.
 *
 * @since 0.1.0
 */
export const suite = (name: string, options: SuiteOptions): void => {
  const numRuns = options.numRuns ?? 30
  const starts = options.starts ?? 2
  const ordered = options.positions === "ordered"
  const initialPositions = options.initialPositions ?? (ordered ? [1n] : [1n, 2n ** 53n])
  const keepsNul = options.keepsNul ?? true
  const writers = options.writers ?? 8
  const appendsPerWriter = options.appendsPerWriter ?? 25
  const earlyStopEvents = options.earlyStopEvents ?? 20_000
  const replaysWhileAppending = options.replaysWhileAppending ?? 1
  const timeout = options.timeout ?? 120_000

  const run = <A, E>(program: (opened: ReplayStore) => Effect.Effect<A, E, Scope.Scope>): Promise<A> =>
    Effect.runPromise(Effect.scoped(Effect.flatMap(options.open({ initialPosition: 1n }), program)))

  const test = (title: string, body: () => Promise<void>) => it(title, body, timeout)

  describe(`Replay contract: ${name}`, () => {
    test("answers readAll's streams, versions and data for any log, any start and any page size", async () => {
      await fc.assert(
        fc.asyncProperty(
          appendsArbitrary(keepsNul),
          fc.array(fc.record({ fromHead: fc.boolean(), offset: fc.integer({ min: -3, max: 12 }) }), {
            maxLength: starts
          }),
          fc.constantFrom(...initialPositions),
          fc.integer({ min: 1, max: 7 }),
          fc.integer({ min: 1, max: 3 }),
          fc.nat(),
          (appends, afters, initialPosition, pageSize, ahead, which) =>
            Effect.runPromise(
              Effect.scoped(
                Effect.gen(function* () {
                  const { store, replays } = yield* options.open({ initialPosition })
                  const replay = replays[which % replays.length]!
                  yield* appendAll(store, appends)
                  const total = appends.flat().reduce((sum, append) => sum + append.data.length, 0)
                  // The whole log, from before its first event, then from around its ends.
                  const base = ordered ? 0n : initialPosition - 1n
                  yield* checkPages(store, replay, base, pageSize, ahead, ordered)
                  const log = ordered ? yield* store.readAll({ after: 0n, maxCount: 1_000 }) : []
                  for (const { fromHead, offset } of afters) {
                    const rank = offset + (fromHead ? total : 0)
                    // Ordered positions are opaque: start from the store's own position of that rank.
                    const clamped = Math.max(0, Math.min(rank, log.length))
                    const after = ordered
                      ? clamped === 0
                        ? 0n
                        : log[clamped - 1]!.globalPosition
                      : base + BigInt(rank)
                    yield* checkPages(store, replay, after, pageSize, ahead, ordered)
                  }
                })
              )
            )
        ),
        { numRuns }
      )
    })

    test("answers no page for an empty log or after the head", async () => {
      const outcomes = await run(({ store, replays }) =>
        Effect.gen(function* () {
          const collect = (after: bigint) =>
            Effect.forEach(replays, (replay) => Stream.runCollect(replay.pages({ pageSize: 3 })(after)))
          const empty = yield* collect(0n)
          yield* store.append([
            { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event(1), event(2), event(3)] }
          ])
          const head = yield* store.head
          const atHead = yield* collect(head)
          // Past the head: a position no event has (ordered: the head itself, the only later one it gave).
          const pastHead = yield* collect(ordered ? head : 2n ** 62n)
          // Exactly one full page: the next read finds nothing and ends the stream.
          const onePage = yield* collect(0n)
          return replays.map((replay, index) => ({
            name: replay.name,
            empty: empty[index],
            atHead: atHead[index],
            pastHead: pastHead[index],
            onePage: onePage[index]!
          }))
        })
      )
      for (const { name, empty, atHead, pastHead, onePage } of outcomes) {
        expect(empty, name).toEqual([])
        expect(atHead, name).toEqual([])
        expect(pastHead, name).toEqual([])
        expect(onePage, name).toHaveLength(1)
        expect(onePage.flatMap(ReplayPage.events), name).toEqual([
          { streamId: "s", streamVersion: 1n, data: 1 },
          { streamId: "s", streamVersion: 2n, data: 2 },
          { streamId: "s", streamVersion: 3n, data: 3 }
        ])
      }
    })

    test(`lets a rebuild see every position once, in order, while ${writers} writers append`, async () => {
      const total = writers * appendsPerWriter * 2
      const { seen, all, rounds } = await run(({ store, replays }) =>
        Effect.gen(function* () {
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
          // As the rebuild does: replay pages, then read the rest from the last page's position, until all is
          // seen; each round with the next of the store's replays.
          const seen: Array<Replayed> = []
          let after = 0n
          // Per round: how many events were appended when it started, and how many pages it replayed.
          const rounds: Array<{ appended: number; pages: number }> = []
          while (seen.length < total) {
            const started = appended
            const replay = replays[rounds.length % replays.length]!
            const pages = yield* Stream.runCollect(replay.pages({ pageSize: 7, ahead: 2 })(after))
            for (const page of pages) {
              seen.push(...replayedOf(ordered)(page))
              after = page.lastPosition
            }
            const rest = yield* store.readAll({ after, maxCount: 5 })
            seen.push(...rest.map(asReplayed))
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
      // Replays of several pages (so partly read on a worker, where the store has one) ran while appends were
      // still committing.
      expect(rounds.filter((round) => round.pages > 1 && round.appended < total).length).toBeGreaterThanOrEqual(
        replaysWhileAppending
      )
      if (!ordered) {
        expect(seen.map((replayed) => replayed.position)).toEqual(
          Array.from({ length: total }, (_, index) => BigInt(index + 1))
        )
      }
      expect(seen).toEqual(expectedOf(seen, all))
    })

    test("stops its worker promptly when a replay is stopped early, and starts none it does not need", async () => {
      const outcomes = await run(({ store, replays }) =>
        Effect.gen(function* () {
          for (let from = 0; from < earlyStopEvents; from += 2_000)
            yield* store.append([
              {
                streamId: `s-${from}`,
                expectedVersion: ExpectedVersion.noStream,
                events: Array.from({ length: Math.min(2_000, earlyStopEvents - from) }, (_, index) =>
                  event({ index, text: "x".repeat(100) })
                )
              }
            ])
          const take = (replay: Replay, count: number) =>
            Effect.gen(function* () {
              const before = workerHandles()
              const during: Array<number> = []
              const started = performance.now()
              const pages = yield* Stream.runCollect(
                replay
                  .pages({ pageSize: 100, ahead: 4 })(0n)
                  .pipe(
                    Stream.take(count),
                    Stream.tap(() => Effect.sync(() => during.push(workerHandles())))
                  )
              )
              return {
                pages: pages.map((page) => [page.data.length, page.lastPosition]),
                before,
                during,
                after: workerHandles(),
                elapsed: performance.now() - started
              }
            })
          const log = yield* store.readAll({ after: 0n, maxCount: 300 })
          const positionAt = (rank: number) => log[rank - 1]!.globalPosition
          return yield* Effect.forEach(replays, (replay) =>
            Effect.map(Effect.all([take(replay, 1), take(replay, 3)]), ([one, three]) => ({
              replay,
              one,
              three,
              positionAt
            }))
          )
        })
      )
      for (const { replay, one, three, positionAt } of outcomes) {
        const { name, reads } = replay
        expect(one.pages, name).toEqual([[100, positionAt(100)]])
        expect(three.pages, name).toEqual([
          [100, positionAt(100)],
          [100, positionAt(200)],
          [100, positionAt(300)]
        ])
        if (!ordered) expect(three.pages.map(([, position]) => position)).toEqual([100n, 200n, 300n])
        // A first page read on the calling thread starts no worker: taking it alone leaves none behind.
        if (reads === "onWorker") expect(one.during[0], name).toBeGreaterThan(one.before)
        else expect(one.during, name).toEqual([one.before])
        // The next pages come from a worker, where the store has one.
        if (reads === "inPlace") expect(three.during, name).toEqual([three.before, three.before, three.before])
        else expect(three.during[1], name).toBeGreaterThan(three.before)
        // Every worker is gone once its stream has ended.
        for (const taken of [one, three]) {
          expect(taken.after, name).toBe(taken.before)
          expect(taken.elapsed, name).toBeLessThan(5_000)
        }
      }
    })
  })
}
