/**
 * What the replay tests of every store share: fold the log both ways (the store's replay reader through
 * `applyRows`, `readAll` through `apply`) and compare, and ask a restarted Orga the same questions over two stores.
 */
import type { EventStore, EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { expect } from "vitest"
import * as ReadModels from "../../src/internal/ReadModels.ts"
import * as Orga from "../../src/Orga.ts"
import type * as Replay from "../../src/Replay.ts"
import * as Runtime from "../../src/runtime/Runtime.ts"
import { config } from "./harness.ts"

/** Every read model of a fold, as plain values `toEqual` can compare. */
export const snapshot = (models: ReadModels.ReadModels) => ({
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

/**
 * Folds the whole log in batches of `batchSize`, once through `readAll` and once through the replay reader,
 * checking page by page that both read the same rows.
 */
export const foldBothWays = (
  store: EventStore.EventStoreShape,
  read: Replay.ReplayShape["read"],
  batchSize: number
): Effect.Effect<
  { readonly plain: ReturnType<typeof snapshot>; readonly fast: ReturnType<typeof snapshot>; readonly rows: number },
  EventStoreError.EventStoreError
> =>
  Effect.gen(function* () {
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

/** What a freshly started Orga over `store` answers an admin about one organization and one campaign. */
export const answersOver = (
  store: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>,
  organizationId: string,
  campaignId: string
) => {
  const admin = { _tag: "User", userId: "claire" } as Orga.OrgaActor
  return Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const orga = yield* Orga.Orga
        return {
          rebuilt: orga.rebuild.events,
          learners: yield* orga.learners(admin, organizationId),
          results: yield* orga.campaignResults(admin, campaignId)
        }
      }).pipe(
        Effect.provide(
          Orga.layer({ ...config, pixAdminIds: ["pix"] }).pipe(Layer.provide(Layer.merge(store, Runtime.live)))
        )
      )
    )
  )
}
