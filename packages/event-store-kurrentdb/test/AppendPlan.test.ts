import { ANY, NO_STREAM, STREAM_EXISTS } from "@kurrent/kurrentdb-client"
import { EventStoreError, ExpectedVersion } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as AppendPlan from "../src/AppendPlan.ts"
import * as ExpectedRevision from "../src/ExpectedRevision.ts"
import * as Records from "../src/Records.ts"
import * as StreamNames from "../src/StreamNames.ts"
import { asRead } from "./support.ts"

const names = StreamNames.make("orga")!
const event = (id: string) => ({ id, type: "Happened", data: { id } })
const place = { commit: 1n, prepare: 1n }
const noChecks = new Map<string, bigint>()

describe("AppendPlan.plan", () => {
  it("sends each stream with events at its expected version as the server's state, then the command's record", () => {
    const appends = [
      { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: [event("e1"), event("e2")] },
      { streamId: "b", expectedVersion: ExpectedVersion.exact(4), events: [event("e3")] },
      { streamId: "c", expectedVersion: ExpectedVersion.streamExists, events: [] },
      { streamId: "d", expectedVersion: ExpectedVersion.any, events: [event("e4")] }
    ]
    const plan = AppendPlan.plan(names, appends, { commandId: "cmd-1", checked: new Map([["c", 7n]]) })
    expect(plan.streams.map((part) => [part.streamName, part.expectedState, part.events.length])).toEqual([
      ["orga/s/a", NO_STREAM, 2],
      ["orga/s/b", 3n, 1],
      ["orga/s/d", ANY, 1]
    ])
    expect([plan.command?.streamName, plan.command?.expectedState]).toEqual(["orga/cmd/cmd-1", NO_STREAM])
    // The record keeps the append's streams: counts, and the checked version of a stream without events.
    expect(Records.decodeCommand(asRead(plan.command!.events[0]!, "orga/cmd/cmd-1", 0n, place))).toEqual([
      { streamId: "a", count: 2, version: undefined },
      { streamId: "b", count: 1, version: undefined },
      { streamId: "c", count: 0, version: 7n },
      { streamId: "d", count: 1, version: undefined }
    ])
    // Events carry the command id, in call order across the streams.
    const decoded = plan.streams.flatMap((part) =>
      part.events.map((written) => Records.decodeApplicationEvent(names, asRead(written, part.streamName, 0n, place)))
    )
    expect(decoded.map((read) => read !== undefined && "id" in read && [read.id, read.commandId])).toEqual([
      ["e1", "cmd-1"],
      ["e2", "cmd-1"],
      ["e3", "cmd-1"],
      ["e4", "cmd-1"]
    ])
  })

  it("maps every expected version as ExpectedRevision does, and adds no record without a command id", () =>
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant(ExpectedVersion.any),
          fc.constant(ExpectedVersion.noStream),
          fc.constant(ExpectedVersion.streamExists),
          fc.bigInt({ min: 0n, max: 2n ** 64n }).map(ExpectedVersion.exact)
        ),
        (expectedVersion) => {
          const plan = AppendPlan.plan(names, [{ streamId: "s", expectedVersion, events: [event("e")] }], {
            commandId: undefined,
            checked: noChecks
          })
          expect(plan.command).toBeUndefined()
          expect(plan.streams).toHaveLength(1)
          expect(plan.streams[0]!.expectedState).toEqual(ExpectedRevision.toStreamState(expectedVersion))
          expect([ANY, NO_STREAM, STREAM_EXISTS].includes(plan.streams[0]!.expectedState as never)).toBe(
            expectedVersion._tag !== "Exact" || expectedVersion.version === 0n
          )
        }
      )
    ))

  it("derives the events' record ids from the command id: a re-sent command carries the ids the server saw", () => {
    const ids = (eventIds: ReadonlyArray<string>, commandId: string | undefined) =>
      AppendPlan.plan(names, [{ streamId: "a", expectedVersion: ExpectedVersion.any, events: eventIds.map(event) }], {
        commandId,
        checked: noChecks
      }).streams[0]!.events.map((written) => written.id)
    // Same command, events rebuilt with new port ids: the same record ids.
    expect(ids(["e1", "e2"], "c")).toEqual(ids(["x1", "x2"], "c"))
    expect(new Set(ids(["e1", "e2"], "c")).size).toBe(2)
    expect(ids(["e1", "e2"], "c")).not.toEqual(ids(["e1", "e2"], "d"))
    // Without a command id, from the port's event ids.
    expect(ids(["e1"], undefined)).toEqual(ids(["e1"], undefined))
    expect(ids(["e1"], undefined)).not.toEqual(ids(["e2"], undefined))
  })

  it("sends nothing for an append without events", () => {
    const plan = AppendPlan.plan(names, [{ streamId: "a", expectedVersion: ExpectedVersion.any, events: [] }], {
      commandId: undefined,
      checked: new Map([["a", 3n]])
    })
    expect(plan.streams).toEqual([])
  })
})

describe("AppendPlan.check", () => {
  it("refuses an event id given twice in one append, and a stream given twice", () => {
    const twice = AppendPlan.check([
      { streamId: "a", expectedVersion: ExpectedVersion.any, events: [event("e1")] },
      { streamId: "b", expectedVersion: ExpectedVersion.any, events: [event("e1")] }
    ])
    expect(twice).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(twice?.reason).toBe("DuplicateEventId")
    const stream = AppendPlan.check([
      { streamId: "a", expectedVersion: ExpectedVersion.any, events: [event("e1")] },
      { streamId: "a", expectedVersion: ExpectedVersion.any, events: [event("e2")] }
    ])
    expect(stream?.reason).toBe("InvalidAppend")
    expect(
      AppendPlan.check([{ streamId: "a", expectedVersion: ExpectedVersion.any, events: [event("e1")] }])
    ).toBeUndefined()
  })
})
