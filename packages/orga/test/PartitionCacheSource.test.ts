/**
 * The follower's sources (issue 17): over a partitioned sink and the log, the router and the rows are read with the
 * checkpoint they stand at (the sink's one consistent read), the rows decode, and the tail is the store's; a follower
 * over it, while a leader folds the log batch by batch into the sink, holds the full fold's partitions.
 */
import { type EventStore, PartitionedProjection, ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../src/internal/Domain.ts"
import * as PartitionCache from "../src/internal/PartitionCache.ts"
import * as PartitionCacheSource from "../src/internal/PartitionCacheSource.ts"
import * as PartitionFold from "../src/internal/PartitionFold.ts"
import * as PartitionProjection from "../src/internal/PartitionProjection.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import { stateForm } from "./support/partitionForms.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"
import { storeOf } from "./support/schoolAnswers.ts"

// A leader behind the sink's interface: each batch folded by `PartitionFold.foldBatch` into encoded rows, the
// router and the checkpoint moved with it.
const leaderSink = () => {
  const rows = new Map<string, Uint8Array>()
  const state = { router: PartitionRouter.make(), checkpoint: 0n }
  const apply = (events: ReadonlyArray<EventStore.RecordedEvent>) =>
    Effect.sync(() => {
      const fresh = events.filter((event) => event.globalPosition > state.checkpoint)
      if (fresh.length === 0) return
      const { rows: written } = PartitionFold.foldBatch(
        (key) => {
          const bytes = rows.get(key)
          return bytes === undefined ? undefined : Partitions.decode(bytes)
        },
        state.router,
        fresh
      )
      for (const [key, partition] of written) rows.set(key, Partitions.encode(partition))
      state.checkpoint = fresh.at(-1)!.globalPosition
    })
  const sink: PartitionedProjection.PartitionedSink<Partitions.PartitionState> = {
    name: "read_models",
    checkpoint: Effect.sync(() => state.checkpoint),
    apply,
    reset: Effect.fail(
      new ProjectionSink.ProjectionError({ projection: "read_models", reason: "Unsupported", message: "no reset" })
    ),
    read: (keys) =>
      Effect.sync(() =>
        [...new Set(keys)].flatMap((key) => {
          const bytes = rows.get(key)
          return bytes === undefined ? [] : [{ key, version: 1n, state: Partitions.decode(bytes) }]
        })
      ),
    readScope: () => Effect.succeed([]),
    // The sink's consistent reads: synchronous here, so no batch lands between the checkpoint and what is read.
    readAt: (keys) =>
      Effect.sync(() => ({
        checkpoint: state.checkpoint,
        rows: [...new Set(keys)].flatMap((key) => {
          const bytes = rows.get(key)
          return bytes === undefined ? [] : [{ key, version: 1n, state: Partitions.decode(bytes) }]
        })
      })),
    readRouter: Effect.sync(() => ({
      checkpoint: state.checkpoint,
      bytes: state.checkpoint === 0n ? null : PartitionRouter.encode(state.router),
      position: state.checkpoint
    })),
    scan: Effect.sync(() =>
      [...rows.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, state]) => ({ key, scope: null, version: 1n, state }))
    ),
    keys: Effect.sync(() => [...rows.keys()].sort())
  }
  return { sink, state }
}

const reference = (log: ReadonlyArray<EventStore.RecordedEvent>, position: bigint) => {
  const prefix = log.filter((event) => event.globalPosition <= position)
  const models = ReadModels.make()
  models.apply(prefix)
  const router = PartitionRouter.make()
  for (const event of prefix) PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
  return { parts: Partitions.split(models, router), router }
}

