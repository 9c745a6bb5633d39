import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as EventCodec from "../src/EventCodec.ts"
import type { EventStoreShape, RecordedEvent } from "../src/EventStore.ts"
import * as ExpectedVersion from "../src/ExpectedVersion.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"
import * as ProjectionLock from "../src/ProjectionLock.ts"
import * as ProjectionRunner from "../src/ProjectionRunner.ts"
import * as ProjectionSink from "../src/ProjectionSink.ts"

const StudentImported = Schema.TaggedStruct("StudentImported", {
  organizationId: Schema.String,
  studentId: Schema.String
})
const StudentDisabled = Schema.TaggedStruct("StudentDisabled", {
  organizationId: Schema.String,
  studentId: Schema.String
})
const Events = Schema.Union([StudentImported, StudentDisabled])
type Event = typeof Events.Type
const codec = EventCodec.make({ schema: Events })

/** Active students per organization. */
interface Roster {
  readonly active: ReadonlyMap<string, number>
  readonly seen: number
}
const roster: ProjectionSink.Projection<Roster, Event> = {
  initialState: { active: new Map(), seen: 0 },
  evolve: (state, event) => {
    const active = new Map(state.active)
    const delta = event._tag === "StudentImported" ? 1 : -1
    active.set(event.organizationId, (active.get(event.organizationId) ?? 0) + delta)
    return { active, seen: state.seen + 1 }
  }
}

const makeSink = (name = "roster") =>
  ProjectionSink.makeMemory({ name, projection: roster, decode: ProjectionSink.decodeWith(codec) })

let counter = 0
const appendStudents = (
  store: EventStoreShape,
  organizationId: string,
  count: number,
  extra: ReadonlyArray<{ type: string; data: unknown }> = []
) =>
  Effect.runPromise(
    codec
      .encodeAll(
        Array.from({ length: count }, () => StudentImported.make({ organizationId, studentId: `s-${++counter}` }))
      )
      .pipe(
        Effect.flatMap((events) =>
          store.append([
            {
              streamId: `roster-${organizationId}`,
              expectedVersion: ExpectedVersion.any,
              events: [...events, ...extra.map((event) => ({ id: `x-${++counter}`, ...event }))]
            }
          ])
        )
      )
  )

/** The state a pure fold of the whole log gives. */
const foldLog = async (store: EventStoreShape): Promise<Roster> => {
  const log = await Effect.runPromise(store.readAll({ after: 0n, maxCount: 1_000_000 }))
  let state = roster.initialState
  for (const event of log) {
    const decoded = codec.decodeResult(event)
    if (Result.isSuccess(decoded)) state = roster.evolve(state, decoded.success)
  }
  return state
}

/** Wraps a sink to record every batch it is given, and by whom. */
const spy = <S>(
  sink: ProjectionSink.MemorySink<S>,
  label: string,
  batches: Array<{ label: string; positions: Array<bigint> }>
) => ({
  ...sink,
  apply: (events: ReadonlyArray<RecordedEvent>) =>
    Effect.sync(() => batches.push({ label, positions: events.map((event) => event.globalPosition) })).pipe(
      Effect.andThen(sink.apply(events))
    )
})

