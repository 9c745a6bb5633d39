/**
 * A child process for the failover test: an app instance that runs the leader loop of the toy partitioned
 * projection (`ProjectionRunner.run` under the SQLite projection lock) on the shared file until it is killed:
 * `node partitionLeader.ts <file> <projection>`. Started with `fork`: it tells the parent `{ leading: pid }` once it
 * holds the lock.
 */
import { ProjectionRunner } from "@orga/event-store"
import { ToyPartitions } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import { SqliteEventStore, SqlitePartitions, SqliteProjectionLock } from "../../src/index.ts"

const [filename, projection] = process.argv.slice(2)
if (!filename || !projection) throw new Error("usage: partitionLeader.ts <file> <projection>")

const program = Effect.gen(function* () {
  const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename, pollInterval: 20 })
  const sink = yield* SqlitePartitions.make(database, ToyPartitions.definition(projection), {
    // The router's row written only every 120 positions (ADR 0059): a new leader often finds it behind the
    // checkpoint and brings it there from the log before its first batch.
    log: store.readAll,
    routerEvery: 120,
    routerMillis: 3_600_000
  })
  const lock = SqliteProjectionLock.make(database, { retryInterval: 50 })
  const announcing = {
    acquire: (name: string) =>
      Effect.tap(lock.acquire(name), () => Effect.sync(() => process.send?.({ leading: process.pid })))
  }
  return yield* ProjectionRunner.run(store, sink, { batchSize: 50, lock: announcing })
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
