import { describe, expect, it } from "@effect/vitest"
import { EventStore, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { PostgresEventStore } from "../src/index.ts"
import { databaseUrl, freshSchema, newEvent, openStore, withClient } from "./support.ts"

// Live clock throughout: these tests run against a real server, with real pools, timers and reconnections.
describe("PostgresEventStore", () => {
  it.live("appends, reads a stream and the whole log with bigint positions", () =>
    Effect.gen(function* () {
      const store = yield* openStore()
      const first = yield* store.append([
        {
          streamId: "a",
          expectedVersion: ExpectedVersion.noStream,
          events: [newEvent("A1", { n: 1 }), newEvent("A2")]
        }
      ])
      const second = yield* store.append([
        { streamId: "b", expectedVersion: ExpectedVersion.any, events: [newEvent("B1", { text: 'é"\\' })] },
        { streamId: "a", expectedVersion: ExpectedVersion.exact(2), events: [newEvent("A3")] }
      ])
      const streamA = yield* store.readStream("a")
      const all = yield* store.readAll({ after: 0n, maxCount: 100 })
      const afterOne = yield* store.readStream("a", { after: 1n, maxCount: 1 })
      const result = { first, second, streamA, all, afterOne, head: yield* store.head }
      expect(result.first).toEqual({ streams: [{ streamId: "a", version: 2n }], position: 2n, duplicate: false })
      expect(result.second).toEqual({
        streams: [
          { streamId: "b", version: 1n },
          { streamId: "a", version: 3n }
        ],
        position: 4n,
        duplicate: false
      })
      expect(result.streamA.map((e) => [e.type, e.streamVersion, e.globalPosition])).toEqual([
        ["A1", 1n, 1n],
        ["A2", 2n, 2n],
        ["A3", 3n, 4n]
      ])
      expect(result.all.map((e) => e.globalPosition)).toEqual([1n, 2n, 3n, 4n])
      expect(result.all[2]?.data).toEqual({ text: 'é"\\' })
      expect(result.all[0]?.metadata).toEqual({})
      expect(result.all[0]?.recordedAt).toBeInstanceOf(Date)
      expect(result.afterOne.map((e) => e.streamVersion)).toEqual([2n])
      expect(result.head).toBe(4n)
    })
  )

  it.live("enforces each expected version and writes nothing of a failed multi-stream append", () =>
    Effect.gen(function* () {
      const store = yield* openStore()
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] }])
      const failures = []
      for (const expectedVersion of [
        ExpectedVersion.noStream,
        ExpectedVersion.exact(0),
        ExpectedVersion.exact(2),
        ExpectedVersion.exact(5)
      ]) {
        failures.push(
          yield* Effect.flip(
            store.append([
              { streamId: "other", expectedVersion: ExpectedVersion.any, events: [newEvent("O")] },
              { streamId: "s", expectedVersion, events: [newEvent("E")] }
            ])
          )
        )
      }
      const missing = yield* Effect.flip(
        store.append([{ streamId: "missing", expectedVersion: ExpectedVersion.streamExists, events: [newEvent("M")] }])
      )
      const missingExact = yield* Effect.flip(
        store.append([{ streamId: "missing", expectedVersion: ExpectedVersion.exact(1), events: [newEvent("M")] }])
      )
      const emptyCheckFails = yield* Effect.flip(
        store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [] }])
      )
      const emptyCheckPasses = yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.streamExists, events: [] }
      ])
      const ok = yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.exact(1), events: [newEvent("E")] }
      ])
      const all = yield* store.readAll({ after: 0n, maxCount: 100 })
      const other = yield* store.readStream("other")
      const outcome = { failures, missing, missingExact, emptyCheckFails, emptyCheckPasses, ok, all, other }
      const conflicts = [...outcome.failures, outcome.missing, outcome.missingExact, outcome.emptyCheckFails]
      expect(conflicts.map((error) => error._tag)).toEqual(Array(conflicts.length).fill("WrongExpectedVersion"))
      expect(conflicts.map((error) => (error._tag === "WrongExpectedVersion" ? error.streamId : ""))).toEqual([
        "s",
        "s",
        "s",
        "s",
        "missing",
        "missing",
        "s"
      ])
      expect(outcome.emptyCheckPasses).toEqual({
        streams: [{ streamId: "s", version: 1n }],
        position: 1n,
        duplicate: false
      })
      expect(outcome.ok.streams).toEqual([{ streamId: "s", version: 2n }])
      expect(outcome.all.map((e) => e.globalPosition)).toEqual([1n, 2n])
      expect(outcome.other).toEqual([])
    })
  )

  it.live("reports the stream, the expectation and the actual version of a conflict", () =>
    Effect.gen(function* () {
      const store = yield* openStore()
      yield* store.append([
        { streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("E"), newEvent("E")] }
      ])
      const error = yield* Effect.flip(
        store.append([{ streamId: "s", expectedVersion: ExpectedVersion.exact(1), events: [newEvent("E")] }])
      )
      expect(error._tag).toBe("WrongExpectedVersion")
      if (error._tag === "WrongExpectedVersion") {
        expect({ streamId: error.streamId, expected: error.expected, actual: error.actual }).toEqual({
          streamId: "s",
          expected: "exact(1)",
          actual: 2n
        })
      }
    })
  )

  it.live("answers a re-delivered command with the original result and appends nothing", () =>
    Effect.gen(function* () {
      const store = yield* openStore()
      const original = yield* store.append(
        [{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] }],
        { commandId: "cmd-1" }
      )
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("E")] }])
      const again = yield* store.append(
        [{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] }],
        { commandId: "cmd-1" }
      )
      const all = yield* store.readAll({ after: 0n, maxCount: 10 })
      const outcome = { original, again, all }
      expect(outcome.again).toEqual({ ...outcome.original, duplicate: true })
      expect(outcome.all.map((e) => e.commandId)).toEqual(["cmd-1", null])
    })
  )

  it.live("answers concurrent deliveries of one command once", () =>
    Effect.gen(function* () {
      const store = yield* openStore(undefined, 8)
      const results = yield* Effect.all(
        Array.from({ length: 8 }, () =>
          store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("E")] }], {
            commandId: "same"
          })
        ),
        { concurrency: "unbounded" }
      )
      const outcome = { results, all: yield* store.readAll({ after: 0n, maxCount: 100 }) }
      expect(outcome.all).toHaveLength(1)
      expect(outcome.results.filter((r) => !r.duplicate)).toHaveLength(1)
      for (const result of outcome.results) expect(result.position).toBe(1n)
    })
  )

  it.live("rejects an event id already stored, and writes nothing of that append", () =>
    Effect.gen(function* () {
      const store = yield* openStore()
      const event = newEvent("E")
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [event] }])
      const error = yield* Effect.flip(
        store.append([{ streamId: "t", expectedVersion: ExpectedVersion.any, events: [newEvent("F"), event] }])
      )
      const outcome = { error, all: yield* store.readAll({ after: 0n, maxCount: 10 }), t: yield* store.readStream("t") }
      expect(outcome.error._tag).toBe("EventStoreError")
      if (outcome.error._tag === "EventStoreError") expect(outcome.error.reason).toBe("DuplicateEventId")
      expect(outcome.all).toHaveLength(1)
      expect(outcome.t).toEqual([])
    })
  )

  it.live(
    "delivers the backlog then live events to a subscriber, and awaitPosition sees a write from another store",
    () =>
      Effect.gen(function* () {
        const store = yield* openStore()
        const writer = yield* openStore(store.schema)
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("Old")] }])
        const fiber = yield* Effect.forkChild(Stream.runCollect(Stream.take(store.subscribe({ after: 0n }), 3)))
        yield* Effect.sleep(50)
        const appended = yield* writer.append([
          { streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("New1"), newEvent("New2")] }
        ])
        yield* store.awaitPosition(appended.position, 5000)
        const timedOut = yield* Effect.flip(store.awaitPosition(appended.position + 1n, 100))
        const events = yield* Fiber.join(fiber)
        const outcome = { events, timedOut }
        expect(outcome.events.map((e) => e.type)).toEqual(["Old", "New1", "New2"])
        expect(outcome.timedOut.reason).toBe("Timeout")
      })
  )

  it.live(
    "groups concurrent appends: a failing one is rolled back alone, the others commit with consecutive positions",
    () =>
      Effect.gen(function* () {
        const store = yield* openStore()
        const existing = newEvent("E")
        yield* store.append([{ streamId: "taken", expectedVersion: ExpectedVersion.any, events: [existing] }])
        const attempts = Array.from({ length: 12 }, (_, index) =>
          index % 3 === 0
            ? store.append([
                { streamId: `ok-${index}`, expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] },
                { streamId: "taken", expectedVersion: ExpectedVersion.any, events: [newEvent("E"), existing] }
              ])
            : index % 3 === 1
              ? store.append([
                  { streamId: "taken", expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] }
                ])
              : store.append([
                  {
                    streamId: `ok-${index}`,
                    expectedVersion: ExpectedVersion.noStream,
                    events: [newEvent("E"), newEvent("E")]
                  }
                ])
        )
        const results = yield* Effect.all(attempts.map(Effect.result), { concurrency: "unbounded" })
        const outcome = { results, all: yield* store.readAll({ after: 0n, maxCount: 100 }) }
        const tags = outcome.results.map((result) =>
          result._tag === "Success"
            ? "ok"
            : result.failure._tag === "EventStoreError"
              ? result.failure.reason
              : result.failure._tag
        )
        expect(tags).toEqual(Array.from({ length: 4 }, () => ["DuplicateEventId", "WrongExpectedVersion", "ok"]).flat())
        expect(outcome.all.map((event) => event.globalPosition)).toEqual(
          Array.from({ length: 9 }, (_, i) => BigInt(i + 1))
        )
        expect(outcome.all.filter((event) => event.streamId === "taken")).toHaveLength(1)
      })
  )

  it.live(
    "stores any JSON in data and metadata (U+0000 and lone surrogates included), and refuses ids PostgreSQL text cannot hold",
    () =>
      Effect.gen(function* () {
        const store = yield* openStore()
        const tricky = { text: "a\u0000b", quote: "\"'\\", emoji: "😀", nested: { list: [1.5, null, true, "é"] } }
        const attempts = [
          { streamId: "fine", data: tricky, metadata: { actor: "x\u0000y" } },
          { streamId: "nul\u0000stream", data: {}, metadata: {} },
          { streamId: "lone-surrogate", data: { text: "\ud800" }, metadata: {} },
          { streamId: "lone\udc00stream", data: {}, metadata: {} },
          { streamId: "also-fine", data: [1, 2], metadata: {} }
        ]
        const run = (concurrency: "unbounded" | 1) =>
          Effect.all(
            attempts.map(({ streamId, data, metadata }) =>
              Effect.result(
                store.append([
                  {
                    streamId: `${streamId}-${concurrency}`,
                    expectedVersion: ExpectedVersion.any,
                    events: [{ ...newEvent("E", data), metadata }]
                  }
                ])
              )
            ),
            { concurrency }
          )
        const oneByOne = yield* run(1)
        const grouped = yield* run("unbounded")
        const outcome = { oneByOne, grouped, all: yield* store.readAll({ after: 0n, maxCount: 100 }), tricky }
        const tags = (results: typeof outcome.oneByOne) =>
          results.map((result) =>
            result._tag === "Success" ? "ok" : result.failure._tag === "EventStoreError" ? result.failure.reason : "?"
          )
        const expected = ["ok", "InvalidInput", "ok", "InvalidInput", "ok"]
        expect(tags(outcome.oneByOne)).toEqual(expected)
        expect(tags(outcome.grouped)).toEqual(expected)
        expect(outcome.all.map((event) => event.globalPosition)).toEqual([1n, 2n, 3n, 4n, 5n, 6n])
        expect(outcome.all[1]?.data).toEqual({ text: "\ud800" })
        expect(outcome.all[0]?.data).toEqual(outcome.tricky)
        expect(outcome.all[0]?.metadata).toEqual({ actor: "x\u0000y" })
      })
  )

  it.live("keeps live subscriptions going when its listening connection is killed (polls, then listens again)", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const store = yield* openStore(schema)
      const fiber = yield* Effect.forkChild(Stream.runCollect(Stream.take(store.subscribe({ after: 0n }), 3)))
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("Before")] }])
      const killed = yield* Effect.promise(() =>
        withClient((client) =>
          client.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query = $1",
            [`LISTEN orga_events_${schema}`]
          )
        )
      )
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("During")] }])
      // The notifier reconnects in the background; wait (bounded) until it listens again.
      const listening = () =>
        withClient((client) =>
          client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1", [
            `LISTEN orga_events_${schema}`
          ])
        ).then((result) => result.rows[0]?.n ?? 0)
      let relistening = 0
      for (let attempt = 0; attempt < 100 && relistening === 0; attempt++) {
        relistening = yield* Effect.promise(listening)
        if (relistening === 0) yield* Effect.sleep(50)
      }
      yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.any, events: [newEvent("After")] }])
      const events = yield* Fiber.join(fiber)
      const outcome = { killed: killed.rowCount, events: events.map((e) => e.type), relistening }
      expect(outcome).toEqual({ killed: 1, events: ["Before", "During", "After"], relistening: 1 })
    })
  )

  it.live("provides the EventStore service as a layer", () =>
    Effect.gen(function* () {
      const schema = freshSchema()
      const program = Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        yield* store.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [newEvent("E")] }])
        return yield* store.head
      })
      const head = yield* Effect.provide(program, PostgresEventStore.layer({ connectionString: databaseUrl(), schema }))
      expect(head).toBe(1n)
    })
  )

  it.live("refuses a schema name that is not a plain identifier", () =>
    Effect.gen(function* () {
      const error = yield* Effect.scoped(Effect.flip(openStore("bad-name; drop table x")))
      expect(error.reason).toBe("InvalidInput")
    })
  )
})
