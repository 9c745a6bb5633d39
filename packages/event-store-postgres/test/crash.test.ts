import { ExpectedVersion, ProjectionRunner } from "@orga/event-store"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { PostgresEventStore, PostgresProjection, PostgresProjectionLock } from "../src/index.ts"
import { startChild } from "./fixtures/children.ts"
import { countingDefinition } from "./fixtures/counting.ts"
import { databaseUrl, freshSchema, openStore, run, withClient } from "./support.ts"

interface Written {
  readonly append: string
  readonly size: number
}

/** Checks the whole log: consecutive positions, whole appends, consecutive stream versions, no orphan command. */
const checkLog = (schema: string) =>
  Effect.gen(function* () {
    const store = yield* openStore(schema)
    const all = yield* store.readAll({ after: 0n, maxCount: 1_000_000 })
    expect(all.map((event) => event.globalPosition)).toEqual(all.map((_, index) => BigInt(index + 1)))
    expect(yield* store.head).toBe(BigInt(all.length))
    const perAppend = new Map<string, { size: number; seen: number }>()
    for (const event of all) {
      const data = event.data as Written
      const entry = perAppend.get(data.append) ?? { size: data.size, seen: 0 }
      entry.seen++
      perAppend.set(data.append, entry)
    }
    for (const [append, entry] of perAppend) expect({ append, seen: entry.seen }).toEqual({ append, seen: entry.size })
    const perStream = new Map<string, Array<bigint>>()
    for (const event of all)
      perStream.set(event.streamId, [...(perStream.get(event.streamId) ?? []), event.streamVersion])
    for (const versions of perStream.values()) expect(versions).toEqual(versions.map((_, index) => BigInt(index + 1)))
    const orphans = yield* Effect.promise(() =>
      withClient((client) =>
        client.query(
          `SELECT count(*)::int AS n FROM ${schema}.commands c
           WHERE c.result IS NULL OR NOT EXISTS (SELECT 1 FROM ${schema}.events e WHERE e.command_id = c.command_id)`
        )
      )
    )
    expect(orphans.rows[0]?.n).toBe(0)
    return { all, appends: perAppend.size, perStream }
  })

const readModel = (schema: string) =>
  withClient(async (client) => {
    const rows = await client.query<{ stream_id: string; counted: string }>(
      `SELECT stream_id, counted::text AS counted FROM ${schema}.event_counts`
    )
    return new Map(rows.rows.map((row) => [row.stream_id, BigInt(row.counted)]))
  })

const sum = (values: Iterable<bigint>): bigint => [...values].reduce((a, b) => a + b, 0n)

