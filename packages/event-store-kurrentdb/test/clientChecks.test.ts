import type { KurrentDBClient } from "@kurrent/kurrentdb-client"
// The client's own multi-stream append, below its server-features check: it validates the requests, then hands
// them to `execute` (the gRPC call). A `this` whose `execute` answers at once stands for the connection.
import { multiStreamAppend } from "@kurrent/kurrentdb-client/dist/streams/appendToStream/multiStreamAppend.js"
import { ExpectedVersion } from "@orga/event-store"
import { describe, expect, it } from "vitest"
import * as AppendPlan from "../src/AppendPlan.ts"
import * as StreamNames from "../src/StreamNames.ts"

const names = StreamNames.make("orga")!
const connection = { execute: async () => "sent" } as unknown as KurrentDBClient

const plan = (metadata: Record<string, unknown> | undefined, commandId: string | undefined) =>
  AppendPlan.plan(
    names,
    [
      {
        streamId: "campaign-1",
        expectedVersion: ExpectedVersion.any,
        events: [
          { id: "e1", type: "CampaignCreated", data: { code: "ABC" }, metadata },
          { id: "e2", type: "CampaignCodeReserved", data: ["list", 1, null] }
        ]
      },
      {
        streamId: "code-ABC",
        expectedVersion: ExpectedVersion.noStream,
        events: [{ id: "e3", type: "T", data: "text" }]
      }
    ],
    [2n, 0n],
    { headPosition: 10n, logState: 4n, commandId }
  ).requests

describe("the client's own checks of the store's append requests", () => {
  it("accepts them: metadata as string properties only, whatever the port's metadata holds", async () => {
    for (const metadata of [undefined, {}, { schemaVersion: 2, nested: { a: [1, null] }, actor: "user-1" }]) {
      for (const commandId of [undefined, "cmd-1"]) {
        expect(await multiStreamAppend.call(connection, plan(metadata, commandId))).toBe("sent")
      }
    }
  })

  it("would refuse metadata that is not string properties (so the check above can fail)", async () => {
    const requests = plan(undefined, undefined)
    const first = requests[1]!
    const bad = [{ ...first, events: [{ ...first.events[0]!, metadata: { orga: { id: "e1" } } }] }] as typeof requests
    await expect(multiStreamAppend.call(connection, bad)).rejects.toThrow(/string keys and string values/)
  })
})
