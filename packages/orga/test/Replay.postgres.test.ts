/**
 * The start-up rebuild's fast path over PostgreSQL (the store's replay pages, read on a worker thread, folded by
 * `applyPage`) must build the very read models the plain path (`readAll` folded by `apply`) builds, whatever the
 * page size cuts through a stream; and an Orga over `Postgres.layer` (which provides the pages) answers as one
 * over `readAll` alone.
 */
import { EventStore, ReplayPage } from "@orga/event-store"
import { PostgresEventStore, PostgresReplay } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { beforeAll, describe, expect, inject, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as Orga from "../src/Orga.ts"
import * as Replay from "../src/Replay.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Postgres from "../src/stores/Postgres.ts"
import { config } from "./support/harness.ts"
import { answersOver, foldBothWays, storeOnly } from "./support/replayCheck.ts"

describe("rebuild through the PostgreSQL replay pages", () => {
  const connectionString = inject("databaseUrl")
  const schema = `orga_replay_${process.pid}_${Date.now()}`
  beforeAll(async () => {
    // The README's program: an organization, its team, a SIECLE import, a campaign, a participation shared.
    const layer = Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
      Layer.provide(Layer.merge(Postgres.layer(connectionString, schema), Runtime.deterministic().layer))
    )
    await Effect.runPromise(program.pipe(Effect.provide(layer)))
  }, 60_000)

  const fold = (pageSize: number) =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* PostgresEventStore.make({ connectionString, schema, poolSize: 2 })
          return yield* foldBothWays(store, PostgresReplay.pages({ connectionString, schema }, { pageSize }))
        })
      )
    )

  it.each([1, 3, 7, 10_000])(
    "builds the same read models as readAll (pages of %i)",
    async (pageSize) => {
      const { plain, fast, rows } = await fold(pageSize)
      expect(rows).toBeGreaterThan(50)
      expect(plain.rosters.size).toBe(1)
      expect(plain.participations).toHaveLength(1)
      expect(fast).toEqual(plain)
    },
    60_000
  )

  it("is provided by Postgres.layer and reads what readAll reads", async () => {
    const [replayed, events] = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const replay = yield* Replay.Replay
          const store = yield* EventStore.EventStore
          return [
            yield* Stream.runCollect(replay.pages(0n)),
            yield* store.readAll({ after: 0n, maxCount: 10_000 })
          ] as const
        }).pipe(Effect.provide(Postgres.layer(connectionString, schema)))
      )
    )
    expect(events.length).toBeGreaterThan(50)
    expect(replayed.flatMap(ReplayPage.events)).toEqual(
      events.map((event) => ({ streamId: event.streamId, streamVersion: event.streamVersion, data: event.data }))
    )
  }, 60_000)

  it("is what a restarted Orga over Postgres.layer uses, and it answers as over readAll alone", async () => {
    const { plain, rows } = await fold(10_000)
    const [organizationId] = [...plain.organizations.keys()]
    const [campaignId] = [...plain.campaigns.keys()]
    const fast = await answersOver(Postgres.layer(connectionString, schema), organizationId!, campaignId!)
    const plainAnswers = await answersOver(
      storeOnly(Postgres.layer(connectionString, schema)),
      organizationId!,
      campaignId!
    )
    expect(fast.rebuilt).toBe(rows)
    expect(fast.learners.length).toBe(36)
    expect(fast.results.participationsCount).toBe(1)
    expect(fast).toEqual(plainAnswers)
  }, 60_000)
})
