/**
 * The plumbing every use case and query of the `Orga` service shares: the store and the runtime inputs, the
 * read models kept up to date by the catch-up, the append helpers and the lookups with their rights checks.
 * The modules of the service (`Organizations`, `Team`, `Accounts`, `Rosters`, `Campaigns`, `Participations`,
 * `Queries`, `Results`, `Reports`) each take it as their one parameter, so there is a single set of read
 * models and a single writer per service.
 *
 * @since 0.1.0
 */
import { DomainError } from "@orga/domain"
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type { Config, OrgaError } from "../Orga.ts"
import * as Replay from "../Replay.ts"
import * as Runtime from "../runtime/Runtime.ts"
import * as Catchup from "./Catchup.ts"
import { type Actor, type Campaign, type Organization, Policy, type TargetProfile } from "./Domain.ts"
import * as ReadModels from "./ReadModels.ts"
import * as Streams from "./Streams.ts"

/**
 * Lifts a domain decision into an effect failing with its `DomainError`.
 *
 * @since 0.1.0
 */
export const fromResult = <A>(
  result: Result.Result<A, DomainError.DomainError>
): Effect.Effect<A, DomainError.DomainError> =>
  Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

/**
 * Fails with a domain error (Pix's code, French message).
 *
 * @since 0.1.0
 */
export const fail = (
  tag: DomainError.DomainError["_tag"],
  code: string,
  message: string,
  meta: Record<string, unknown> = {}
) => Effect.fail(DomainError.make(tag, code, message, meta))

/**
 * The refusal of an action that needs a logged-in user.
 *
 * @since 0.1.0
 */
export const unauthenticated = () =>
  fail("Forbidden", "UNAUTHENTICATED", "Vous devez être connecté pour effectuer cette action.")

/**
 * The id of the logged-in user acting, or `UNAUTHENTICATED`.
 *
 * @since 0.1.0
 */
export const userOf = (actor: Actor.Actor): Effect.Effect<string, DomainError.DomainError> =>
  actor._tag === "User" ? Effect.succeed(actor.userId as string) : unauthenticated()

/**
 * Turns a policy's decision into an effect (a refusal fails with `Forbidden`).
 *
 * @since 0.1.0
 */
export const check = (decision: Policy.Decision) => fromResult(decision)

/**
 * Builds the plumbing of one service: starts the catch-up of its read models (from the replay reader when a
 * `Replay` layer is given).
 *
 * @since 0.1.0
 */
export const make = (config: Config) =>
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    const clock = yield* Runtime.Clock
    const ids = yield* Runtime.Ids
    const randomness = yield* Runtime.Randomness
    const models = ReadModels.make()
    const replay = yield* Effect.serviceOption(Replay.Replay)
    const catchup = yield* Catchup.start(
      store,
      models.apply,
      Option.isSome(replay) ? { replay: { pages: replay.value.pages, apply: models.applyPage } } : {}
    )
    const streams = Streams.make(store)
    const pixAdmins = new Set(config.pixAdminIds)
    const targetProfiles: ReadonlyMap<string, TargetProfile.TargetProfile> = new Map(
      config.targetProfiles.map((profile) => [profile.id, profile])
    )

    const version = (streamId: string): bigint => models.versions.get(streamId) ?? 0n

    /** Brings the read models up to the log's head before a decision. */
    const fresh = Effect.flatMap(store.head, catchup.awaitPosition)

    /** Appends the writes of a use case, then waits until the read models folded them. */
    const commit = (
      writes: ReadonlyArray<Streams.Write>,
      meta: { readonly actorId: string | null; readonly useCase: string; readonly organizationId: string | null },
      occurredAt: string
    ) =>
      Effect.gen(function* () {
        const { position } = yield* streams.append(
          writes,
          { actorId: meta.actorId, useCase: meta.useCase, occurredAt, organizationId: meta.organizationId },
          undefined,
          () => crypto.randomUUID()
        )
        if (position !== null) yield* catchup.awaitPosition(position)
        return writes.reduce((sum, write) => sum + write.events.length, 0)
      })

    /** A write expecting the stream's version the read models saw: a concurrent writer makes it conflict. */
    const write = (streamId: string, events: ReadonlyArray<Streams.DomainEvent>): Streams.Write => ({
      streamId,
      expectedVersion: version(streamId),
      events
    })

    /** A use case: reads fresh states, decides, commits; runs again on a concurrent writer. */
    const useCase = <A>(body: Effect.Effect<A, OrgaError | EventStoreError.WrongExpectedVersion>) =>
      Streams.retryOnConflict(Effect.flatMap(fresh, () => body)) as Effect.Effect<A, OrgaError>

    /** A query: answers from the read models once they caught up with the log's head. */
    const query = <A>(body: Effect.Effect<A, OrgaError>) => Effect.flatMap(fresh, () => body)

    /** The organization, if registered (`ORGANIZATION_NOT_FOUND` otherwise). */
    const organizationOf = (
      organizationId: string
    ): Effect.Effect<Organization.Organization, DomainError.DomainError> => {
      const state = models.organizations.get(organizationId)
      return state === undefined || state.registration === null
        ? fail("NotFound", "ORGANIZATION_NOT_FOUND", "L'organisation est introuvable.", { organizationId })
        : Effect.succeed(state)
    }

    /** The campaign, unless unknown or deleted (`CAMPAIGN_NOT_FOUND`). */
    const campaignOf = (campaignId: string): Effect.Effect<Campaign.Campaign, DomainError.DomainError> => {
      const campaign = models.campaigns.get(campaignId)
      return campaign === undefined || campaign.deletedAt !== null
        ? fail("NotFound", "CAMPAIGN_NOT_FOUND", "La campagne est introuvable.", { campaignId })
        : Effect.succeed(campaign)
    }

    /** The organization, when the actor may see its members (any member, or Pix Admin). */
    const asMember = (actor: Actor.Actor, organizationId: string) =>
      Effect.gen(function* () {
        const organization = yield* organizationOf(organizationId)
        yield* check(Policy.canListMembers(actor, organization))
        return organization
      })

    /** The organization, when the actor administers it. */
    const asAdmin = (actor: Actor.Actor, organizationId: string) =>
      Effect.gen(function* () {
        const organization = yield* organizationOf(organizationId)
        yield* check(Policy.canManageInvitations(actor, organization))
        return organization
      })

    return {
      store,
      clock,
      ids,
      randomness,
      models,
      catchup,
      pixAdmins,
      targetProfiles,
      commit,
      write,
      useCase,
      query,
      organizationOf,
      campaignOf,
      asMember,
      asAdmin
    }
  })

/**
 * What `make` gives every module of the service.
 *
 * @since 0.1.0
 */
export type Plumbing = Effect.Success<ReturnType<typeof make>>
