/**
 * The contract of a partitioned projection's sink (`PartitionedContract.suite(name, { open })`), run against the
 * memory sink and every adapter with the toy projection of `ToyPartitions`: any split of the log into batches,
 * batches delivered twice or overlapping, gives the rows of one fold (never counted twice, never skipped); a batch
 * whose fold throws leaves rows and checkpoint as they were; `readScope` answers exactly the rows of its scope;
 * `readAt` and `readRouter`, while batches land, answer the fold of the log up to the checkpoint they return; the
 * projection runner drives the sink.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RecordedEvent } from "../EventStore.ts"
import * as ExpectedVersion from "../ExpectedVersion.ts"
import * as MemoryEventStore from "../MemoryEventStore.ts"
import type {
  Definition,
  PartitionedSink,
  PerKeyDefinition,
  ReadLog,
  RouterAt,
  RouterOptions,
  Row,
  RowsAt
} from "../PartitionedProjection.ts"
import * as PartitionedProjection from "../PartitionedProjection.ts"
import * as ProjectionRunner from "../ProjectionRunner.ts"
import type { ProjectionError } from "../ProjectionSink.ts"
import * as ToyPartitions from "./ToyPartitions.ts"

/**
 * Storage under test: `make` opens a sink of a definition on it (two sinks of one name share their rows, as two
 * instances over one database do); `close` frees it.
 *
 * @category models
 * @since 0.1.0
 */
export interface Storage {
  readonly make: <S, E, R>(
    definition: Definition<S, E, R>,
    options?: RouterOptions
  ) => Effect.Effect<PartitionedSink<S>, ProjectionError>
  readonly close: () => Promise<void>
}

/**
 * How the suite gets fresh storage, and how hard it tries.
 *
 * @category models
 * @since 0.1.0
 */
export interface UnderTest {
  readonly open: () => Promise<Storage>
  /** Runs of each property (default 40). */
  readonly numRuns?: number | undefined
  /** Per test, in milliseconds (default 60000). */
  readonly timeout?: number | undefined
}

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

const toyEvents: fc.Arbitrary<ReadonlyArray<ToyPartitions.ToyEvent>> = fc.array(
  fc.record({
    type: fc.constantFrom<ToyPartitions.ToyEvent["type"]>("Enrolled", "Enrolled", "Noted", "Noted", "Other"),
    school: fc.constantFrom("a", "b", "c"),
    ine: fc.constantFrom("1", "2", "3", "4", "5")
  }),
  { maxLength: 30 }
)

/**
 * Deliveries covering `1..n` in order with overlaps and repeats: each delivery starts anywhere at or before the
 * first position not yet covered, and some deliveries are old batches sent again.
 */
const deliveries = (n: number): fc.Arbitrary<ReadonlyArray<readonly [number, number]>> =>
  fc
    .array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.nat({ max: 3 })), { minLength: n + 1, maxLength: n + 1 })
    .map((draws) => {
      const slices: Array<readonly [number, number]> = []
      let covered = 0
      for (const [start, length, repeat] of draws) {
        if (covered >= n) break
        const from = start % (covered + 1)
        const to = Math.min(n, Math.max(covered + 1, from + length))
        slices.push([from, to])
        if (repeat === 0 && slices.length > 1) slices.push(slices[start % slices.length] as readonly [number, number])
        covered = to
      }
      return slices
    })

let counter = 0
const freshName = (): string => `toy_${Math.random().toString(36).slice(2, 8)}_${++counter}`

/** The rows a sink holds for the keys of a whole-log fold, as plain data. */
const rowsOf = async (sink: PartitionedSink<ToyPartitions.ToyState>, keys: ReadonlyArray<string>) =>
  (await run(sink.read(keys))).map((row) => ({ key: row.key, state: row.state }))

const expectedRows = (log: ReadonlyArray<RecordedEvent>, name: string) =>
  [...PartitionedProjection.foldLog(ToyPartitions.definition(name), log)]
    .map(([key, state]) => ({ key, state }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))

