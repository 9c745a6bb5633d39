/**
 * The read-model tables' leader (issue 17) on the académie's log: how fast the leader folds the log into partition
 * rows in batches of 1,000 events (as `ProjectionRunner` hands them over), each batch one transaction with its
 * checkpoint, beside one in-memory fold of the same log (what every instance does at start today). Sinks: the
 * kernel's in-memory sink (encoded rows, no I/O), SQLite (a file in the temporary folder), and PostgreSQL when
 * `DATABASE_URL` is set (or `TABLES_POSTGRES=on`: a private durable cluster started for the run). `SCALE_SCHOOLS` schools (10 unless told) of the académie generator; `TABLES_ROUNDS`
 * alternations (2 unless told), medians printed.
 *
 *   pnpm exec node bench/scale/src/tables.ts
 *
 * @since 0.3.0
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { PartitionedProjection } from "@orga/event-store"
import { SqliteDatabase, SqlitePartitions } from "@orga/event-store-sqlite"
import { ReadModelTables } from "@orga/orga"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Effect from "effect/Effect"
import * as ReadModels from "../../../packages/orga/src/internal/ReadModels.ts"
import * as Academie from "./Academie.ts"

const options = Academie.fromEnv({ ...process.env, SCALE_SCHOOLS: process.env.SCALE_SCHOOLS ?? "10" })
const rounds = Number(process.env.TABLES_ROUNDS ?? "2")
const batchSize = 1000

const log = Academie.recordedLog(options)
console.log(`${options.schools} schools × ${options.students} students: ${log.length} events; batches of ${batchSize}`)

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

const feed = async (sink: PartitionedProjection.PartitionedSink<unknown>) => {
  const batches: Array<number> = []
  const started = performance.now()
  for (let at = 0; at < log.length; at += batchSize) {
    const began = performance.now()
    await Effect.runPromise(sink.apply(log.slice(at, at + batchSize)))
    batches.push(performance.now() - began)
  }
  return { millis: performance.now() - started, batchP50: median(batches), batchMax: Math.max(...batches) }
}

const cluster =
  (process.env.DATABASE_URL ?? "") === "" && process.env.TABLES_POSTGRES === "on"
    ? await startPostgresCluster({ durable: true })
    : undefined
const postgresUrl = cluster?.url ?? process.env.DATABASE_URL ?? ""

const definition = ReadModelTables.definition()
const runs: Record<string, Array<{ millis: number; batchP50: number; batchMax: number; rows?: number }>> = {}
const record = (name: string, figures: { millis: number; batchP50: number; batchMax: number; rows?: number }) => {
  runs[name] ??= []
  runs[name].push(figures)
}

for (let round = 0; round < rounds; round++) {
  {
    const started = performance.now()
    ReadModels.make().apply(log)
    const millis = performance.now() - started
    record("in-memory fold (today's start)", { millis, batchP50: 0, batchMax: 0 })
  }
  {
    const sink = await Effect.runPromise(PartitionedProjection.makeMemory(definition))
    const figures = await feed(sink as PartitionedProjection.PartitionedSink<unknown>)
    record("leader, memory sink", { ...figures, rows: (await Effect.runPromise(sink.scan)).length })
  }
  {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-tables-"))
    const database = SqliteDatabase.openUnsafe({ filename: Path.join(dir, "orga.db"), durability: "normal" })
    try {
      const sink = await Effect.runPromise(SqlitePartitions.make(database, definition))
      const figures = await feed(sink as PartitionedProjection.PartitionedSink<unknown>)
      record("leader, SQLite sink", { ...figures, rows: (await Effect.runPromise(sink.scan)).length })
    } finally {
      database.connection.close()
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const url = postgresUrl
  if (url !== "") {
    const { PostgresEventStore, PostgresPartitions } = await import(
      "../../../packages/event-store-postgres/src/index.ts"
    )
    const schema = `bench_tables_${process.pid}_${round}`
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* PostgresEventStore.make({ connectionString: url, schema })
          const sink = yield* PostgresPartitions.make(store, definition)
          const figures = yield* Effect.promise(() => feed(sink as PartitionedProjection.PartitionedSink<unknown>))
          record("leader, PostgreSQL sink", { ...figures, rows: (yield* sink.scan).length })
          yield* Effect.promise(() => store.pool.query(`DROP SCHEMA ${schema} CASCADE`))
        })
      )
    )
  }
}

for (const [name, figures] of Object.entries(runs)) {
  const millis = median(figures.map((f) => f.millis))
  console.log(
    `${name}: ${millis.toFixed(0)} ms, ${Math.round(log.length / (millis / 1000)).toLocaleString("en")} events/s` +
      (figures[0]?.batchP50
        ? `, batch p50 ${median(figures.map((f) => f.batchP50)).toFixed(1)} ms, max ${median(figures.map((f) => f.batchMax)).toFixed(0)} ms`
        : "") +
      (figures[0]?.rows === undefined ? "" : `, ${figures[0].rows} rows`) +
      ` (runs: ${figures.map((f) => f.millis.toFixed(0)).join(", ")})`
  )
}
cluster?.stop()
