/**
 * Leader failover under load, with real processes: three app instances (forked children) run the leader loop of
 * one partitioned projection on one PostgreSQL while this process appends without pause; the leader is killed
 * with SIGKILL (twice), another takes the lead, and once appends stop and the checkpoint reaches the head the rows
 * equal a fold of the whole log, each global position counted exactly once.
 */
import * as Path from "node:path"
import { PartitionFailover, ToyPartitions } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import { describe, it } from "vitest"
import { PostgresPartitions } from "../src/index.ts"
import { databaseUrl, freshSchema, openStore, run, withClient } from "./support.ts"

describe("partitioned projection: leader failover under load (PostgreSQL, real processes)", () => {
  it("hands the lead to another instance after a SIGKILL; the rows then equal one fold of the log", async () => {
    const schema = freshSchema()
    const projection = "toy_failover"
    await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        yield* PostgresPartitions.make(store, ToyPartitions.definition(projection))
      })
    )
    await PartitionFailover.run(
      {
        name: "PostgreSQL",
        script: Path.join(import.meta.dirname, "fixtures", "partitionLeader.ts"),
        args: [databaseUrl(), schema, projection],
        open: (name) =>
          Effect.gen(function* () {
            const store = yield* openStore(schema)
            const sink = yield* PostgresPartitions.make(store, ToyPartitions.definition(name))
            const storedRows = Effect.promise(() =>
              withClient((client) => client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sink.table}`))
            ).pipe(Effect.map((result) => result.rows[0]?.n ?? 0))
            return { store, sink, storedRows }
          })
      },
      projection
    )
  }, 120_000)
})
