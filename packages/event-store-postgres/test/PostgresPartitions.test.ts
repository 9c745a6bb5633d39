import { PartitionedContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { PostgresPartitions } from "../src/index.ts"
import { freshSchema, openStore } from "./support.ts"

PartitionedContract.suite("PostgreSQL (a table per projection beside the log)", {
  open: async () => {
    const scope = Effect.runSync(Scope.make())
    const store = await Effect.runPromise(Scope.provide(openStore(freshSchema()), scope))
    return {
      make: (definition, options) => PostgresPartitions.make(store, definition, options),
      close: () => Effect.runPromise(Scope.close(scope, Exit.void))
    }
  },
  numRuns: 15
})