/** Positions that must be counted by a school, computed from the events themselves (not by the projection). */
const schoolPositions = (events: ReadonlyArray<ToyPartitions.ToyEvent>): ReadonlyArray<number> => {
  const enrolled = new Set<string>()
  const positions: Array<number> = []
  events.forEach((event, index) => {
    if (event.type === "Enrolled") enrolled.add(event.ine)
    if (event.type === "Enrolled" || (event.type === "Noted" && enrolled.has(event.ine))) positions.push(index + 1)
  })
  return positions
}

const countedPositions = (rows: ReadonlyArray<Row<ToyPartitions.ToyState>>): ReadonlyArray<number> =>
  rows.flatMap((row) => (row.state.kind === "org" ? row.state.positions : [])).sort((a, b) => a - b)

const allKeys = (events: ReadonlyArray<ToyPartitions.ToyEvent>): ReadonlyArray<string> => [
  ...new Set(
    events.flatMap((event) => [`org:${event.school}`, `learner:${event.school}/${event.ine}`, `ine:${event.ine}`])
  )
]

/** A toy whose evolve (or router) throws on the event at `position`, after folding the earlier ones in place. */
const failingAt = (name: string, position: bigint, where: "evolve" | "route") => {
  const toy = ToyPartitions.definition(name)
  const router = toy.router as NonNullable<typeof toy.router>
  return {
    ...toy,
    router: {
      ...router,
      route: (state: ToyPartitions.ToyRouter, event: RecordedEvent) => {
        if (where === "route" && event.globalPosition === position) throw new Error("route failed on purpose")
        return router.route(state, event)
      }
    },
    evolve: (state: ToyPartitions.ToyState, event: RecordedEvent, key: string) => {
      const next = toy.evolve(state, event, key)
      if (where === "evolve" && event.globalPosition === position) throw new Error("evolve failed on purpose")
      return next
    }
  } satisfies PerKeyDefinition<ToyPartitions.ToyState, RecordedEvent, ToyPartitions.ToyRouter>
}

/** The log as a sink reads it (`RouterOptions.log`). */
const readLog =
  (log: ReadonlyArray<RecordedEvent>): ReadLog =>
  ({ after, maxCount }) =>
    Effect.sync(() => log.filter((event) => event.globalPosition > after).slice(0, maxCount))

/**
 * The toy whose router also counts the events it routed (under a key no INE takes): a router folded twice over an
 * event, or that kept half a failed batch, differs from the fold of the log. `failOnce`, when set, makes routing
 * throw once at that position, after the batch's earlier events were routed in place.
 */
const countingToy = (name: string, failOnce?: { position: bigint; armed: boolean }) => {
  const toy = ToyPartitions.definition(name)
  const router = toy.router as NonNullable<typeof toy.router>
  return {
    ...toy,
    router: {
      ...router,
      route: (state: ToyPartitions.ToyRouter, event: RecordedEvent) => {
        if (failOnce?.armed === true && event.globalPosition === failOnce.position) {
          failOnce.armed = false
          throw new Error("route failed on purpose")
        }
        const next = router.route(state, event)
        next["#routed"] = String(Number(next["#routed"] ?? "0") + 1)
        return next
      }
    }
  } satisfies PerKeyDefinition<ToyPartitions.ToyState, RecordedEvent, ToyPartitions.ToyRouter>
}

/** The router of a whole-log fold, encoded (what a stored router brought to the end of the log must equal). */
const routerOfLog = <S, R>(definition: Definition<S, RecordedEvent, R>, log: ReadonlyArray<RecordedEvent>) => {
  const router = definition.router as NonNullable<typeof definition.router>
  let folded = PartitionedProjection.initialRouter(definition)
  for (const event of log) {
    const decoded = definition.decodeEvent(event)
    if (decoded !== undefined && decoded._tag === "Success") folded = router.route(folded, decoded.success)
  }
  return new TextDecoder().decode(router.encode(folded))
}

