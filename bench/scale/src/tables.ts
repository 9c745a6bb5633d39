/**
 * The read-model tables' leader (issue 17) on the académie's log: how fast the leader folds the log into partition
 * rows in batches of 1,000 events (as `ProjectionRunner` hands them over), each batch one transaction with its
 * checkpoint, beside one in-memory fold of the same log (what every instance does at start today). Sinks: the
 * kernel's in-memory sink (encoded rows, no I/O), SQLite (a file in the temporary folder), and PostgreSQL when
 * `DATABASE_URL` is set (or `TABLES_POSTGRES=on`: a private durable cluster started for the run). `SCALE_SCHOOLS` schools (10 unless told) of the académie generator; `TABLES_ROUNDS`
 * alternations (2 unless told), medians printed.
 *
 * Each sink runs in two modes, alternated in the same run (ADR 0059): "router each batch", the former leader (the
 * router decoded from its row, encoded and written with every batch: a sink opened afresh for each batch, without
 * the log), and "router kept", today's (the router kept in memory, its row written every `TABLES_ROUTER_EVERY`
 * positions, 50,000 unless told, and at the end of the catch-up). The leader's events/s is printed per slice of the
 * log (`TABLES_SLICES`, 8 unless told) so that a fall as the router grows shows; `TABLES_LIMIT` folds only the
 * first events of the log.
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

const whole = Academie.recordedLog(options)
const log = process.env.TABLES_LIMIT === undefined ? whole : whole.slice(0, Number(process.env.TABLES_LIMIT))
const slices = Number(process.env.TABLES_SLICES ?? "8")
const routerEvery = Number(process.env.TABLES_ROUTER_EVERY ?? "50000")
console.log(
  `${options.schools} schools × ${options.students} students: ${log.length} of ${whole.length} events; batches of ${batchSize}`
)

// The log as the leader reads it through the store (`RouterOptions.log`).
const readLog: PartitionedProjection.ReadLog = ({ after, maxCount }) =>
  Effect.sync(() => {
    let low = 0
    let high = log.length
    while (low < high) {
      const middle = (low + high) >> 1
      if ((log[middle]?.globalPosition ?? 0n) <= after) low = middle + 1
      else high = middle
    }
    return log.slice(low, low + maxCount)
  })
// The sinks measured (`TABLES_SINKS`, a comma-separated subset of memory,sqlite; PostgreSQL when its URL is set).
const sinks = new Set((process.env.TABLES_SINKS ?? "memory,sqlite").split(","))
const kept: PartitionedProjection.RouterOptions = { log: readLog, routerEvery }
type Mode = "router each batch" | "router kept"
const modes: ReadonlyArray<Mode> = ["router each batch", "router kept"]

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

// Folds the log in batches; `sinkFor` answers the sink of each batch (the same one, or one opened afresh). The
// events/s of each slice of the log is kept, so that a leader slowing down as the router grows shows.
const feed = async (sinkFor: () => Promise<PartitionedProjection.PartitionedSink<unknown>>) => {
  const batches: Array<number> = []
  const sliceRates: Array<number> = []
  const sliceLength = Math.ceil(log.length / slices)
  let sliceStarted = performance.now()
  let sliceEvents = 0
  const started = performance.now()
  for (let at = 0; at < log.length; at += batchSize) {
    const began = performance.now()
    const sink = await sinkFor()
    const batch = log.slice(at, at + batchSize)
    await Effect.runPromise(sink.apply(batch))
    const now = performance.now()
    batches.push(now - began)
    sliceEvents += batch.length
    if (sliceEvents >= sliceLength || at + batchSize >= log.length) {
      sliceRates.push(sliceEvents / ((now - sliceStarted) / 1000))
      sliceStarted = now
      sliceEvents = 0
    }
  }
  return {
    millis: performance.now() - started,
    batchP50: median(batches),
    batchMax: Math.max(...batches),
    slices: sliceRates
  }
}

// The sinks of a mode: the former leader opens a sink (no kept router, no log) for every batch.
const sinksOf = async (
  mode: Mode,
  open: (options: PartitionedProjection.RouterOptions) => Promise<PartitionedProjection.PartitionedSink<unknown>>
) => {
  if (mode === "router each batch") return () => open({})
  const sink = await open(kept)
  return () => Promise.resolve(sink)
}

const cluster =
  (process.env.DATABASE_URL ?? "") === "" && process.env.TABLES_POSTGRES === "on"
    ? await startPostgresCluster({ durable: true })
    : undefined
const postgresUrl = cluster?.url ?? process.env.DATABASE_URL ?? ""

const definition = ReadModelTables.definition()
interface Figures {
  readonly millis: number
  readonly batchP50: number
  readonly batchMax: number
  readonly rows?: number
  readonly slices?: ReadonlyArray<number>
}
const runs: Record<string, Array<Figures>> = {}
const record = (name: string, figures: Figures) => {
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
  for (const mode of sinks.has("memory") ? modes : []) {
    const tables = PartitionedProjection.memoryTables()
    const sinkFor = await sinksOf(mode, (routerOptions) =>
      Effect.runPromise(PartitionedProjection.makeMemory(definition, tables, routerOptions))
    )
    const figures = await feed(sinkFor as () => Promise<PartitionedProjection.PartitionedSink<unknown>>)
    const stored = await Effect.runPromise((await sinkFor()).scan)
    const router = stored.find((row) => row.key === PartitionedProjection.routerKey)
    console.log(`memory sink, ${mode}: the router row at the end, ${router?.state.length ?? 0} bytes`)
    record(`leader, memory sink, ${mode}`, { ...figures, rows: stored.length })
  }
  for (const mode of sinks.has("sqlite") ? modes : []) {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-tables-"))
    const database = SqliteDatabase.openUnsafe({ filename: Path.join(dir, "orga.db"), durability: "normal" })
    try {
      const sinkFor = await sinksOf(mode, (routerOptions) =>
        Effect.runPromise(SqlitePartitions.make(database, definition, routerOptions))
      )
      const figures = await feed(sinkFor as () => Promise<PartitionedProjection.PartitionedSink<unknown>>)
      record(`leader, SQLite sink, ${mode}`, {
        ...figures,
        rows: (await Effect.runPromise((await sinkFor()).scan)).length
      })
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
          for (const mode of modes) {
            yield* Effect.promise(() => store.pool.query(`DROP TABLE IF EXISTS ${schema}.rm_${definition.name}`))
            yield* Effect.promise(() =>
              store.pool.query(`DELETE FROM ${schema}.projection_checkpoints WHERE name = $1`, [definition.name])
            )
            const sinkFor = yield* Effect.promise(() =>
              sinksOf(mode, (routerOptions) =>
                Effect.runPromise(PostgresPartitions.make(store, definition, routerOptions))
              )
            )
            const figures = yield* Effect.promise(() =>
              feed(sinkFor as () => Promise<PartitionedProjection.PartitionedSink<unknown>>)
            )
            const sink = yield* Effect.promise(sinkFor)
            record(`leader, PostgreSQL sink, ${mode}`, { ...figures, rows: (yield* sink.scan).length })
          }
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
      (figures[0]?.slices === undefined
        ? ""
        : `, events/s per slice of the log ${figures[0].slices
            .map((_, i) => Math.round(median(figures.map((f) => f.slices?.[i] ?? 0))).toLocaleString("en"))
            .join(" → ")}`) +
      ` (runs: ${figures.map((f) => f.millis.toFixed(0)).join(", ")})`
  )
}
cluster?.stop()
