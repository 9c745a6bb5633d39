import { DatabaseSync } from "node:sqlite"
import { PartitionedContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { SqliteEventStore, SqlitePartitions } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

PartitionedContract.suite("SQLite (a table per projection in the log's file)", {
  open: async () => {
    const filename = freshFile(dir)
    const scope = Effect.runSync(Scope.make())
    await Effect.runPromise(Scope.provide(SqliteEventStore.makeWithDatabase({ filename }), scope))
    // Each sink on a connection of its own, as two processes sharing the file would be.
    const connections: Array<DatabaseSync> = []
    return {
      make: (definition, options) =>
        Effect.suspend(() => {
          const connection = new DatabaseSync(filename, { timeout: 5000 })
          connections.push(connection)
          return SqlitePartitions.make(connection, definition, options)
        }),
      close: async () => {
        for (const connection of connections) connection.close()
        await Effect.runPromise(Scope.close(scope, Exit.void))
      }
    }
  },
  numRuns: 25
})
