import { NO_STREAM } from "@kurrent/kurrentdb-client"
import { EventStoreError, ExpectedVersion } from "@orga/event-store"
import { describe, expect, it } from "vitest"
import * as AppendPlan from "../src/AppendPlan.ts"
import * as Records from "../src/Records.ts"
import * as StreamNames from "../src/StreamNames.ts"
import { asRead } from "./support.ts"

const names = StreamNames.make("orga")!
const event = (id: string) => ({ id, type: "Happened", data: { id } })

describe("AppendPlan.plan", () => {
  it("writes the log marker first, then the streams at the exact revisions read, the claims and the command", () => {
    const appends = [
      { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: [event("e1"), event("e2")] },
      { streamId: "b", expectedVersion: ExpectedVersion.any, events: [event("e3")] }
    ]
    const plan = AppendPlan.plan(names, appends, [0n, 4n], {
      headPosition: 2n ** 53n,
      logState: 6n,
      commandId: "cmd-1"
    })
    expect(plan.result).toEqual({
      streams: [
        { streamId: "a", version: 2n },
        { streamId: "b", version: 5n }
      ],
      position: 2n ** 53n + 3n,
      duplicate: false
    })
    expect(plan.requests.map((request) => [request.streamName, request.expectedState, request.events.length])).toEqual([
      ["orga/log", 6n, 1],
      ["orga/s/a", NO_STREAM, 2],
      ["orga/s/b", 3n, 1],
      ["orga/id/e1", NO_STREAM, 1],
      ["orga/id/e2", NO_STREAM, 1],
      ["orga/id/e3", NO_STREAM, 1],
      ["orga/cmd/cmd-1", NO_STREAM, 1]
    ])
    const place = { commit: 1n, prepare: 1n }
    expect(Records.decodeMarker(asRead(plan.requests[0]!.events[0]!, names.log, 7n, place))).toEqual({
      first: 2n ** 53n + 1n,
      last: 2n ** 53n + 3n
    })
    // Positions are numbered in call order across the streams.
    const positions = plan.requests
      .slice(1, 3)
      .flatMap((request) =>
        request.events.map((written) =>
          Records.decodeApplicationEvent(names, asRead(written, request.streamName, 0n, place))
        )
      )
      .map((decoded) => (decoded as { globalPosition: bigint }).globalPosition)
    expect(positions).toEqual([2n ** 53n + 1n, 2n ** 53n + 2n, 2n ** 53n + 3n])
    expect(Records.decodeCommand(asRead(plan.requests[6]!.events[0]!, "orga/cmd/cmd-1", 0n, place))).toEqual({
      ...plan.result,
      duplicate: true
    })
  })

  it("derives the events' record ids from the command id, the same on every attempt", () => {
    const appends = [{ streamId: "a", expectedVersion: ExpectedVersion.any, events: [event("e1"), event("e2")] }]
    const ids = (headPosition: bigint) =>
      AppendPlan.plan(names, appends, [0n], {
        headPosition,
        logState: NO_STREAM,
        commandId: "c"
      }).requests[1]!.events.map((written) => written.id)
    expect(ids(0n)).toEqual(ids(10n))
    expect(new Set(ids(0n)).size).toBe(2)
  })

  it("writes no marker for an append without events, only the command's result when there is one", () => {
    const appends = [{ streamId: "a", expectedVersion: ExpectedVersion.any, events: [] }]
    const withCommand = AppendPlan.plan(names, appends, [3n], {
      headPosition: 9n,
      logState: 8n,
      commandId: "c"
    })
    expect(withCommand.result).toEqual({ streams: [{ streamId: "a", version: 3n }], position: 9n, duplicate: false })
    expect(withCommand.requests.map((request) => request.streamName)).toEqual(["orga/cmd/c"])
    const without = AppendPlan.plan(names, appends, [3n], {
      headPosition: 9n,
      logState: 8n,
      commandId: undefined
    })
    expect(without.requests).toEqual([])
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
