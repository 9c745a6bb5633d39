/**
 * A projection process for the process tests: `node projector.ts <file>`. Takes the projection lock, then
 * folds every event after the stored checkpoint into the read model (read model + checkpoint in one
 * transaction per batch), live, until killed.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { SqliteEventStore, SqliteProjection, SqliteProjectionLock } from "../../src/index.ts"
import { definition } from "./readModel.ts"

const [filename] = process.argv.slice(2)
if (filename === undefined) {
  console.error("usage: projector.ts <file>")
  process.exit(2)
}

const program = Effect.gen(function* () {
  const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename, pollInterval: 20 })
  yield* SqliteProjectionLock.make(database).acquire(definition.name)
  const sink = yield* SqliteProjection.make(database, definition)
  const checkpoint = yield* sink.checkpoint
  console.log(`resuming after ${checkpoint}`)
  yield* store.subscribe({ after: checkpoint, batchSize: 50 }).pipe(Stream.runForEachArray(sink.apply))
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exit(1)
})
