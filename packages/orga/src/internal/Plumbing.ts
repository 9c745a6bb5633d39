/**
 * The plumbing every use case and query of the front door shares: the store and the runtime inputs, the
 * read models kept up to date by the catch-up, the one write path (the kernel's `CommandHandler`, deciding on
 * the read models' states) and the lookups with their rights checks. The modules of the service
 * (`Organizations`, `Team`, `Accounts`, `Rosters`, `Campaigns`, `Participations`, `Queries`, `Results`,
 * `Reports`) each take it as their one parameter, so there is a single set of read models and a single writer
 * per service.
 *
 * @since 0.1.0
 */
import { Account, AccountError, CampaignError, DomainError, OrganizationError, type StoredEvent } from "@orga/domain"
import { CommandHandler, EventCodec, EventStore, EventStoreError } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { CommandOptions, Config, OrgaError } from "../Orga.ts"
import * as PersonalData from "../PersonalData.ts"
import * as ReadModelTables from "../ReadModelTables.ts"
import * as Replay from "../Replay.ts"
import * as Runtime from "../runtime/Runtime.ts"
import * as Snapshots from "../Snapshots.ts"
import * as Catchup from "./Catchup.ts"
import { type Actor, type Campaign, Ids, type Organization, Policy, type TargetProfile, Timestamp } from "./Domain.ts"
import * as Follower from "./Follower.ts"
import * as Inputs from "./Inputs.ts"
import * as ReadModels from "./ReadModels.ts"
import * as SnapshotStorage from "./Snapshots.ts"
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
export const unauthenticated = () => Effect.fail(AccountError.unauthenticated())

/**
 * Contention that outlasted the retries: a typed, French conflict (never a store's English message).
 *
 * @since 0.1.0
 */
export const concurrentUpdate = (streamId: string) =>
  DomainError.make(
    "Conflict",
    "CONCURRENT_UPDATE",
    "Trop de modifications simultanées : l'action n'a pas pu être enregistrée, veuillez réessayer.",
    { streamId }
  )

/**
 * The id of the logged-in user acting, or `UNAUTHENTICATED`.
 *
 * @since 0.1.0
 */
export const userOf = (actor: Actor.Actor): Effect.Effect<Ids.UserId, DomainError.DomainError> =>
  actor._tag === "User"
    ? // The caller's actor is built outside (an HTTP session, a test): its id is bounded like any input.
      Effect.mapError(Inputs.decode(Ids.UserId)(actor.userId), () =>
        DomainError.make("InvalidInput", "INVALID_INPUT", "L’identifiant de l’utilisateur est invalide.", {
          field: "userId"
        })
      )
    : unauthenticated()

/**
 * Brands a value the runtime made (an id, the time): a value the schema refuses is a defect of the runtime.
 *
 * @since 0.1.0
 */