/** What a follower reads of the router, brought to the checkpoint with the log, encoded. */
const followerRouter = async <S, R>(
  definition: Definition<S, RecordedEvent, R>,
  sink: PartitionedSink<S>,
  log: ReadonlyArray<RecordedEvent>
) => {
  const at = await run(sink.readRouter)
  const router = await run(PartitionedProjection.catchUpRouter(definition, at, readLog(log)))
  const encode = (definition.router as NonNullable<typeof definition.router>).encode
  return { checkpoint: at.checkpoint, position: at.position, router: new TextDecoder().decode(encode(router)) }
}

/**
 * Registers the suite.
 *
 * @category constructors
 * @since 0.1.0
 */
export const suite = (name: string, underTest: UnderTest) =>
  describe(`${name}: the partitioned projection contract`, () => {
    const numRuns = underTest.numRuns ?? 40
    const timeout = underTest.timeout ?? 60_000
    const withStorage = async (body: (storage: Storage) => Promise<void>) => {
      const storage = await underTest.open()
      try {
        await body(storage)
      } finally {
        await storage.close()
      }
    }

    it(
      "gives the rows of one fold for any split of the log, batches delivered twice or overlapping, by two sinks in turn",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.chain((events) => fc.tuple(fc.constant(events), deliveries(events.length))),
              fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
              async ([events, slices], turns) => {
                const projection = freshName()
                // Two sinks over the same storage (two leaders handing over back and forth) take the deliveries in turn.
                const sink = await run(storage.make(ToyPartitions.definition(projection)))
                const other = await run(storage.make(ToyPartitions.definition(projection)))
                const log = ToyPartitions.recorded(events)
                for (const [index, [from, to]] of slices.entries())
                  await run((turns[index % turns.length] ? other : sink).apply(log.slice(from, to)))
                const keys = allKeys(events)
                expect(await rowsOf(sink, keys)).toEqual(expectedRows(log, projection))
                expect(countedPositions(await run(sink.read(keys)))).toEqual(schoolPositions(events))
                expect(await run(sink.checkpoint)).toBe(BigInt(events.length))
                // A sink opened again over the same storage (a restarted leader) routes as the first one did.
                const restarted = await run(storage.make(ToyPartitions.definition(projection)))
                const more = ToyPartitions.recorded([...events, ...events])
                await run(restarted.apply(more))
                expect(await rowsOf(restarted, keys)).toEqual(expectedRows(more, projection))
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "folds the batch form (two rounds of reads, one fold per batch) into the rows of the per-key fold, sinks of both forms in turn",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.chain((events) => fc.tuple(fc.constant(events), deliveries(events.length))),
              fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
              async ([events, slices], turns) => {
                const projection = freshName()
                const batchSink = await run(storage.make(ToyPartitions.batchDefinition(projection)))
                const perKey = await run(storage.make(ToyPartitions.definition(projection)))
                const log = ToyPartitions.recorded(events)
                for (const [index, [from, to]] of slices.entries())
                  await run((turns[index % turns.length] ? perKey : batchSink).apply(log.slice(from, to)))
                const keys = allKeys(events)
                expect(await rowsOf(batchSink, keys)).toEqual(expectedRows(log, projection))
                expect(await run(batchSink.checkpoint)).toBe(BigInt(events.length))
                expect([...PartitionedProjection.foldLog(ToyPartitions.batchDefinition(projection), log)]).toEqual([
                  ...PartitionedProjection.foldLog(ToyPartitions.definition(projection), log)
                ])
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "verify finds the stored rows equal to the fold of the log, and names a row or router changed behind its back",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.filter((events) => events.length > 0),
              fc.nat(),
              fc.boolean(),
              async (events, pick, batchForm) => {
                const projection = freshName()
                const definition = batchForm
                  ? ToyPartitions.batchDefinition(projection)
                  : ToyPartitions.definition(projection)
                const sink = await run(storage.make(definition))
                const log = ToyPartitions.recorded(events)
                await run(sink.apply(log))
                const stored = await run(sink.scan)
                expect(PartitionedProjection.verify(definition, stored, log)).toEqual({
                  differing: [],
                  routerDiffers: false
                })
                // The keys alone, in the same order, with no state read.
                expect(await run(sink.keys)).toEqual(stored.map((row) => row.key))
                const victim = stored[pick % stored.length] as PartitionedProjection.StoredRow
                const corrupt = (_bytes: Uint8Array) =>
                  victim.key === PartitionedProjection.routerKey
                    ? new TextEncoder().encode(JSON.stringify({ "no-such-ine": "nowhere" }))
                    : new TextEncoder().encode(JSON.stringify({ kind: "learner", notes: -1 }))
                const changed = stored.map((row) =>
                  row.key === victim.key ? { ...row, state: corrupt(row.state) } : row
                )
                expect(PartitionedProjection.verify(definition, changed, log)).toEqual(
                  victim.key === PartitionedProjection.routerKey
                    ? { differing: [], routerDiffers: true }
                    : { differing: [victim.key], routerDiffers: false }
                )
                // A row the log never reached differs too.
                expect(
                  PartitionedProjection.verify(
                    definition,
                    [...stored, { key: "org:nowhere", scope: "nowhere", version: 1n, state: corrupt(victim.state) }],
                    log
                  ).differing
                ).toContain("org:nowhere")
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "deletes the row of a state left empty (isEmpty), and verify counts a missing row as the initial state",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.chain((events) => fc.tuple(fc.constant(events), deliveries(events.length))),
              async ([events, slices]) => {
                // A balance per INE: enrolments add one, notes take one away; a balance of zero has no row.
                const counter: PerKeyDefinition<{ n: number }, RecordedEvent, undefined> = {
                  name: freshName(),
                  decodeEvent: (event) => ToyPartitions.definition().decodeEvent(event),
                  partitionsOf: (event) => [`c:${(event.data as { ine: string }).ine}`],
                  scopeOf: () => null,
                  initial: () => ({ n: 0 }),
                  evolve: (state, event) => ({ n: state.n + (event.type === "Enrolled" ? 1 : -1) }),
                  encode: (state) => new TextEncoder().encode(JSON.stringify(state)),
                  decode: (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as { n: number },
                  isEmpty: (state) => state.n === 0
                }
                const sink = await run(storage.make(counter))
                const log = ToyPartitions.recorded(events)
                for (const [from, to] of slices) await run(sink.apply(log.slice(from, to)))
                const balances = PartitionedProjection.foldLog(counter, log)
                const stored = await run(sink.scan)
                expect(stored.map((row) => row.key)).toEqual(
                  [...balances]
                    .filter(([, state]) => state.n !== 0)
                    .map(([key]) => key)
                    .sort()
                )
                expect(PartitionedProjection.verify(counter, stored, log)).toEqual({
                  differing: [],
                  routerDiffers: false
                })
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "leaves rows, router and checkpoint as they were when a batch's fold or routing throws",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.filter((events) => events.length >= 2),
              fc.nat(),
              fc.nat(),
              fc.constantFrom<"evolve" | "route">("evolve", "route"),
              async (events, cutDraw, failDraw, where) => {
                const projection = freshName()
                const log = ToyPartitions.recorded(events)
                const cut = cutDraw % log.length
                const failAt = BigInt(cut + 1 + (failDraw % (log.length - cut)))
                const sink = await run(storage.make(ToyPartitions.definition(projection)))
                await run(sink.apply(log.slice(0, cut)))
                const keys = allKeys(events)
                const before = { rows: await run(sink.read(keys)), checkpoint: await run(sink.checkpoint) }
                const failing = await run(storage.make(failingAt(projection, failAt, where)))
                const exit = await run(Effect.exit(failing.apply(log)))
                // Routing sees every event the projection decodes; a fold runs only for an event that reaches a key.
                const event = events[Number(failAt) - 1] as ToyPartitions.ToyEvent
                const knownBefore = events
                  .slice(0, Number(failAt) - 1)
                  .some((e) => e.type === "Enrolled" && e.ine === event.ine)
                const fails =
                  event.type === "Enrolled" || (event.type === "Noted" && (where === "route" || knownBefore))
                expect(exit._tag).toBe(fails ? "Failure" : "Success")
                if (fails) {
                  expect({ rows: await run(sink.read(keys)), checkpoint: await run(sink.checkpoint) }).toEqual(before)
                  expect(await run(failing.read(keys))).toEqual(before.rows)
                  // Delivered again, it fails the same way: a tagged error, nothing half-kept in between.
                  const error = await run(Effect.flip(failing.apply(log)))
                  expect({ tag: error._tag, reason: error.reason }).toEqual({
                    tag: "ProjectionError",
                    reason: "ProjectionFailed"
                  })
                  expect(await run(sink.checkpoint)).toBe(before.checkpoint)
                }
                // Whatever the failing sink did, the good one then brings the rows to one fold of the log.
                await run(sink.apply(log))
                expect(await rowsOf(sink, keys)).toEqual(expectedRows(log, projection))
                expect(countedPositions(await run(sink.read(keys)))).toEqual(schoolPositions(events))
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "answers readScope with exactly the rows of the scope, and read with the rows of the keys that exist",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(toyEvents, fc.integer({ min: 1, max: 7 }), async (events, batchSize) => {
              const projection = freshName()
              const definition = ToyPartitions.definition(projection)
              const sink = await run(storage.make(definition))
              const log = ToyPartitions.recorded(events)
              for (let from = 0; from < log.length; from += batchSize)
                await run(sink.apply(log.slice(from, from + batchSize)))
              const expected = expectedRows(log, projection)
              for (const scope of ["a", "b", "c", "d", ""]) {
                const rows = (await run(sink.readScope(scope))).map((row) => ({ key: row.key, state: row.state }))
                expect(rows).toEqual(expected.filter((row) => definition.scopeOf(row.key) === scope))
              }
              const wanted = [...expected.map((row) => row.key).filter((_, i) => i % 2 === 0), "org:zz", "ine:0"]
              expect((await run(sink.read(wanted))).map((row) => row.key)).toEqual(
                expected.map((row) => row.key).filter((_, i) => i % 2 === 0)
              )
              for (const row of await run(sink.read(wanted))) expect(row.version).toBeGreaterThan(0n)
            }),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "reads rows and router with their checkpoint in one read: while batches land, each answer is the fold up to it",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.chain((events) => fc.tuple(fc.constant(events), deliveries(events.length))),
              fc.array(fc.subarray(["org:a", "org:b", "org:c", "learner:a/1", "learner:b/2", "ine:3", "ine:1"])),
              async ([events, slices], keySets) => {
                const projection = freshName()
                const toy = ToyPartitions.definition(projection)
                const router = toy.router as NonNullable<typeof toy.router>
                const leader = await run(storage.make(toy))
                const follower = await run(storage.make(toy))
                const log = ToyPartitions.recorded(events)
                const answers: Array<{ keys: ReadonlyArray<string>; at: RowsAt<ToyPartitions.ToyState> }> = []
                const routers: Array<RouterAt> = []
                let done = false
                // The leader applies its batches in one fiber while another reads (yielding between reads, so that
                // they interleave with the batches as a follower's reads do with a busy leader's).
                const applying = Effect.gen(function* () {
                  for (const [from, to] of slices) {
                    yield* leader.apply(log.slice(from, to))
                    yield* Effect.yieldNow
                  }
                }).pipe(Effect.ensuring(Effect.sync(() => (done = true))))
                const reading = Effect.gen(function* () {
                  let round = 0
                  // The last round starts once every batch committed: its answers stand at the end of the log.
                  for (let last = false; !last || round < 2; ) {
                    last = done
                    const keys = keySets.length === 0 ? ["org:a"] : (keySets[round % keySets.length] as Array<string>)
                    answers.push({ keys, at: yield* follower.readAt(keys) })
                    routers.push(yield* follower.readRouter)
                    yield* Effect.yieldNow
                    round++
                  }
                })
                await run(Effect.all([applying, reading], { concurrency: "unbounded", discard: true }))
                for (const { keys, at } of answers) {
                  const prefix = log.slice(0, Number(at.checkpoint))
                  const folded = PartitionedProjection.foldLog(toy, prefix)
                  const expected = [...new Set(keys)]
                    .filter((key) => folded.has(key))
                    .sort()
                    .map((key) => ({ key, state: folded.get(key) }))
                  expect({
                    checkpoint: at.checkpoint,
                    rows: at.rows.map((row) => ({ key: row.key, state: row.state }))
                  }).toEqual({ checkpoint: at.checkpoint, rows: expected })
                }
                for (const at of routers) {
                  let expected = PartitionedProjection.initialRouter(toy)
                  for (const event of log.slice(0, Number(at.checkpoint))) expected = router.route(expected, event)
                  const stored = at.bytes === null ? PartitionedProjection.initialRouter(toy) : router.decode(at.bytes)
                  expect({ checkpoint: at.checkpoint, router: stored }).toEqual({
                    checkpoint: at.checkpoint,
                    router: expected
                  })
                }
                const last = answers.at(-1)
                expect(last?.at.checkpoint).toBe(BigInt(events.length))
                expect(routers.at(-1)?.checkpoint).toBe(BigInt(events.length))
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "is driven by the projection runner: catch-up in pages, rebuild after reset",
      () =>
        withStorage(async (storage) => {
          const projection = freshName()
          const store = await run(MemoryEventStore.make())
          const events: Array<ToyPartitions.ToyEvent> = Array.from({ length: 40 }, (_, i) => ({
            type: i % 3 === 2 ? "Noted" : i % 7 === 6 ? "Other" : "Enrolled",
            school: ["a", "b", "c"][i % 3] as string,
            ine: String(i % 5)
          }))
          for (const [index, event] of events.entries())
            await run(
              store.append([
                {
                  streamId: `learner-${event.ine}`,
                  expectedVersion: ExpectedVersion.any,
                  events: [ToyPartitions.newEvent(event, `runner-${projection}-${index}`)]
                }
              ])
            )
          const sink = await run(storage.make(ToyPartitions.definition(projection)))
          const log = await run(store.readAll({ after: 0n, maxCount: 1000 }))
          expect(await run(ProjectionRunner.catchUp(store, sink, { batchSize: 3 }))).toBe(40n)
          expect(await rowsOf(sink, allKeys(events))).toEqual(expectedRows(log, projection))
          await run(sink.reset)
          expect({ checkpoint: await run(sink.checkpoint), rows: await run(sink.read(allKeys(events))) }).toEqual({
            checkpoint: 0n,
            rows: []
          })
          expect(await run(ProjectionRunner.rebuild(store, sink, { batchSize: 11 }))).toBe(40n)
          expect(await rowsOf(sink, allKeys(events))).toEqual(expectedRows(log, projection))
        }),
      timeout
    )

    it(
      "writes the router now and then when it has the log: any routerEvery, batch cuts and takeovers give the rows and router of one fold",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.chain((events) => fc.tuple(fc.constant(events), deliveries(events.length))),
              fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 8 }),
              fc.integer({ min: 1, max: 12 }),
              async ([events, slices], turns, routerEvery) => {
                const projection = freshName()
                const definition = countingToy(projection)
                const log = ToyPartitions.recorded(events)
                // Two leaders keeping their router in memory, and one that reopens for each of its batches (a
                // takeover every time): each writes the router only every `routerEvery` positions.
                const options = { log: readLog(log), routerEvery, routerMillis: 3_600_000 }
                const leaders = [
                  await run(storage.make(definition, options)),
                  await run(storage.make(definition, options))
                ]
                for (const [index, [from, to]] of slices.entries()) {
                  const turn = turns[index % turns.length] as number
                  const sink =
                    turn === 2
                      ? await run(storage.make(definition, options))
                      : (leaders[turn] as PartitionedSink<ToyPartitions.ToyState>)
                  await run(sink.apply(log.slice(from, to)))
                }
                const sink = leaders[0] as PartitionedSink<ToyPartitions.ToyState>
                const keys = allKeys(events)
                expect(await rowsOf(sink, keys)).toEqual(expectedRows(log, projection))
                expect(await run(sink.checkpoint)).toBe(BigInt(events.length))
                const read = await followerRouter(definition, sink, log)
                expect(read.position).toBeLessThanOrEqual(read.checkpoint)
                expect(read.router).toBe(routerOfLog(definition, log))
                expect(PartitionedProjection.verify(definition, await run(sink.scan), log)).toEqual({
                  differing: [],
                  routerDiffers: false
                })
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "leaves the router behind the checkpoint between writes; a new leader and a follower bring it there from the log",
      () =>
        withStorage(async (storage) => {
          const projection = freshName()
          const definition = countingToy(projection)
          const events: Array<ToyPartitions.ToyEvent> = Array.from({ length: 30 }, (_, i) => ({
            type: i % 3 === 2 ? "Noted" : "Enrolled",
            school: ["a", "b", "c"][i % 3] as string,
            ine: String(i % 7)
          }))
          const log = ToyPartitions.recorded(events)
          const options = { log: readLog(log), routerEvery: 8, routerMillis: 3_600_000 }
          const first = await run(storage.make(definition, options))
          for (let from = 0; from < 20; from += 3) await run(first.apply(log.slice(from, Math.min(20, from + 3))))
          // Written by the batches ending at 9 and 18 (8 positions or more after the last write), not since.
          const behind = await followerRouter(definition, first, log)
          expect({ checkpoint: behind.checkpoint, position: behind.position }).toEqual({
            checkpoint: 20n,
            position: 18n
          })
          expect(behind.router).toBe(routerOfLog(definition, log.slice(0, 20)))
          // The stored rows still verify: verify brings the stored router to the end of the log too.
          expect(PartitionedProjection.verify(definition, await run(first.scan), log.slice(0, 20))).toEqual({
            differing: [],
            routerDiffers: false
          })
          // A new leader takes over (the first is gone): it folds the router's tail first, then the batches.
          const second = await run(storage.make(definition, options))
          await run(second.apply(log.slice(20, 25)))
          await run(second.apply(log.slice(25)))
          expect(await rowsOf(second, allKeys(events))).toEqual(expectedRows(log, projection))
          // The batch that ends the catch-up (nothing after it in the log) writes the router at the checkpoint.
          const caughtUp = await followerRouter(definition, second, log)
          expect({ checkpoint: caughtUp.checkpoint, position: caughtUp.position }).toEqual({
            checkpoint: 30n,
            position: 30n
          })
          expect(caughtUp.router).toBe(routerOfLog(definition, log))
          // Without the log, a sink cannot bring a router left behind to the checkpoint: it refuses the batch.
          const ahead = ToyPartitions.recorded([...events, ...events])
          const third = await run(
            storage.make(definition, { log: readLog(ahead), routerEvery: 100, routerMillis: 3_600_000 })
          )
          await run(third.apply(ahead.slice(30, 35)))
          expect((await run(third.readRouter)).position).toBe(30n)
          const blind = await run(storage.make(definition))
          const error = await run(Effect.flip(blind.apply(ahead.slice(35, 40))))
          expect(error.reason).toBe("RouterBehind")
          expect(await run(blind.checkpoint)).toBe(35n)
        }),
      timeout
    )

    it(
      "keeps no half-folded router when a batch throws after the kept router moved",
      () =>
        withStorage((storage) =>
          fc.assert(
            fc.asyncProperty(
              toyEvents.filter((events) => events.length >= 2),
              fc.nat(),
              fc.nat(),
              fc.integer({ min: 1, max: 40 }),
              async (events, cutDraw, failDraw, routerEvery) => {
                const projection = freshName()
                const log = ToyPartitions.recorded(events)
                const cut = 1 + (cutDraw % (log.length - 1))
                const failOnce = { position: BigInt(cut + 1 + (failDraw % (log.length - cut))), armed: false }
                const definition = countingToy(projection, failOnce)
                const sink = await run(
                  storage.make(definition, { log: readLog(log), routerEvery, routerMillis: 3_600_000 })
                )
                await run(sink.apply(log.slice(0, cut)))
                // Routing throws at `failOnce.position`, after the events before it were routed in place.
                failOnce.armed = true
                const exit = await run(Effect.exit(sink.apply(log)))
                const decoded = events[Number(failOnce.position) - 1]?.type !== "Other"
                expect(exit._tag).toBe(decoded ? "Failure" : "Success")
                expect(await run(sink.checkpoint)).toBe(decoded ? BigInt(cut) : BigInt(log.length))
                await run(sink.apply(log))
                expect(await rowsOf(sink, allKeys(events))).toEqual(expectedRows(log, projection))
                expect((await followerRouter(definition, sink, log)).router).toBe(routerOfLog(definition, log))
              }
            ),
            { numRuns }
          )
        ),
      timeout
    )

    it(
      "decodes the stored router only when another leader moved the checkpoint, not for each of its own batches",
      () =>
        withStorage(async (storage) => {
          const projection = freshName()
          const toy = countingToy(projection)
          let decodes = 0
          const definition = {
            ...toy,
            router: {
              ...toy.router,
              decode: (bytes: Uint8Array) => {
                decodes++
                return toy.router.decode(bytes)
              }
            }
          }
          const events: Array<ToyPartitions.ToyEvent> = Array.from({ length: 24 }, (_, i) => ({
            type: i % 4 === 3 ? "Noted" : "Enrolled",
            school: ["a", "b"][i % 2] as string,
            ine: String(i % 5)
          }))
          const log = ToyPartitions.recorded(events)
          const leader = await run(storage.make(definition))
          const other = await run(storage.make(definition))
          for (let from = 0; from < 12; from += 2) await run(leader.apply(log.slice(from, from + 2)))
          // The first batch found no stored router (the initial one is a copy made through the codec: one decode).
          expect(decodes).toBe(1)
          await run(other.apply(log.slice(12, 16)))
          const afterOther = decodes
          await run(leader.apply(log.slice(16, 20)))
          await run(leader.apply(log.slice(20)))
          // The leader decoded the router the other one wrote once, then kept its own.
          expect(decodes - afterOther).toBe(1)
          expect(await rowsOf(leader, allKeys(events))).toEqual(expectedRows(log, projection))
          expect((await followerRouter(definition, leader, log)).router).toBe(routerOfLog(definition, log))
        }),
      timeout
    )

    it(
      "refuses a name that cannot name a table, and a batch that routes to an empty key (nothing changed)",
      () =>
        withStorage(async (storage) => {
          for (const bad of ["Toy", "toy-counts", "", "a".repeat(49), "toy; DROP TABLE x"]) {
            const error = await run(Effect.flip(storage.make(ToyPartitions.definition(bad))))
            expect({ bad, reason: error.reason }).toEqual({ bad, reason: "InvalidInput" })
          }
          const projection = freshName()
          const toy = ToyPartitions.definition(projection)
          const sink = await run(storage.make(toy))
          const log = ToyPartitions.recorded([
            { type: "Enrolled", school: "a", ine: "1" },
            { type: "Enrolled", school: "b", ine: "2" }
          ])
          await run(sink.apply(log.slice(0, 1)))
          const before = await run(sink.read(allKeys([{ type: "Enrolled", school: "a", ine: "1" }])))
          const emptyKey = await run(
            storage.make({ ...toy, partitionsOf: (event, router) => [...toy.partitionsOf(event, router), ""] })
          )
          const error = await run(Effect.flip(emptyKey.apply(log)))
          expect(error.reason).toBe("ProjectionFailed")
          expect(await run(sink.checkpoint)).toBe(1n)
          expect(await run(sink.read(["org:a", "learner:a/1", "ine:1", "org:b"]))).toEqual(before)
        }),
      timeout
    )
  })
