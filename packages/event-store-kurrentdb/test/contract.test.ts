import { ReplayContract, runEventStoreContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { describe } from "vitest"
import { KurrentEventStore, KurrentReplay } from "../src/index.ts"
import { connectionString, freshNamespace, sayWhenNotRun } from "./live.ts"

sayWhenNotRun("the EventStore contract suite and the replay-pages contract against KurrentDB")

// Every test gets a fresh namespace on the server of the run: an empty store, beside the others' streams. The
// store's positions are the server's `$all` places (ordered, not consecutive, not settable), and its event ids
// are unique per append only: the suites run in the modes that say so. The multi-stream tests need KurrentDB
// 25.1 or later.
describe.skipIf(connectionString === undefined)("against the KurrentDB server of KURRENTDB_CONNECTION_STRING", () => {
  const url = connectionString ?? ""

  runEventStoreContract(
    "kurrentdb",
    async ({ scopeKey }) => {
      const scope = await Effect.runPromise(Scope.make())
      const store = await Effect.runPromise(
        Scope.provide(
          Effect.flatMap(KurrentEventStore.connect(url), (client) =>
            KurrentEventStore.make({ client, namespace: freshNamespace(), scopeKey })
          ),
          scope
        )
      )
      return { store, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
    },
    { numRuns: 20, positions: "ordered", honoursInitialPosition: false, eventIds: "append" }
  )

  ReplayContract.suite("KurrentReplay.pages", {
    open: () =>
      Effect.map(
        Effect.flatMap(KurrentEventStore.connect(url), (client) =>
          KurrentEventStore.make({ client, namespace: freshNamespace() })
        ),
        (store) => ({
          store,
          replays: [{ name: "pages of readAll", reads: "inPlace" as const, pages: KurrentReplay.pages(store) }]
        })
      ),
    numRuns: 15,
    earlyStopEvents: 2_000,
    positions: "ordered"
  })
})
