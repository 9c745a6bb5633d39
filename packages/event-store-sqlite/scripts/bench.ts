/**
 * Quick figures for the SQLite store (the integrator's benchmark lives in `bench/event-store`):
 * durable single-event appends with 1 vs 8 concurrent callers, 100-event batches, and a replay of
 * `replayEvents` events: through `subscribe` into a fold, through `ProjectionRunner.catchUp` into an in-memory
 * sink, and into a `SqliteProjection` (a table in the same file). Prints the median of `rounds` rounds.
 *
 * Run: `pnpm exec node packages/event-store-sqlite/scripts/bench.ts [rounds] [replayEvents]`
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type EventStore, ExpectedVersion, ProjectionRunner, ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { SqliteEventStore, SqliteProjection } from "../src/index.ts"

const rounds = Number(process.argv[2] ?? 3)
const replayEvents = Number(process.argv[3] ?? 1_000_000)
const dir = mkdtempSync(join(tmpdir(), "orga-sqlite-bench-"))
let fileCounter = 0

const withStore = <A>(
  durability: "full" | "normal",
  f: (store: Effect.Success<ReturnType<typeof SqliteEventStore.make>>) => Effect.Effect<A, unknown>
): Promise<A> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(SqliteEventStore.make({ filename: join(dir, `bench-${++fileCounter}.db`), durability }), f)
    ) as Effect.Effect<A>
  )

const payload = { learner: "0123456789A", firstName: "Camille", lastName: "Martin", division: "3e B", n: 0 }

const singleAppends = (callers: number, total: number, durability: "full" | "normal") =>
  withStore(durability, (store) =>
    Effect.gen(function* () {
      const perCaller = Math.floor(total / callers)
      const started = performance.now()
      yield* Effect.all(
        Array.from({ length: callers }, (_, caller) =>
          Effect.gen(function* () {
            for (let i = 0; i < perCaller; i++) {
              yield* store.append([
                {
                  streamId: `stream-${caller}-${i % 50}`,
                  expectedVersion: ExpectedVersion.any,
                  events: [{ id: `${caller}-${i}`, type: "StudentImported", data: { ...payload, n: i } }]
                }
              ])
            }
          })
        ),
        { concurrency: "unbounded" }
      )
      return (perCaller * callers) / ((performance.now() - started) / 1000)
    })
  )

const batchAppends = (batches: number, size: number, durability: "full" | "normal") =>
  withStore(durability, (store) =>
    Effect.gen(function* () {
      const started = performance.now()
      for (let b = 0; b < batches; b++) {
        yield* store.append([
          {
            streamId: `roster-${b}`,
            expectedVersion: ExpectedVersion.noStream,
            events: Array.from({ length: size }, (_, i) => ({
              id: `${b}-${i}`,
              type: "StudentImported",
              data: { ...payload, n: i }
            }))
          }
        ])
      }
      return (batches * size) / ((performance.now() - started) / 1000)
    })
  )

const replay = (events: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const { store, database } = yield* SqliteEventStore.makeWithDatabase({
        filename: join(dir, `bench-${++fileCounter}.db`),
        durability: "normal"
      })
      for (let b = 0; b < events / 1000; b++) {
        yield* store.append([
          {
            streamId: `roster-${b}`,
            expectedVersion: ExpectedVersion.any,
            events: Array.from({ length: 1000 }, (_, i) => ({
              id: `${b}-${i}`,
              type: "StudentImported",
              data: { ...payload, n: i }
            }))
          }
        ])
      }
      let started = performance.now()
      const folded = yield* store.subscribe({ after: 0n, batchSize: 1000 }).pipe(
        Stream.take(events),
        Stream.runFold(
          () => ({ count: 0, sum: 0 }),
          (state, event) => {
            state.count++
            state.sum += (event.data as { n: number }).n
            return state
          }
        )
      )
      if (folded.count !== events) throw new Error(`replayed ${folded.count}`)
      const viaSubscribe = events / ((performance.now() - started) / 1000)

      const memory = ProjectionSink.makeMemory({
        name: "sum",
        projection: {
          initialState: 0,
          evolve: (sum: number, event: EventStore.RecordedEvent) => sum + (event.data as { n: number }).n
        },
        decode: ProjectionSink.recordedEvents
      })
      started = performance.now()
      yield* ProjectionRunner.catchUp(store, memory, { batchSize: 1000 })
      const intoMemory = events / ((performance.now() - started) / 1000)

      const sqlite = yield* SqliteProjection.make(database, {
        name: "per-stream",
        tables: ["per_stream"],
        init: (db) => db.exec("CREATE TABLE IF NOT EXISTS per_stream (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)"),
        apply: (db, batch) => {
          const add = db.prepare("INSERT INTO per_stream VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET n = n + 1")
          for (const event of batch) add.run(event.streamId)
        }
      })
      started = performance.now()
      yield* ProjectionRunner.catchUp(store, sqlite, { batchSize: 1000 })
      const intoSqlite = events / ((performance.now() - started) / 1000)
      return [viaSubscribe, intoMemory, intoSqlite] as const
    })
  )

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
const fmt = (n: number) => Math.round(n).toLocaleString("en")

const figures: Record<string, Array<number>> = {
  "durable single appends, 1 caller (events/s)": [],
  "durable single appends, 8 callers (events/s)": [],
  "normal single appends, 1 caller (events/s)": [],
  "normal single appends, 8 callers (events/s)": [],
  "durable 100-event batches (events/s)": [],
  "normal 100-event batches (events/s)": [],
  [`replay ${replayEvents} events, subscribe + fold (events/s)`]: [],
  [`replay ${replayEvents} events, ProjectionRunner.catchUp into a memory sink (events/s)`]: [],
  [`replay ${replayEvents} events, ProjectionRunner.catchUp into a SqliteProjection (events/s)`]: []
}
const keys = Object.keys(figures)
for (let round = 0; round < rounds; round++) {
  // Interleaved so that noise from other processes hits every figure alike.
  figures[keys[0]!]!.push(await singleAppends(1, 2000, "full"))
  figures[keys[1]!]!.push(await singleAppends(8, 4000, "full"))
  figures[keys[2]!]!.push(await singleAppends(1, 5000, "normal"))
  figures[keys[3]!]!.push(await singleAppends(8, 10000, "normal"))
  figures[keys[4]!]!.push(await batchAppends(300, 100, "full"))
  figures[keys[5]!]!.push(await batchAppends(300, 100, "normal"))
  const [viaSubscribe, intoMemory, intoSqlite] = await Effect.runPromise(replay(replayEvents))
  figures[keys[6]!]!.push(viaSubscribe)
  figures[keys[7]!]!.push(intoMemory)
  figures[keys[8]!]!.push(intoSqlite)
  process.stderr.write(`round ${round + 1}/${rounds} done\n`)
}
for (const key of keys) {
  console.log(`${key}: median ${fmt(median(figures[key]!))}  [${figures[key]!.map(fmt).join(", ")}]`)
}
const one = median(figures[keys[0]!]!)
const eight = median(figures[keys[1]!]!)
console.log(`8 callers / 1 caller (durable): ${(eight / one).toFixed(2)}x`)
console.log(
  `load average at the end: ${(await import("node:os"))
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}`
)
rmSync(dir, { recursive: true, force: true })
