/**
 * Leader failover under load, with real processes, for any adapter's partitioned projection: three instances
 * (forked children running the adapter's leader loop of the toy projection) while this process appends without
 * pause; the leader is killed with SIGKILL twice, another takes the lead and catches up, and once appends stop and
 * the checkpoint reaches the head the rows equal one fold of the whole log, each global position counted once.
 * The adapters' `partition-failover` tests run it with their own child script and store.
 *
 * @since 0.1.0
 */
import { type ChildProcess, fork } from "node:child_process"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { expect } from "vitest"
import type { EventStoreShape } from "../EventStore.ts"
import * as ExpectedVersion from "../ExpectedVersion.ts"
import * as PartitionedProjection from "../PartitionedProjection.ts"
import * as ProjectionRunner from "../ProjectionRunner.ts"
import * as ToyPartitions from "./ToyPartitions.ts"

/**
 * What the scenario needs of an adapter: its name (for the printed line), the child script and its arguments (the
 * child posts `{ leading: pid }` when it takes the lead), and, in this process, the store and the toy's sink over
 * the same database, with a count of the rows its table holds.
 *
 * @category models
 * @since 0.1.0
 */
export interface Adapter {
  readonly name: string
  readonly script: string
  readonly args: ReadonlyArray<string>
  readonly open: (projection: string) => Effect.Effect<
    {
      readonly store: EventStoreShape
      readonly sink: PartitionedProjection.PartitionedSink<ToyPartitions.ToyState>
      readonly storedRows: Effect.Effect<number, unknown>
    },
    unknown,
    Scope.Scope
  >
}

interface Instance {
  readonly child: ChildProcess
  readonly exited: Promise<void>
}

const start = (adapter: Adapter, onLeading: (pid: number) => void): Instance => {
  const child = fork(adapter.script, adapter.args, { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] })
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

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/**
 * Runs the scenario for the toy projection `projection` (its table must exist before the children start).
 *
 * @category constructors
 * @since 0.1.0
 */
export const run = async (adapter: Adapter, projection: string): Promise<void> => {
  const leads: Array<{ pid: number; at: number }> = []
  const instances = [0, 1, 2].map(() => start(adapter, (pid) => leads.push({ pid, at: performance.now() })))
  try {
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store, sink, storedRows } = yield* adapter.open(projection)
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
          expect(yield* storedRows).toBe(expected.size + 1)
          // The router too, brought from its row's position to the checkpoint (a leader may write it now and then).
          expect(PartitionedProjection.verify(ToyPartitions.definition(projection), yield* sink.scan, log)).toEqual({
            differing: [],
            routerDiffers: false
          })
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

          process.stdout.write(
            `${adapter.name} partitioned projection failover: ${log.length} events appended under load, ` +
              `hand-overs ${handOvers.map((h) => `${h.toLeading.toFixed(0)} ms to a new leader, ${h.toCaughtUp.toFixed(0)} ms to caught up`).join("; ")} ` +
              `(median to a new leader ${median(handOvers.map((h) => h.toLeading)).toFixed(0)} ms)\n`
          )
          for (const handOver of handOvers) expect(handOver.toLeading).toBeLessThan(15_000)
        })
      )
    )
  } finally {
    for (const instance of instances) instance.child.kill("SIGKILL")
    await Promise.all(instances.map((instance) => instance.exited))
  }
}
