/**
 * Leader failover under load, with real processes: three app instances (forked children) run the leader loop of
 * one partitioned projection on one SQLite file (the lock: a row with the holder's pid) while this process appends without pause; the leader is killed
 * with SIGKILL (twice), another takes the lead, and once appends stop and the checkpoint reaches the head the rows
 * equal a fold of the whole log, each global position counted exactly once.
 */
import * as Path from "node:path"
import { PartitionFailover, ToyPartitions } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { describe, it } from "vitest"
import { SqliteEventStore, SqlitePartitions } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()

/** Runs a scoped program to completion. */
const run = <A, E>(program: Effect.Effect<A, E, Scope.Scope>): Promise<A> => Effect.runPromise(Effect.scoped(program))

describe("partitioned projection: leader failover under load (SQLite, real processes on one file)", () => {
  it("hands the lead to another instance after a SIGKILL; the rows then equal one fold of the log", async () => {
    const filename = freshFile(dir)
    const projection = "toy_failover"
    await run(
      Effect.gen(function* () {
        const { database } = yield* SqliteEventStore.makeWithDatabase({ filename })
        yield* SqlitePartitions.make(database, ToyPartitions.definition(projection))
      })
    )
    await PartitionFailover.run(
      {
        name: "SQLite",
        script: Path.join(import.meta.dirname, "processes", "partitionLeader.ts"),
        args: [filename, projection],
        open: (name) =>
          Effect.gen(function* () {
            const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename, pollInterval: 20 })
            const sink = yield* SqlitePartitions.make(database, ToyPartitions.definition(name))
            const storedRows = Effect.sync(
              () => (database.connection.prepare(`SELECT count(*) AS n FROM ${sink.table}`).get() as { n: number }).n
            )
            return { store, sink, storedRows }
          })
      },
      projection
    )
  }, 120_000)
})
