import * as Effect from "effect/Effect"
import * as MemoryEventStore from "../src/MemoryEventStore.ts"
import { runEventStoreContract } from "../src/testing/index.ts"

runEventStoreContract("memory", async ({ initialPosition }) => ({
  store: await Effect.runPromise(MemoryEventStore.make({ initialPosition })),
  close: async () => {}
}))
