import * as Effect from "effect/Effect"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"
import { runEventStoreContract } from "../src/testing/index.ts"
import * as SparsePositions from "./sparsePositions.ts"

runEventStoreContract("memory", async ({ initialPosition, scopeKey }) => ({
  store: await Effect.runPromise(MemoryEventStore.make({ initialPosition, scopeKey })),
  close: async () => {}
}))

// The suite's modes for a store with server-given positions and ids unique per append (KurrentDB's), on a store
// that keeps them: every check of those modes passes on a correct store.
runEventStoreContract(
  "memory with sparse positions (ordered mode)",
  async ({ scopeKey }) => ({
    store: await Effect.runPromise(SparsePositions.make({ scopeKey })),
    close: async () => {}
  }),
  { positions: "ordered", honoursInitialPosition: false, eventIds: "append" }
)
