import { EventStore } from "@orga/event-store"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import { kurrentdb } from "../src/stores/Kurrentdb.ts"

// No KurrentDB server here: the store choice is checked to build its layer (the client connects lazily) and to
// reach the real client, which reports the address where nothing listens. The adapter's own tests (and its
// contract suites, with KURRENTDB_CONNECTION_STRING) cover the store itself.
describe("@orga/orga/kurrentdb", () => {
  it("builds an EventStore layer from a connection string, failing with Unavailable where no server is", async () => {
    const layer: Layer.Layer<EventStore.EventStore, unknown> = kurrentdb(
      "kurrentdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1",
      { namespace: "front_door" }
    )
    const failure = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const context = yield* Layer.build(layer)
          return yield* Effect.flip(Context.get(context, EventStore.EventStore).head)
        })
      )
    )
    expect(failure.reason).toBe("Unavailable")
  })

  it("fails to build on a connection string the client cannot read", async () => {
    const failure = await Effect.runPromise(Effect.flip(Effect.scoped(Layer.build(kurrentdb("not a url")))))
    expect(failure.reason).toBe("InvalidConnectionString")
  })
})
