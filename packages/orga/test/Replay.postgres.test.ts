/**
 * The start-up rebuild's fast path over PostgreSQL (the store's replay reader folded by `applyRows`) must build
 * the very read models the plain path (`readAll` folded by `apply`) builds, whatever the batch size cuts through
 * a stream; and an Orga over `Stores.postgres` (which provides the reader) answers as one over `readAll` alone.
 */
import { EventStore, type EventStoreError } from "@orga/event-store"
import { PostgresEventStore } from "@orga/event-store-postgres"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { beforeAll, describe, expect, inject, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as Orga from "../src/Orga.ts"
import * as Replay from "../src/Replay.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Stores from "../src/Stores.ts"
import { config } from "./support/harness.ts"

const snapshot = (models: ReadModels.ReadModels) => ({
  versions: models.versions,
  organizations: models.organizations,
  rosters: models.rosters,
  imports: models.imports,
  deadlines: models.deadlines,
  campaigns: models.campaigns,
  campaignsByOrganization: models.campaignsByOrganization,
  campaignByCode: models.campaignByCode,
  accounts: models.accounts,
  logins: models.logins,
  participationStreams: models.participationStreams,
  participationsByCampaign: models.participationsByCampaign,
  participations: [...models.participationsByCampaign.values()]
    .flat()
    .map((id) => [models.streamOfParticipation(id), models.participation(id)]),
  linkedByIne: models.linkedByIne,
  linksByUser: models.linksByUser
})

describe("rebuild through the PostgreSQL replay reader", () => {
  const connectionString = inject("databaseUrl")
  const schema = `orga_replay_${process.pid}_${Date.now()}`
  beforeAll(async () => {
    // The README's program: an organization, its team, a SIECLE import, a campaign, a participation shared.
    const layer = Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
      Layer.provide(Layer.merge(Stores.postgres(connectionString, schema), Runtime.deterministic().layer))
    )
    await Effect.runPromise(program.pipe(Effect.provide(layer)))
  }, 60_000)

  const fold = (batchSize: number) =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = yield* PostgresEventStore.make({ connectionString, schema, poolSize: 2 })
          const read = PostgresEventStore.replayReader(store)
          const plain = ReadModels.make()
          const fast = ReadModels.make()
          let rows = 0
          for (let position = 0n; ; ) {
            const events = yield* store.readAll({ after: position, maxCount: batchSize })
            const replayed = yield* read(position, batchSize)
            expect(replayed).toEqual(
              events.map((event) => [event.globalPosition, event.streamId, event.streamVersion, event.data])
            )
            if (events.length === 0) break
            plain.apply(events)
            fast.applyRows(replayed)
            rows += replayed.length
            position = events[events.length - 1]!.globalPosition
          }
          return { plain: snapshot(plain), fast: snapshot(fast), rows }
        })
      )
    )

  it.each([1, 3, 7, 10_000])(
    "builds the same read models as readAll (batches of %i)",
    async (batchSize) => {
      const { plain, fast, rows } = await fold(batchSize)
      expect(rows).toBeGreaterThan(50)
      expect(plain.rosters.size).toBe(1)
      expect(plain.participations).toHaveLength(1)
      expect(fast).toEqual(plain)
    },
    60_000
  )

  it("is provided by Stores.postgres and reads what readAll reads", async () => {
    const [replayed, events] = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const replay = yield* Replay.Replay
          const store = yield* EventStore.EventStore
          return [yield* replay.read(0n, 10_000), yield* store.readAll({ after: 0n, maxCount: 10_000 })] as const
        }).pipe(Effect.provide(Stores.postgres(connectionString, schema)))
      )
    )
    expect(replayed.length).toBeGreaterThan(50)
    expect(replayed).toEqual(
      events.map((event) => [event.globalPosition, event.streamId, event.streamVersion, event.data])
    )
  }, 60_000)

  it("is what a restarted Orga over Stores.postgres uses, and it answers as over readAll alone", async () => {
    const { plain, rows } = await fold(10_000)
    const [organizationId] = [...plain.organizations.keys()]
    const [campaignId] = [...plain.campaigns.keys()]
    const admin = { _tag: "User", userId: "claire" } as Orga.OrgaActor
    const answers = (store: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>) =>
      Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const orga = yield* Orga.Orga
            return {
              rebuilt: orga.rebuild.events,
              learners: yield* orga.learners(admin, organizationId!),
              results: yield* orga.campaignResults(admin, campaignId!)
            }
          }).pipe(
            Effect.provide(
              Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(Layer.provide(Layer.merge(store, Runtime.live)))
            )
          )
        )
      )
    const fast = await answers(Stores.postgres(connectionString, schema))
    const plainAnswers = await answers(PostgresEventStore.layer({ connectionString, schema }))
    expect(fast.rebuilt).toBe(rows)
    expect(fast.learners.length).toBe(36)
    expect(fast.results.participationsCount).toBe(1)
    expect(fast).toEqual(plainAnswers)
  }, 60_000)
})