describe("crashes", () => {
  it("writers and a projection killed with SIGKILL mid-way: whole appends, gap-free positions, resume without loss or double counting", async () => {
    const url = databaseUrl()
    const schema = freshSchema()
    await run(Effect.asVoid(openStore(schema)))

    const writers = ["w1", "w2", "w3"].map((name) => startChild("writer.ts", [url, schema, name]))
    const projector = startChild("projector.ts", [url, schema])
    await Promise.all(writers.map((writer) => writer.waitFor("ready")))
    await projector.waitFor("applied", 10)
    await Promise.all([...writers, projector].map((child) => child.kill()))

    const first = await run(checkLog(schema))
    expect(first.appends).toBeGreaterThan(3)

    // The read model matches its checkpoint exactly: what the killed projector committed, nothing more.
    const checkpointAtKill = await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        const sink = yield* PostgresProjection.make(store, countingDefinition(schema))
        return yield* sink.checkpoint
      })
    )
    expect(checkpointAtKill).toBeGreaterThan(0n)
    expect(sum((await readModel(schema)).values())).toBe(checkpointAtKill)

    // Restart a writer: re-delivered command ids append nothing twice, new appends continue the log.
    const restarted = startChild("writer.ts", [url, schema, "w1"])
    await restarted.waitFor("ready")
    await run(Effect.sleep(300))
    await restarted.kill()
    const second = await run(checkLog(schema))
    expect(second.all.length).toBeGreaterThanOrEqual(first.all.length)

    // The projection resumes from its checkpoint and ends equal to the log.
    await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        const sink = yield* PostgresProjection.make(store, countingDefinition(schema))
        // The killed runner's lock died with its session: this runner takes the lead at once.
        const lock = PostgresProjectionLock.make({ connectionString: url, schema, retryInterval: 50 })
        yield* Effect.scoped(lock.acquire(sink.name))
        yield* ProjectionRunner.catchUp(store, sink, { batchSize: 50 })
      })
    )
    const counted = await readModel(schema)
    expect(counted).toEqual(
      new Map([...second.perStream].map(([stream, versions]) => [stream, BigInt(versions.length)]))
    )
  }, 60_000)

  it("backends terminated with pg_terminate_backend in the middle of appends leave whole appends and gap-free positions", async () => {
    const schema = freshSchema()
    const outcome = await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema, 4)
        let stop = false
        let failures = 0
        let successes = 0
        const writer = (name: string) =>
          Effect.gen(function* () {
            for (let index = 0; !stop; index++) {
              const append = `${name}-${index}`
              const size = 1 + (index % 7)
              const events = Array.from({ length: size }, (_, k) => ({
                id: `${append}-${k}`,
                type: "Written",
                data: { append, size, k }
              }))
              const result = yield* Effect.result(
                store.append([{ streamId: `${name}-s`, expectedVersion: ExpectedVersion.any, events }])
              )
              if (result._tag === "Success") successes++
              else failures++
            }
          })
        const killer = Effect.promise(() =>
          withClient(async (client) => {
            let terminated = 0
            // Appends are short: on a loaded machine 40 rounds may see none active, so it goes on (up to about
            // 30 s) until it has terminated at least one.
            for (let round = 0; terminated < 5 && (round < 40 || (terminated === 0 && round < 2_000)); round++) {
              const result = await client.query(
                `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
                 WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE $1`,
                [`%${schema}.append_%`]
              )
              terminated += result.rowCount ?? 0
              await new Promise((resolve) => setTimeout(resolve, 15))
            }
            stop = true
            return terminated
          })
        )
        const [terminated] = yield* Effect.all([killer, writer("a"), writer("b"), writer("c"), writer("d")], {
          concurrency: "unbounded"
        })
        // The pool replaces the killed connections: the store keeps working.
        const after = yield* store.append([
          {
            streamId: "after",
            expectedVersion: ExpectedVersion.noStream,
            events: [{ id: "after-0", type: "Written", data: { append: "after", size: 1 } }]
          }
        ])
        return { terminated, failures, successes, after }
      })
    )
    expect(outcome.terminated).toBeGreaterThan(0)
    expect(outcome.failures).toBeGreaterThan(0)
    const log = await run(checkLog(schema))
    expect(outcome.after.position).toBe(BigInt(log.all.length))
    expect(log.appends).toBeGreaterThanOrEqual(outcome.successes)
  }, 60_000)
})

describe("several app instances", () => {
  it("4 writer instances (own pools) and a checkpointing reader instance: every committed event seen once, in global order", async () => {
    const schema = freshSchema()
    const outcome = await run(
      Effect.gen(function* () {
        const instances = yield* Effect.all(
          Array.from({ length: 4 }, () =>
            PostgresEventStore.make({ connectionString: databaseUrl(), schema, poolSize: 3 })
          ),
          { concurrency: "unbounded" }
        )
        const reader = yield* openStore(schema)
        const appendsPerCaller = 25
        // Each instance runs 3 concurrent callers; batch sizes vary so short and long transactions overlap.
        const callers = instances.flatMap((instance, i) =>
          Array.from({ length: 3 }, (_, c) =>
            Effect.forEach(
              Array.from({ length: appendsPerCaller }, (_, index) => index),
              (index) => {
                const append = `${i}-${c}-${index}`
                const size = index % 4 === 0 ? 40 : 1
                return instance.append([
                  {
                    streamId: `s-${i}-${c}`,
                    expectedVersion: ExpectedVersion.exact(
                      BigInt(Math.floor(index / 4) * 43 + (index % 4 === 0 ? 0 : 40 + (index % 4) - 1))
                    ),
                    events: Array.from({ length: size }, (_, k) => ({
                      id: `${append}-${k}`,
                      type: "W",
                      data: { append, size, k }
                    }))
                  }
                ])
              },
              { concurrency: 1 }
            )
          )
        )
        const total = 12 * (7 * 40 + 18)
        const seen: Array<bigint> = []
        const checkpointing = Effect.gen(function* () {
          let checkpoint = 0n
          while (seen.length < total) {
            const page = yield* reader.readAll({ after: checkpoint, maxCount: 17 })
            if (page.length === 0) yield* Effect.sleep(1)
            for (const event of page) seen.push(event.globalPosition)
            checkpoint = page[page.length - 1]?.globalPosition ?? checkpoint
          }
        })
        yield* Effect.all([Effect.all(callers, { concurrency: "unbounded" }), checkpointing], {
          concurrency: "unbounded"
        })
        return { seen, total }
      })
    )
    expect(outcome.seen).toEqual(Array.from({ length: outcome.total }, (_, index) => BigInt(index + 1)))
    await run(checkLog(schema))
  }, 60_000)
})
