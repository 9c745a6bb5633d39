import { runEventStoreContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { SqliteEventStore } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

// Every test gets a new file on disk, with the default durable commits.
runEventStoreContract("sqlite", async ({ initialPosition, scopeKey }) => {
  const scope = await Effect.runPromise(Scope.make())
  const store = await Effect.runPromise(
    Scope.provide(SqliteEventStore.make({ filename: freshFile(dir), initialPosition, scopeKey }), scope)
  )
  return { store, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
})
