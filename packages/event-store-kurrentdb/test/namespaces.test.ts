import { ExpectedVersion } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { KurrentEventStore } from "../src/index.ts"
import { connectionString, freshNamespace, sayWhenNotRun } from "./live.ts"

sayWhenNotRun("the namespace isolation test against KurrentDB")

describe.skipIf(connectionString === undefined)("KurrentEventStore namespaces on a live server", () => {
  it("reads and counts only its own namespace's streams from $all", async () => {
    const [mine, theirs] = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const client = yield* KurrentEventStore.connect(connectionString ?? "")
          const one = yield* KurrentEventStore.make({ client, namespace: freshNamespace() })
          const other = yield* KurrentEventStore.make({ client, namespace: freshNamespace() })
          const event = (id: string) => ({ id, type: "T", data: { id } })
          yield* one.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("a")] }])
          yield* other.append([{ streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [event("b")] }])
          // The same event id in two namespaces: records of different streams.
          yield* other.append([{ streamId: "t", expectedVersion: ExpectedVersion.noStream, events: [event("a")] }])
          return yield* Effect.all([
            one.readAll({ after: 0n, maxCount: 10 }),
            other.readAll({ after: 0n, maxCount: 10 })
          ])
        })
      )
    )
    expect(mine.map((event) => [event.streamId, event.id])).toEqual([["s", "a"]])
    expect(theirs.map((event) => [event.streamId, event.id])).toEqual([
      ["s", "b"],
      ["t", "a"]
    ])
    // Positions are the server's: both namespaces' events interleave in one $all, each namespace's in order.
    expect(theirs[0]!.globalPosition > mine[0]!.globalPosition).toBe(true)
    expect(theirs[1]!.globalPosition > theirs[0]!.globalPosition).toBe(true)
  })
})
