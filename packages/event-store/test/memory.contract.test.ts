import * as Effect from "effect/Effect"
import * as KeyStore from "../src/KeyStore.ts"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"
import * as ShreddedStore from "../src/ShreddedStore.ts"
import * as Shredding from "../src/Shredding.ts"
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

// The shredding wrapper passes every operation of the port through (readScope included), opening what it reads.
runEventStoreContract("memory wrapped by ShreddedStore (no personal field)", async ({ initialPosition, scopeKey }) => {
  const store = await Effect.runPromise(MemoryEventStore.make({ initialPosition, scopeKey }))
  const shredder = await Effect.runPromise(
    Shredding.make({ rules: { types: {} }, keyStore: KeyStore.memory(), masterKey: new Uint8Array(32).fill(7) })
  )
  return { store: ShreddedStore.wrap(store, shredder), close: async () => {} }
})
