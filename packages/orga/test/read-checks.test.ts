/**
 * A decision appends every stream it read with the version it read, on the real stores: a stream only read
 * (appended with no event) that moved before the append makes the append fail, and the write path decides again
 * on fresh states. This is what keeps a join from landing after its campaign's archive.
 */
import { CommandHandler, EventCodec, EventStore, EventStoreError, ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { afterAll, describe, expect, inject, it } from "vitest"
import * as Postgres from "../src/stores/Postgres.ts"
import * as Sqlite from "../src/stores/Sqlite.ts"
import { tempSqlite } from "./support/harness.ts"

const Moved = Schema.TaggedStruct("Moved", { by: Schema.Number })
const codec = EventCodec.make({ schema: Moved })

const race = (layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError, never>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const store = yield* EventStore.EventStore
        const decisions = CommandHandler.makeDecisions({ store, codec })
        const versionOf = (streamId: string) =>
          Effect.map(store.readStream(streamId), (events) => BigInt(events.length))
        const moved = yield* codec.encodeAll([Moved.make({ by: 1 })])

        // A stale read-only version alone fails the whole append, and writes nothing.
        const stale = yield* Effect.flip(
          store.append([
            { streamId: "written", expectedVersion: ExpectedVersion.exact(0n), events: moved },
            { streamId: "read", expectedVersion: ExpectedVersion.exact(5n), events: [] }
          ])
        )
        expect(stale).toBeInstanceOf(EventStoreError.WrongExpectedVersion)
        expect(yield* store.readStream("written")).toEqual([])

        // The gate moves between the first decision and its append: the decision runs again on fresh states.
        let runs = 0
        const result = yield* decisions(
          Effect.gen(function* () {
            runs += 1
            const gate = yield* versionOf("gate")
            if (runs === 1)
              yield* store.append([{ streamId: "gate", expectedVersion: ExpectedVersion.any, events: moved }])
            return {
              streams: [
                {
                  streamId: "written",
                  expected: ExpectedVersion.exact(yield* versionOf("written")),
                  events: [Moved.make({ by: Number(gate) })]
                },
                { streamId: "gate", expected: ExpectedVersion.exact(gate), events: [] }
              ],
              answer: gate
            }
          }),
          { replay: () => -1n }
        )
        expect(runs).toBe(2)
        expect(result.answer).toBe(1n)
        expect((yield* store.readStream("written")).map((event) => event.data)).toEqual([{ by: 1 }])
      }).pipe(Effect.provide(layer))
    )
  )

describe("read-only streams are checked at append time", () => {
  const file = tempSqlite()
  afterAll(() => file.cleanup())

  it("on SQLite", () => race(Sqlite.layer(file.filename, { durability: "normal" })))

  it(
    "on PostgreSQL",
    () => race(Postgres.layer(inject("databaseUrl"), `orga_reads_${process.pid}_${Date.now()}`)),
    60_000
  )
})