export const brand =
  <S extends Schema.Decoder<unknown>>(schema: S) =>
  (value: unknown): Effect.Effect<S["Type"]> =>
    Effect.orDie(Schema.decodeUnknownEffect(schema)(value))

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
    const codec = Streams.codec(config.storedShapes)
    const commands = Streams.commands()
    const replay = yield* Effect.serviceOption(Replay.Replay)
    // Every event is folded at its current version. Where every upcaster can tell versions apart by shape, the
    // read models bring up the data of the changed tags themselves (`upcastUnversioned`), for events and for the
    // replay pages alike (pages carry no versions); otherwise events are upcast by their stored version, and the
    // pages are not used. Without upcasters, data is folded as stored, at no cost.
    const upcastUnversioned = codec.upcastUnversioned
    const modelOptions: ReadModels.MakeOptions = {
      upcast: upcastUnversioned,
      upcastTags: new Set([...codec.types].filter((type) => codec.versionOf(type) > 1))
    }
    const upcastByVersion = codec.hasUpcasters && upcastUnversioned === undefined
    const upcastEvents = (events: ReadonlyArray<EventStore.RecordedEvent>): ReadonlyArray<EventStore.RecordedEvent> =>
      upcastByVersion
        ? events.map((event) => {
            const data = Result.getOrThrow(codec.upcastResult(event))
            return data === event.data ? event : { ...event, data }
          })
        : events
    // Serving from the read-model tables (issue 17): the models are a cache of partitions over the tables' rows
    // and the log's tail, started from the stored router and checkpoint (no replay, no snapshot).
    const tables = yield* Effect.serviceOption(ReadModelTables.ReadModelTables)
    const snapshots = yield* Effect.serviceOption(Snapshots.Snapshots)
    const serve = Option.isSome(tables) ? tables.value.serve : undefined
    let models: ReadModels.ReadModels
    let catchup: Positions
    let follower: Follower.Follower | undefined
    if (Option.isSome(tables) && serve !== undefined) {
      const started = performance.now()
      follower = yield* Follower.make({
        tables: tables.value,
        store,
        maxSchools: serve.maxSchools,
        readModels: modelOptions,
        onTail: (events) => {
          for (const event of events) commands.record(event)
          return upcastEvents(events)
        }
      })
      models = follower.models
      // The command ids of the log's last events, as a start-up on replay pages reads them (bounded: no replay).
      const checkpoint = follower.position()
      const window = BigInt(Follower.commandWindow)
      const recent = yield* store.readAll({
        after: checkpoint > window ? checkpoint - window : 0n,
        maxCount: Follower.commandWindow
      })
      for (const event of recent) if (event.globalPosition <= checkpoint) commands.record(event)
      catchup = {
        position: follower.position,
        awaitPosition: follower.awaitPosition,
        rebuild: {
          events: recent.length,
          millis: performance.now() - started,
          foldMillis: 0,
          snapshotPosition: checkpoint
        }
      }
    } else {
      const memory = ReadModels.make(modelOptions)
      models = memory
      const apply = (events: ReadonlyArray<EventStore.RecordedEvent>) => {
        for (const event of events) commands.record(event)
        memory.apply(upcastEvents(events))
      }
      const fromPages = Option.isSome(replay) && !upcastByVersion
      // Snapshots (ADR 0056): the newest one is put in place first, and the replay goes on after it.
      const writing = Option.isSome(snapshots) ? Snapshots.writing(snapshots.value) : undefined
      const started = yield* Catchup.start(store, apply, {
        ...(fromPages ? { replay: { pages: replay.value.pages, apply: memory.applyPage } } : {}),
        ...(writing !== undefined
          ? { snapshot: Effect.map(SnapshotStorage.load(writing, memory), (loaded) => loaded?.position) }
          : {})
      })
      catchup = started
      if (writing !== undefined)
        yield* SnapshotStorage.writer(writing, memory, started.position, started.rebuild.snapshotPosition ?? 0n)
      // The replay pages carry no command ids: the last events of the log are read once more for theirs.
      if (fromPages) {
        const rebuilt = started.position()
        const window = BigInt(Streams.recentCommandsWindow)
        const recent = yield* store.readAll({
          after: rebuilt > window ? rebuilt - window : 0n,
          maxCount: Streams.recentCommandsWindow
        })
        for (const event of recent) commands.record(event)
      }
    }
    const pixAdmins = new Set(config.pixAdminIds)
    // A login's reservation stream is named by a keyed hash of the login where the store shreds personal data
    // (the stream name would otherwise keep an e-mail in clear forever; docs/adr/0049-crypto-shredding.md).
    const shredder = yield* Effect.serviceOption(PersonalData.Shredder)
    const loginStreamName = (login: string): string =>
      Option.isSome(shredder)
        ? `user-login-${shredder.value.blindIndex(login.trim().toLowerCase())}`
        : Account.loginStreamName(login)
    // The configured profiles are offered to every organization (Pix's public profiles); the back office's
    // catalogue offers each of its profiles to the organizations it is attached to (ADR 0042).
    const publicProfiles: ReadonlyMap<string, TargetProfile.TargetProfile> = new Map(
      config.targetProfiles.map((profile) => [profile.id, profile])
    )
    const targetProfiles: Pick<ReadonlyMap<string, TargetProfile.TargetProfile>, "get"> = {
      get: (id) => publicProfiles.get(id) ?? models.targetProfileCatalogue.get(id)?.profile
    }
    const publicProfileIds = yield* brand(Schema.Array(Ids.TargetProfileId))([...publicProfiles.keys()])
    /** The target profiles an organization's campaigns may use: the public ones, then those attached to it. */
    const targetProfileIdsOf = (organizationId: string) =>
      Effect.map(
        brand(Schema.Array(Ids.TargetProfileId))(models.attachedTargetProfiles.get(organizationId) ?? []),
        (attached) => [...publicProfileIds, ...attached.filter((id) => !publicProfiles.has(id))]
      )

    const version = (streamId: string): bigint => models.versions.get(streamId) ?? 0n

    /** The runtime's time, as the domain's timestamp. */
    const now = Effect.flatMap(clock.now, brand(Timestamp.Timestamp))

    /** A fresh id of the runtime, branded by `schema`. */
    const newId = <S extends Schema.Decoder<unknown>>(schema: S) => Effect.flatMap(ids.next, brand(schema))

    /** Brings the read models up to the log's head before a decision. */
    const fresh: Effect.Effect<void, EventStoreError.EventStoreError> =
      follower?.fresh ?? Effect.flatMap(store.head, catchup.awaitPosition)

    /**
     * Loads partitions a body names once it knows them (the INEs of a file read): a no-op in memory mode, where
     * every partition is there.
     */
    const ensure = (keys: ReadonlyArray<string>): Effect.Effect<void, EventStoreError.EventStoreError> =>
      follower === undefined ? Effect.void : follower.ensure(keys)

    /**
     * In serving mode, the partitions keeping the versions of every stream a decision writes or reads must be
     * loaded: those a scope could not know are loaded after the body (a new stream of a fresh id: its version is
     * still 0, the decision stands). A stream that turns out to exist is a scope bug (a defect naming it), except
     * a drawn campaign code or login (a random candidate the body tried): the body decides again on them.
     */
    const guarded = <A>(body: Effect.Effect<Outcome<A>, OrgaError>): Effect.Effect<Outcome<A>, OrgaError> =>
      follower === undefined
        ? body
        : Effect.gen(function* () {
            for (let round = 0; ; round++) {
              const decided = yield* body
              const missing = new Map<string, string>()
              for (const { streamId } of decided.writes) {
                const home = follower.missingHome(streamId)
                if (home !== undefined) missing.set(streamId, home)
              }
              if (missing.size === 0) return decided
              yield* follower.ensure([...new Set(missing.values())])
              const existing = [...missing].filter(([streamId]) => version(streamId) > 0n)
              if (existing.length === 0) return decided
              const drawn = existing.every(([, home]) => home.startsWith("code:") || home.startsWith("login:"))
              if (!drawn || round >= 5) {
                const [streamId, home] = existing[0]!
                return yield* Effect.die(
                  new Error(
                    `Serving from the tables: the stream ${streamId} was decided on without its partition ${home} loaded (a missing scope)`
                  )
                )
              }
            }
          })

    /** A write expecting the stream's version the read models saw: a concurrent writer makes it conflict. */
    const write = (streamId: string, events: ReadonlyArray<StoredEvent.StoredEvent>): Streams.Write =>
      Streams.exact(streamId, version(streamId), events)

    /** A stream the decision only read: appended with no event, its version is still checked. */
    const read = (streamId: string): Streams.Write => Streams.exact(streamId, version(streamId), [])

    const decisions = CommandHandler.makeDecisions({
      store,
      codec,
      // A command seen by the catch-up answers its first outcome, even when deciding again would refuse it.
      storedCommand: (commandId) =>
        Effect.gen(function* () {
          const range = commands.find(commandId)
          if (range === undefined) return undefined
          const events = yield* store.readAll({ after: range.first - 1n, maxCount: range.count })
          return yield* codec.decodeAll(events.filter((event) => event.commandId === commandId))
        })
    })

    /**
     * A use case: `body` reads fresh states and decides (it runs again on a concurrent writer, on fresh
     * states); its writes are appended atomically, each stream with the version it was read at, then the read
     * models fold them before the answer. A re-delivered command id appends nothing and answers `replay` of
     * its first events.
     */
    const run = <A>(
      useCase: string,
      options: CommandOptions | undefined,
      body: Effect.Effect<Outcome<A>, OrgaError>,
      replay: (events: ReadonlyArray<StoredEvent.StoredEvent>) => A
    ): Effect.Effect<CommandHandler.DecisionResult<StoredEvent.StoredEvent, A>, OrgaError> =>
      decisions(
        Effect.map(
          Effect.flatMap(fresh, () => guarded(body)),
          (outcome): CommandHandler.Decision<StoredEvent.StoredEvent, A> => ({
            streams: outcome.writes,
            answer: outcome.answer,
            metadata: {
              actorId: outcome.actorId,
              useCase,
              occurredAt: outcome.occurredAt,
              organizationId: outcome.organizationId,
              ...(options?.commandId === undefined ? {} : { commandId: options.commandId })
            }
          })
        ),
        { commandId: options?.commandId, replay }
      ).pipe(
        Effect.tap((result) => (result.events.length > 0 ? catchup.awaitPosition(result.position) : Effect.void)),
        Effect.catchIf(
          (error): error is EventStoreError.WrongExpectedVersion =>
            error instanceof EventStoreError.WrongExpectedVersion,
          (error) => Effect.fail(concurrentUpdate(error.streamId))
        ),
        Effect.catchIf(
          // A decided event its schema refuses, or a stored one that cannot be read: a bug, not a refusal.
          (error): error is EventCodec.EventCodecError => error instanceof EventCodec.EventCodecError,
          (error) => Effect.die(error)
        )
      )

    /** A use case answering its decision's answer. */
    const useCase = <A>(
      name: string,
      options: CommandOptions | undefined,
      body: Effect.Effect<Outcome<A>, OrgaError>,
      replay: (events: ReadonlyArray<StoredEvent.StoredEvent>) => A
    ): Effect.Effect<A, OrgaError> => Effect.map(run(name, options, body, replay), (result) => result.answer)

    /** A query: answers from the read models once they caught up with the log's head. */
    const query = <A>(body: Effect.Effect<A, OrgaError>) => Effect.flatMap(fresh, () => body)

    /** The organization, if registered (`ORGANIZATION_NOT_FOUND` otherwise). */
    const organizationOf = (
      organizationId: string
    ): Effect.Effect<Organization.Organization, DomainError.DomainError> => {
      const state = models.organizations.get(organizationId)
      return state === undefined || state.registration === null
        ? Effect.flatMap(Inputs.decode(Ids.OrganizationId)(organizationId), (id) =>
            Effect.fail(OrganizationError.organizationNotFound(id))
          )
        : Effect.succeed(state)
    }

    /** The campaign, unless unknown or deleted (`CAMPAIGN_NOT_FOUND`). */
    const campaignOf = (campaignId: string): Effect.Effect<Campaign.Campaign, DomainError.DomainError> => {
      const campaign = models.campaigns.get(campaignId)
      return campaign === undefined || campaign.deletedAt !== null
        ? Effect.fail(CampaignError.notFound(campaignId))
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
      publicProfiles,
      targetProfileIdsOf,
      now,
      newId,
      write,
      read,
      run,
      useCase,
      query,
      organizationOf,
      campaignOf,
      asMember,
      asAdmin,
      loginStreamName,
      ensure,
      /** The serving instance's cache (`readModels: "tables"`), else `undefined` (memory mode). */
      follower,
      /** The store's snapshots (ADR 0056), when its layer keeps them: an erasure drops them. */
      snapshots
    }
  })

/**
 * Where the read models stand and how to wait for them: the catch-up's (memory mode) or the serving cache's.
 *
 * @since 0.3.0
 */
export interface Positions {
  readonly position: () => bigint
  readonly awaitPosition: (position: bigint) => Effect.Effect<void, EventStoreError.EventStoreError>
  readonly rebuild: Catchup.Catchup["rebuild"]
}

/**
 * What a use case's body decides: its writes (read-only streams included), its answer, and who acted when.
 *
 * @since 0.1.0
 */
export interface Outcome<A> {
  readonly writes: ReadonlyArray<Streams.Write>
  readonly answer: A
  readonly actorId: string | null
  readonly organizationId: string | null
  readonly occurredAt: string
}

/**
 * A use case's outcome (see `Outcome`).
 *
 * @since 0.1.0
 */
export const outcome = <A>(
  writes: ReadonlyArray<Streams.Write>,
  answer: A,
  meta: { readonly actorId: string | null; readonly organizationId: string | null; readonly occurredAt: string }
): Outcome<A> => ({ writes, answer, ...meta })

/**
 * What `make` gives every module of the service.
 *
 * @since 0.1.0
 */
export type Plumbing = Effect.Success<ReturnType<typeof make>>
