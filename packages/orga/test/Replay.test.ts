/**
 * The start-up rebuild's fast path (the SQLite store's replay reader folded by `applyRows`) must build the very
 * read models the plain path (`readAll` folded by `apply`) builds, whatever the batch size cuts through a stream.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import { SqliteEventStore } from "@orga/event-store-sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { program } from "../examples/usage.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as Orga from "../src/Orga.ts"
import * as Runtime from "../src/runtime/Runtime.ts"
import * as Stores from "../src/Stores.ts"
import { config, tempSqlite } from "./support/harness.ts"

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

describe("rebuild through the SQLite replay reader", () => {
  const file = tempSqlite()
  beforeAll(async () => {
    // The README's program: an organization, its team, a SIECLE import, a campaign, a participation shared.
    const layer = Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(
      Layer.provide(Layer.merge(Stores.sqlite(file.filename, { durability: "normal" }), Runtime.deterministic().layer))
    )
    await Effect.runPromise(program.pipe(Effect.provide(layer)))
  })
  afterAll(() => file.cleanup())

  const fold = (batchSize: number) =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename: file.filename })
          const read = SqliteEventStore.replayReader(database)
          const plain = ReadModels.make()
          const fast = ReadModels.make()
          let rows = 0
          for (let position = 0n; ; ) {
            const events = yield* store.readAll({ after: position, maxCount: batchSize })
            const replayed = yield* read(position, batchSize)
            expect(replayed.map((row) => [row[0], row[1], row[2], row[3]])).toEqual(
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

  it.each([1, 3, 7, 10_000])("builds the same read models as readAll (batches of %i)", async (batchSize) => {
    const { plain, fast, rows } = await fold(batchSize)
    expect(rows).toBeGreaterThan(50)
    expect(plain.rosters.size).toBe(1)
    expect(plain.participations).toHaveLength(1)
    expect(fast).toEqual(plain)
  })

  it("is what a restarted Orga over Stores.sqlite uses, and it answers as over readAll alone", async () => {
    const { plain } = await fold(10_000)
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
    const fast = await answers(Stores.sqlite(file.filename))
    const plainAnswers = await answers(SqliteEventStore.layer({ filename: file.filename }))
    expect(fast.learners.length).toBe(36)
    expect(fast.results.participationsCount).toBe(1)
    expect(fast).toEqual(plainAnswers)
  })
})
