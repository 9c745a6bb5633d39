/**
 * What the replay tests of every store share: fold the log both ways (the store's replay pages through
 * `applyPage`, `readAll` through `apply`) and compare, and ask a restarted Orga the same questions over two stores.
 */
import { isDeepStrictEqual } from "node:util"
import { EventStore, type EventStoreError, ReplayPage } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { expect } from "vitest"
import * as ReadModels from "../../src/internal/ReadModels.ts"
import * as ReplayDigest from "../../src/internal/ReplayDigest.ts"
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
 * Folds the whole log twice: `readAll` through `apply`, and the store's replay pages through `applyPage`,
 * checking first that the pages hold exactly the events `readAll` answers (stream, version, data, in order).
 */
export const foldBothWays = (
  store: EventStore.EventStoreShape,
  pages: Replay.ReplayShape["pages"],
  options: { readonly digested?: boolean } = {}
): Effect.Effect<
  { readonly plain: ReturnType<typeof snapshot>; readonly fast: ReturnType<typeof snapshot>; readonly rows: number },
  EventStoreError.EventStoreError
> =>
  Effect.gen(function* () {
    const events = yield* store.readAll({ after: 0n, maxCount: 1_000_000 })
    const replayed = yield* Stream.runCollect(pages(0n))
    const replayedEvents = replayed.flatMap(ReplayPage.events)
    // With the digest, a shared profile may come digested or as stored (the reading thread digests only while
    // the fold has pages in hand): each event must be one or the other.
    const expected = events.map((event, index) => {
      const data =
        options.digested === true && isDeepStrictEqual(replayedEvents[index]?.data, digestOf(event.data))
          ? digestOf(event.data)
          : event.data
      return { streamId: event.streamId, streamVersion: event.streamVersion, data }
    })
    expect(replayedEvents).toEqual(expected)
    expect(replayed.at(-1)?.lastPosition).toBe(events.at(-1)?.globalPosition)
    const plain = ReadModels.make()
    const fast = ReadModels.make()
    plain.apply(events)
    for (const page of replayed) fast.applyPage(page)
    return { plain: snapshot(plain), fast: snapshot(fast), rows: events.length }
  })

const digestOf = (data: unknown): unknown => JSON.parse(ReplayDigest.digest(JSON.stringify(data)))

/** What a freshly started Orga over `store` answers an admin about one organization and one campaign. */
export const answersOver = (
  store: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>,
  organizationId: string,
  campaignId: string
) => {
  const admin = Orga.user("claire")
  return Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const orga = yield* Orga.all
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

/**
 * The store of a store layer alone (its replay reader and shredder left out): the library then rebuilds
 * through `readAll`, reading what the layer reads (opened personal data included).
 */
export const storeOnly = <E>(layer: Layer.Layer<EventStore.EventStore, E>): Layer.Layer<EventStore.EventStore, E> =>
  Layer.effect(
    EventStore.EventStore,
    Effect.gen(function* () {
      return yield* EventStore.EventStore
    })
  ).pipe(Layer.provide(layer))
