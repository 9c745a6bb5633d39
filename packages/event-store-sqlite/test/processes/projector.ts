/**
 * A projection process for the process tests: `node projector.ts <file>`. Runs the projection with the
 * runner of `@orga/event-store` under the SQLite projection lock: catch-up from the stored checkpoint, then
 * live (read model + checkpoint in one transaction per batch), until killed.
 */

import { ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { SqliteEventStore, SqliteProjection, SqliteProjectionLock } from "../../src/index.ts"
import { definition } from "./readModel.ts"

const [filename] = process.argv.slice(2)
if (filename === undefined) {
  console.error("usage: projector.ts <file>")
  process.exit(2)
}

const program = Effect.gen(function* () {
  const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename, pollInterval: 20 })
  const sink = yield* SqliteProjection.make(database, definition)
  console.log(`resuming after ${yield* sink.checkpoint}`)
  yield* ProjectionRunner.run(store, sink, { batchSize: 50, lock: SqliteProjectionLock.make(database) })
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exit(1)
})
