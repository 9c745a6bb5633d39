/**
 * Leader failover under load, with real processes: three app instances (forked children) run the leader loop of
 * one partitioned projection on one PostgreSQL while this process appends without pause; the leader is killed
 * with SIGKILL (twice), another takes the lead, and once appends stop and the checkpoint reaches the head the rows
 * equal a fold of the whole log, each global position counted exactly once.
 */
import { type ChildProcess, fork } from "node:child_process"
import * as Path from "node:path"
import { ExpectedVersion, PartitionedProjection, ProjectionRunner } from "@orga/event-store"
import { ToyPartitions } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { PostgresPartitions } from "../src/index.ts"
import { databaseUrl, freshSchema, openStore, run, withClient } from "./support.ts"

interface Instance {
  readonly child: ChildProcess
  readonly exited: Promise<void>
}

const start = (args: ReadonlyArray<string>, onLeading: (pid: number) => void): Instance => {
  const child = fork(Path.join(import.meta.dirname, "fixtures", "partitionLeader.ts"), args, {
    execArgv: [],
    stdio: ["ignore", "ignore", "pipe", "ipc"]
  })
  child.stderr
    ?.setEncoding("utf8")
    .on("data", (chunk: string) => process.stderr.write(`[leader ${child.pid}] ${chunk}`))
  child.on("message", (message: { leading?: number }) => {
    if (message.leading !== undefined) onLeading(message.leading)
  })
  return { child, exited: new Promise((resolve) => child.once("exit", () => resolve())) }
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

const waitUntil = async (condition: () => boolean, what: string, timeoutMillis: number) => {
  const deadline = Date.now() + timeoutMillis
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

describe("partitioned projection: leader failover under load (PostgreSQL, real processes)", () => {
  it("hands the lead to another instance after a SIGKILL; the rows then equal one fold of the log", async () => {
    const url = databaseUrl()
    const schema = freshSchema()
    const projection = "toy_failover"
    await run(
      Effect.gen(function* () {
        const store = yield* openStore(schema)
        yield* PostgresPartitions.make(store, ToyPartitions.definition(projection))
      })
    )
    const leads: Array<{ pid: number; at: number }> = []
    const instances = [0, 1, 2].map(() =>
      start([url, schema, projection], (pid) => leads.push({ pid, at: performance.now() }))
    )
    try {
      await run(
        Effect.gen(function* () {
          const store = yield* openStore(schema)
          const sink = yield* PostgresPartitions.make(store, ToyPartitions.definition(projection))
          let appending = true
          let appended = 0
          const appender = (async () => {
            while (appending) {
              const n = appended++
              const school = `s${n % 7}`
              const events: Array<ToyPartitions.ToyEvent> = [
                { type: "Enrolled", school, ine: `i${n % 40}` },
                { type: "Noted", school, ine: `i${(n * 3) % 40}` },
                { type: "Noted", school, ine: `i${(n * 7) % 53}` }
              ]
              await Effect.runPromise(
                store.append([
                  {
                    streamId: `learner-${n % 40}`,
                    expectedVersion: ExpectedVersion.any,
                    events: events.map((event, i) => ToyPartitions.newEvent(event, `f-${n}-${i}`))
                  }
                ])
              )
              await sleep(2)
            }
          })()

          const handOvers: Array<{ toLeading: number; toCaughtUp: number }> = []
          for (let round = 0; round < 2; round++) {
            yield* Effect.promise(() => waitUntil(() => leads.length === round + 1, "a leader", 30_000))
            const leader = leads[round] as { pid: number }
            // Let the leader work under load for a while before it dies.
            const before = yield* sink.checkpoint
            yield* Effect.promise(() => sleep(800))
            expect(yield* sink.checkpoint).toBeGreaterThan(before)
            const victim = instances.find((instance) => instance.child.pid === leader.pid) as Instance
            const killedAt = performance.now()
            victim.child.kill("SIGKILL")
            yield* Effect.promise(() => victim.exited)
            const headAtKill = yield* store.head
            yield* Effect.promise(() => waitUntil(() => leads.length === round + 2, "a new leader", 15_000))
            const toLeading = (leads[round + 1] as { at: number }).at - killedAt
            // The new leader has caught up with what was appended before the kill.
            yield* ProjectionRunner.awaitCheckpoint(sink, headAtKill, { timeout: 15_000 })
            handOvers.push({ toLeading, toCaughtUp: performance.now() - killedAt })
          }
          appending = false
          yield* Effect.promise(() => appender)

          const head = yield* store.head
          yield* ProjectionRunner.awaitCheckpoint(sink, head, { timeout: 30_000 })
          const log = yield* store.readAll({ after: 0n, maxCount: 10_000_000 })
          const expected = PartitionedProjection.foldLog(ToyPartitions.definition(projection), log)
          const rows = yield* sink.read([...expected.keys()])
          expect(rows.map((row) => [row.key, row.state])).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)))
          // No row but these (and the router's).
          const stored = yield* Effect.promise(() =>
            withClient((client) => client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sink.table}`))
          )
          expect(stored.rows[0]?.n).toBe(expected.size + 1)
          // Each global position that reaches a school counted exactly once: computed from the log itself.
          const enrolled = new Set<string>()
          const mustCount: Array<number> = []
          for (const event of log) {
            const data = event.data as { ine: string }
            if (event.type === "Enrolled") enrolled.add(data.ine)
            if (event.type === "Enrolled" || enrolled.has(data.ine)) mustCount.push(Number(event.globalPosition))
          }
          const counted = rows
            .flatMap((row) => (row.state.kind === "org" ? row.state.positions : []))
            .sort((a, b) => a - b)
          expect(counted).toEqual(mustCount)

          const median = (values: ReadonlyArray<number>) =>
            [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
          process.stdout.write(
            `PostgreSQL partitioned projection failover: ${log.length} events appended under load, ` +
              `hand-overs ${handOvers.map((h) => `${h.toLeading.toFixed(0)} ms to a new leader, ${h.toCaughtUp.toFixed(0)} ms to caught up`).join("; ")} ` +
              `(median to a new leader ${median(handOvers.map((h) => h.toLeading)).toFixed(0)} ms)\n`
          )
          for (const handOver of handOvers) expect(handOver.toLeading).toBeLessThan(15_000)
        })
      )
    } finally {
      for (const instance of instances) instance.child.kill("SIGKILL")
      await Promise.all(instances.map((instance) => instance.exited))
    }
  }, 120_000)
})
