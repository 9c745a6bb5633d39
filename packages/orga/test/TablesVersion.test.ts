import { type PartitionedProjection, ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import type * as Partitions from "../src/internal/Partitions.ts"
import * as TablesVersion from "../src/TablesVersion.ts"

type Sink = PartitionedProjection.PartitionedSink<Partitions.PartitionState>

// A store's pointer and a sink per version, where a version's reads fail once `dropped` names it: the switch and the
// drop of a rebuild, which another instance may do at any moment.
const fixture = () => {
  const state = { live: 1, dropped: new Set<number>(), onRead: () => {} }
  const catalog = { live: Effect.sync(() => state.live) } as unknown as TablesVersion.Catalog
  const sinkOf = (at: number) =>
    Effect.succeed({
      name: `orga_read_models_v${at}`,
      readScope: (scope: string) =>
        Effect.suspend(() => {
          state.onRead()
          return state.dropped.has(at)
            ? Effect.fail(
                new ProjectionSink.ProjectionError({
                  projection: `orga_read_models_v${at}`,
                  reason: "Database",
                  message: `relation "rm_orga_read_models_v${at}" does not exist`
                })
              )
            : Effect.succeed([{ key: `v${at}`, scope, version: 1n, state: {} as Partitions.PartitionState }])
        })
    } as unknown as Sink)
  return { state, catalog, sinkOf }
}

describe("a sink following the live version", () => {
  it("reads again on the new version when a switch dropped the table between the pointer's read and its own", async () => {
    const { state, catalog, sinkOf } = fixture()
    const sink = await Effect.runPromise(TablesVersion.following(catalog, sinkOf))
    // The pointer was read (version 1); the rebuild switches and drops version 1 before the query reaches it.
    state.onRead = () => {
      if (state.live === 1) {
        state.live = 2
        state.dropped.add(1)
      }
    }
    const rows = await Effect.runPromise(sink.readScope("school"))
    expect(rows.map((row) => row.key)).toEqual(["v2"])
  })

  it("answers a read's own failure when the pointer did not move", async () => {
    const { state, catalog, sinkOf } = fixture()
    const sink = await Effect.runPromise(TablesVersion.following(catalog, sinkOf))
    state.dropped.add(1)
    const exit = await Effect.runPromise(Effect.exit(sink.readScope("school")))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(Exit.isFailure(exit) ? exit.cause : "")).toContain("does not exist")
  })
})
