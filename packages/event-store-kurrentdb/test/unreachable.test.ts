import { EventStore, ExpectedVersion } from "@orga/event-store"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import * as KurrentEventStore from "../src/KurrentEventStore.ts"

// The real client, with no server behind the address: what the store says when KurrentDB cannot be reached.
// (Port 1 on the loopback refuses connections at once.)
const nowhere = "kurrentdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1"

const withStore = <A, E>(use: (store: EventStore.EventStoreShape) => Effect.Effect<A, E>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const context = yield* Layer.build(
          KurrentEventStore.layer({ connectionString: nowhere, namespace: "unreachable" })
        )
        return yield* use(Context.get(context, EventStore.EventStore))
      })
    )
  )

describe("KurrentEventStore without a reachable server", () => {
  it("builds its layer without connecting, and fails reads and appends with reason Unavailable", async () => {
    const failures = await withStore((store) =>
      Effect.all([
        Effect.flip(store.head),
        Effect.flip(store.readAll({ after: 0n, maxCount: 10 })),
        Effect.flip(store.readStream("s")),
        Effect.flip(
          store.append([
            { streamId: "s", expectedVersion: ExpectedVersion.any, events: [{ id: "e", type: "T", data: {} }] }
          ])
        ),
        // Several streams (the client's multi-stream append, which asks the server's features first) and a
        // command id (whose record is read first): the same answer, not Unsupported nor Corrupt.
        Effect.flip(
          store.append([
            { streamId: "a", expectedVersion: ExpectedVersion.noStream, events: [{ id: "e1", type: "T", data: {} }] },
            { streamId: "b", expectedVersion: ExpectedVersion.exact(2), events: [{ id: "e2", type: "T", data: {} }] }
          ])
        ),
        Effect.flip(
          store.append(
            [{ streamId: "s", expectedVersion: ExpectedVersion.exact(1), events: [{ id: "e", type: "T", data: {} }] }],
            { commandId: "cmd-1" }
          )
        )
      ])
    )
    expect(failures.map((failure) => failure._tag === "EventStoreError" && failure.reason)).toEqual([
      "Unavailable",
      "Unavailable",
      "Unavailable",
      "Unavailable",
      "Unavailable",
      "Unavailable"
    ])
  })

  it("refuses a connection string the client cannot parse, and a namespace it cannot use", async () => {
    const badString = await Effect.runPromise(
      Effect.flip(Effect.scoped(Layer.build(KurrentEventStore.layer({ connectionString: "postgres://x" }))))
    )
    expect(badString.reason).toBe("InvalidConnectionString")
    const badNamespace = await Effect.runPromise(
      Effect.flip(Effect.scoped(Layer.build(KurrentEventStore.layer({ connectionString: nowhere, namespace: "a/b" }))))
    )
    expect(badNamespace.reason).toBe("InvalidNamespace")
  })

  it("takes the connection string from KURRENTDB_CONNECTION_STRING, and says so when it is missing", async () => {
    // Fails either at the build (no setting) or at the first read (nothing listens): the error is the answer.
    const withEnv = (env: Record<string, string>) =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const context = yield* Layer.build(KurrentEventStore.layerConfig({ namespace: "from_env" }))
            return yield* Context.get(context, EventStore.EventStore).head
          })
        ).pipe(Effect.flip, Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))
      )
    expect((await withEnv({ KURRENTDB_CONNECTION_STRING: nowhere })).reason).toBe("Unavailable")
    const missing = await withEnv({})
    expect(missing.reason).toBe("MissingConnectionString")
    expect(missing.message).toContain("KURRENTDB_CONNECTION_STRING")
  })
})
