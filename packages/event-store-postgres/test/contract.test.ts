import { runEventStoreContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { PostgresEventStore } from "../src/index.ts"
import { databaseUrl, freshSchema } from "./support.ts"

// Every test gets a fresh schema on the PostgreSQL server of the run: a real database, never skipped.
runEventStoreContract("postgres", async ({ initialPosition, scopeKey }) => {
  const scope = await Effect.runPromise(Scope.make())
  const store = await Effect.runPromise(
    Scope.provide(
      PostgresEventStore.make({
        connectionString: databaseUrl(),
        schema: freshSchema(),
        initialPosition,
        scopeKey,
        poolSize: 9,
        pollInterval: 100
      }),
      scope
    )
  )
  return { store, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
})