describe("ProjectionRunner", () => {
  it("catches up in batches of batchSize and matches a pure fold of the log", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    await appendStudents(store, "a", 6)
    await appendStudents(store, "b", 4)
    const sink = makeSink()
    const batches: Array<{ label: string; positions: Array<bigint> }> = []
    const checkpoint = await Effect.runPromise(
      ProjectionRunner.catchUp(store, spy(sink, "one", batches), { batchSize: 3 })
    )
    expect(checkpoint).toBe(10n)
    expect(batches.map((batch) => batch.positions.length)).toEqual([3, 3, 3, 1])
    expect(sink.stateUnsafe()).toEqual(await foldLog(store))
    expect(sink.stateUnsafe().active).toEqual(
      new Map([
        ["a", 6],
        ["b", 4]
      ])
    )
  })

  it("resumes from its checkpoint without counting anything twice, whatever the restarts (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            organization: fc.constantFrom("a", "b", "c"),
            count: fc.integer({ min: 1, max: 5 }),
            restart: fc.boolean()
          }),
          {
            minLength: 1,
            maxLength: 8
          }
        ),
        fc.integer({ min: 1, max: 4 }),
        async (steps, batchSize) => {
          const store = await Effect.runPromise(MemoryEventStore.make())
          const sink = makeSink()
          for (const step of steps) {
            await appendStudents(store, step.organization, step.count)
            if (step.restart) await Effect.runPromise(ProjectionRunner.catchUp(store, sink, { batchSize }))
          }
          await Effect.runPromise(ProjectionRunner.catchUp(store, sink, { batchSize }))
          // A batch delivered again (a crash after apply, before the caller learnt of it) changes nothing.
          await Effect.runPromise(sink.apply(await Effect.runPromise(store.readAll({ after: 0n, maxCount: 100 }))))
          expect(sink.stateUnsafe()).toEqual(await foldLog(store))
          expect(sink.checkpointUnsafe()).toBe(await Effect.runPromise(store.head))
        }
      ),
      { numRuns: 100 }
    )
  })

  it("follows the log live after catching up; a rebuild gives the same state", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    await appendStudents(store, "a", 3)
    const sink = makeSink()
    const fiber = Effect.runFork(ProjectionRunner.run(store, sink, { batchSize: 2 }))
    await appendStudents(store, "b", 2)
    const { position } = await appendStudents(store, "a", 1, [
      { type: "StudentDisabled", data: { organizationId: "a", studentId: "s-1" } }
    ])
    await Effect.runPromise(ProjectionRunner.awaitCheckpoint(sink, position, { timeout: "10 seconds" }))
    const live = sink.stateUnsafe()
    expect(live.active).toEqual(
      new Map([
        ["a", 3],
        ["b", 2]
      ])
    )
    expect(live).toEqual(await foldLog(store))
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(await Effect.runPromise(ProjectionRunner.rebuild(store, sink))).toBe(position)
    expect(sink.stateUnsafe()).toEqual(live)
    const fresh = makeSink()
    await Effect.runPromise(ProjectionRunner.rebuild(store, fresh, { batchSize: 4 }))
    expect(fresh.stateUnsafe()).toEqual(live)
  })

  it("skips event types the projection's codec does not know, and fails a batch it cannot decode without changing anything", async () => {
    const store = await Effect.runPromise(MemoryEventStore.make())
    await appendStudents(store, "a", 2, [{ type: "CampaignCreated", data: { code: "ABC" } }])
    const sink = makeSink()
    await Effect.runPromise(ProjectionRunner.catchUp(store, sink))
    expect(sink.stateUnsafe().seen).toBe(2)
    expect(sink.checkpointUnsafe()).toBe(3n)
    await appendStudents(store, "a", 1, [{ type: "StudentImported", data: { organizationId: 42 } }])
    const error = await Effect.runPromise(Effect.flip(ProjectionRunner.catchUp(store, sink)))
    expect(error).toBeInstanceOf(ProjectionSink.ProjectionError)
    expect(error).toMatchObject({ projection: "roster", reason: "InvalidEvent" })
    expect(sink.stateUnsafe().seen).toBe(2)
    expect(sink.checkpointUnsafe()).toBe(3n)
    const strict = ProjectionSink.makeMemory({
      name: "strict",
      projection: roster,
      decode: ProjectionSink.decodeWith(codec, { unknownTypes: "fail" })
    })
    const strictError = await Effect.runPromise(Effect.flip(ProjectionRunner.catchUp(store, strict)))
    expect(strictError).toMatchObject({ projection: "strict", reason: "UnknownEventType" })
  })

  /** A lock that only tries, as `pg_try_advisory_lock` does: the held names live in a set. */
  const tryLock = () => {
    const held = new Set<string>()
    return ProjectionLock.fromTryAcquire(
      (name) =>
        Effect.acquireRelease(
          Effect.sync(() => {
            if (held.has(name)) return false
            held.add(name)
            return true
          }),
          (got) => Effect.sync(() => (got ? held.delete(name) : undefined))
        ),
      { interval: "5 millis" }
    )
  }

  it.each([
    ["an in-process lock", () => ProjectionLock.makeMemory()],
    ["a try-only lock made waiting", tryLock]
  ])(
    "lets one runner per projection be active with %s; the next one takes over from the checkpoint",
    async (_, makeLock) => {
      const store = await Effect.runPromise(MemoryEventStore.make())
      const lock = makeLock()
      const sink = makeSink()
      const batches: Array<{ label: string; positions: Array<bigint> }> = []
      const first = Effect.runFork(ProjectionRunner.run(store, spy(sink, "first", batches), { lock }))
      await Effect.runPromise(Effect.sleep("10 millis"))
      const second = Effect.runFork(ProjectionRunner.run(store, spy(sink, "second", batches), { lock }))
      const { position } = await appendStudents(store, "a", 3)
      await Effect.runPromise(ProjectionRunner.awaitCheckpoint(sink, position))
      await Effect.runPromise(Effect.sleep("20 millis"))
      expect(new Set(batches.map((batch) => batch.label))).toEqual(new Set(["first"]))
      await Effect.runPromise(Fiber.interrupt(first))
      const next = await appendStudents(store, "b", 2)
      await Effect.runPromise(ProjectionRunner.awaitCheckpoint(sink, next.position))
      expect(batches.some((batch) => batch.label === "second")).toBe(true)
      expect(sink.stateUnsafe()).toEqual(await foldLog(store))
      // The second runner caught up from the checkpoint: no position was handed to it twice.
      const positions = batches.filter((batch) => batch.label === "second").flatMap((batch) => batch.positions)
      expect(positions).toEqual([4n, 5n])
      await Effect.runPromise(Fiber.interrupt(second))
    }
  )

  it("times out waiting for a checkpoint never reached", async () => {
    const error = await Effect.runPromise(
      Effect.flip(ProjectionRunner.awaitCheckpoint(makeSink(), 1n, { timeout: "30 millis" }))
    )
    expect(error).toMatchObject({ _tag: "ProjectionError", reason: "Timeout" })
  })
})