describe("PartitionCacheSource", () => {
  it("over a sink and the log: a follower holds the full fold's partitions while the leader folds batch by batch", async () => {
    const logs = fc.sample(PartitionLogs.log, { numRuns: 8, seed: 29 })
    let checked = 0
    for (const generated of logs) {
      const store = await storeOf(generated)
      const log = await Effect.runPromise(store.readAll({ after: 0n, maxCount: 100_000 }))
      const { sink, state } = leaderSink()
      const batches: Array<ReadonlyArray<EventStore.RecordedEvent>> = []
      for (let start = 0; start < log.length; start += 17) batches.push(log.slice(start, start + 17))
      let next = 0
      await Effect.runPromise(sink.apply(batches[next++]!))
      const source = PartitionCacheSource.fromSink({ sink, store })
      const started = await Effect.runPromise(source.router)
      expect(started.checkpoint).toBe(state.checkpoint)
      expect(stateForm({ r: started.router as never })).toEqual(
        stateForm({ r: reference(log, started.checkpoint).router as never })
      )
      // Rows come with the checkpoint they stand at, as they are after the leader's next batch.
      if (next < batches.length) await Effect.runPromise(sink.apply(batches[next++]!))
      const keys = [...reference(log, state.checkpoint).parts.keys()]
      const read = await Effect.runPromise(source.rows(keys))
      expect(read.checkpoint).toBe(state.checkpoint)
      const { parts } = reference(log, read.checkpoint)
      for (const key of keys) expect(stateForm(read.rows.get(key)), key).toEqual(stateForm(parts.get(key)))

      const cache = await Effect.runPromise(PartitionCache.start(source, { waitMillis: 200 }))
      for (const [round, organizationId] of [...PartitionLogs.schoolIds, ...PartitionLogs.schoolIds].entries()) {
        if (next < batches.length) await Effect.runPromise(sink.apply(batches[next++]!))
        await Effect.runPromise(PartitionCache.catchUp(cache))
        expect(cache.position).toBe(log.at(-1)!.globalPosition)
        // The leader may still be behind the log: the load waits for it, so it is moved on by a fiber.
        if (round % 2 === 1) while (next < batches.length) await Effect.runPromise(sink.apply(batches[next++]!))
        if (state.checkpoint < cache.position) {
          const failed = await Effect.runPromise(Effect.flip(PartitionCache.ensureSchool(cache, organizationId)))
          expect(failed.message).toContain("not reached")
          continue
        }
        await Effect.runPromise(PartitionCache.ensureSchool(cache, organizationId))
        const { parts } = reference(log, cache.position)
        const held = Partitions.split(cache.models, cache.router)
        for (const key of held.keys()) expect(cache.loaded.has(key), key).toBe(true)
        for (const key of cache.loaded) expect(stateForm(held.get(key)), key).toEqual(stateForm(parts.get(key)))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it("over a sink whose leader writes its router now and then: the router read is brought to the checkpoint from the log", async () => {
    const logs = fc.sample(PartitionLogs.log, { numRuns: 6, seed: 31 })
    let behind = 0
    for (const generated of logs) {
      const store = await storeOf(generated)
      const log = await Effect.runPromise(store.readAll({ after: 0n, maxCount: 100_000 }))
      const sink = await Effect.runPromise(
        PartitionedProjection.makeMemory(PartitionProjection.definition(), PartitionedProjection.memoryTables(), {
          // A log that seems to go on, so that no batch ends a catch-up: the router is written every 40 positions.
          log: ({ after, maxCount }) =>
            Effect.succeed(
              after < log.at(-1)!.globalPosition
                ? log.filter((event) => event.globalPosition > after).slice(0, maxCount)
                : [log.at(-1)!]
            ),
          routerEvery: 40,
          routerMillis: 3_600_000
        })
      )
      const source = PartitionCacheSource.fromSink({ sink, store })
      for (let start = 0; start < log.length; start += 13) {
        await Effect.runPromise(sink.apply(log.slice(start, start + 13)))
        const stored = await Effect.runPromise(sink.readRouter)
        if (stored.position < stored.checkpoint) behind++
        const read = await Effect.runPromise(source.router)
        expect(read.checkpoint).toBe(stored.checkpoint)
        expect(stateForm({ r: read.router as never })).toEqual(
          stateForm({ r: reference(log, read.checkpoint).router as never })
        )
      }
    }
    expect(behind).toBeGreaterThan(5)
  })
})
