/**
 * The front door's read models when an instance serves from the read-model tables (issue 17, `readModels:
 * "tables"`): a `PartitionCache` over the tables' rows and the log's tail instead of a fold of the whole log. It
 * starts from the stored router and checkpoint (no replay), loads what each call needs before its body runs
 * (`Scopes`), and folds the log's tail itself when a call asks for fresh models.
 *
 * Concurrency inside the instance: every change of the cache (a load, a fold of the tail, an eviction) runs under
 * one lock, one at a time (the tail itself is read outside it, and only folded under it); a call pins the owners
 * (schools, keys) it loaded for as long as it runs, and eviction passes pinned owners over (the bound is exceeded
 * until they are released, then `trim` evicts). A body thus never loses a partition it reads while it yields; a
 * load or a fold meanwhile only adds partitions or folds newer events of the log, as the memory mode's catch-up
 * does under a body that yields. A load does not wait for a lagging leader under the lock: it waits outside it
 * (`loading`), so that the other calls meanwhile serve the schools loaded, and only for the rows the tail folded
 * since their checkpoint reached (`PartitionCache.load`). Keys a call names that a school holds stay that school's,
 * pinned with it.
 *
 * @since 0.3.0
 */
import { PersonalSubjects } from "@orga/domain"
import { type EventStore, EventStoreError } from "@orga/event-store"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Semaphore from "effect/Semaphore"
import type * as ReadModelTables from "../ReadModelTables.ts"
import * as PartitionCache from "./PartitionCache.ts"
import * as PartitionCacheSource from "./PartitionCacheSource.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
import type * as ReadModels from "./ReadModels.ts"

/**
 * The owners a running call pinned (read by `ensure` inside its body).
 *
 * @category services
 * @since 0.3.0
 */
export class Lease extends Context.Service<
  Lease,
  {
    readonly owners: Array<PartitionRouter.Key>
    /** The call's scope has just folded the tail: the body's first `fresh` need not read it again. */
    fresh: boolean
    /** Schools the call loaded as their own rows only (`ensureSchoolRows`): its `fresh` does not complete them. */
    readonly rowsOnly: Set<PartitionRouter.Key>
  }
>()("@orga/orga/internal/Follower/Lease") {}

/**
 * A serving instance's read models and how a call gets the partitions it needs.
 *
 * @category models
 * @since 0.3.0
 */
export interface Follower {
  readonly cache: PartitionCache.PartitionCache
  /** The loaded partitions' read models (one object for the life of the instance, as in memory mode). */
  readonly models: ReadModels.ReadModels
  /** The position the models stand at. */
  readonly position: () => bigint
  /** Folds the log's tail until the models stand at `position` or beyond. */
  readonly awaitPosition: (position: bigint) => Effect.Effect<void, EventStoreError.EventStoreError>
  /** Folds the log's tail as a call begins (before its scope's loads). */
  readonly arrive: Effect.Effect<void, EventStoreError.EventStoreError>
  /** Folds the log's tail up to its head, then loads what the tail gave the running call's schools to need. */
  readonly fresh: Effect.Effect<void, EventStoreError.EventStoreError>
  /** Loads keys (the calling body keeps them pinned until it ends). */
  readonly ensure: (keys: ReadonlyArray<PartitionRouter.Key>) => Effect.Effect<void, EventStoreError.EventStoreError>
  /** Loads a school with what it needs (the users of the accounts its learners' INEs are linked to included). */
  readonly ensureSchool: (organizationId: string) => Effect.Effect<void, EventStoreError.EventStoreError>
  /** Loads every partition with a row, whatever the bound (for the call only: `trim` evicts afterwards). */
  readonly ensureAll: Effect.Effect<void, EventStoreError.EventStoreError>
  /**
   * Loads schools' own rows in one read, not what they need (the next `ensureSchool` of each loads that), for a
   * call that reads the schools' own partitions only.
   */
  readonly ensureSchoolRows: (
    organizationIds: ReadonlyArray<string>
  ) => Effect.Effect<void, EventStoreError.EventStoreError>
  /** The organizations with a row as of the log's head, by id (their keys listed, no row read). */
  readonly schools: Effect.Effect<ReadonlyArray<string>, EventStoreError.EventStoreError>
  /** Runs a call with its own lease: what it loads stays pinned until it ends, then the cache is trimmed. */
  readonly leased: <A, E, R>(call: Effect.Effect<A, E, R>) => Effect.Effect<A, E, Exclude<R, Lease>>
  /** The partition keeping a stream's version when it is not loaded (a scope missed it), else `undefined`. */
  readonly missingHome: (streamId: string) => PartitionRouter.Key | undefined
  /** The subjects the router knows erased (learners, and users who had a login): for `Privacy.reconcile`. */
  readonly erasedSubjects: () => ReadonlySet<string>
}

/**
 * How many of the log's last events a serving instance reads at start for their command ids: a command re-delivered
 * after a restart answers its first outcome when it is among them, or reached the instance through the tail since.
 * Smaller than a memory start's window (`Streams.recentCommandsWindow`): the start reads nothing else.
 *
 * @category getters
 * @since 0.3.0
 */
export const commandWindow = 1000

/**
 * How many times a load gives up the lock to wait outside it for the projection to reach the cache's position,
 * before it waits under the lock as a plain `PartitionCache` load does: on a log so busy that the position moves
 * on at every round, the load still ends (the bound of each wait is the cache's, 5 s).
 *
 * @category getters
 * @since 0.3.0
 */
export const outsideWaits = 3

const storeError = (error: PartitionCacheSource.PartitionCacheError) =>
  new EventStoreError.EventStoreError({ reason: "ReadModelTables", message: error.message, cause: error })

/**
 * A follower over the tables of a store layer: reads their router and checkpoint only. `onTail` sees every event
 * of the tail before it is folded (the command ids are recorded there) and may turn its data into what the read
 * models fold (an upcast).
 *
 * @category constructors
 * @since 0.3.0
 */
export const make = (options: {
  readonly tables: ReadModelTables.ReadModelTablesShape
  readonly store: EventStore.EventStoreShape
  readonly maxSchools: number
  readonly readModels: ReadModels.MakeOptions
  readonly onTail: (events: ReadonlyArray<EventStore.RecordedEvent>) => ReadonlyArray<EventStore.RecordedEvent>
}): Effect.Effect<Follower, EventStoreError.EventStoreError> => {
  const { tables, store } = options
  const base = PartitionCacheSource.fromSink({ sink: tables.sink, store })
  return fromSource({
    source: { ...base, tail: (after, maxCount) => Effect.map(base.tail(after, maxCount), options.onTail) },
    awaitHead: Effect.mapError(tables.awaitHead, (error) =>
      error instanceof EventStoreError.EventStoreError
        ? error
        : new EventStoreError.EventStoreError({ reason: "ReadModelTables", message: String(error), cause: error })
    ),
    maxSchools: options.maxSchools,
    readModels: options.readModels
  })
}

/**
 * A follower over any source (the tables' through `make`, or one in memory in the tests). `awaitHead` waits until
 * the projection reaches the log's head (what a call loading every school waits for); `waitMillis` bounds a load's
 * wait for the projection (the cache's default, 5 s).
 *
 * @category constructors
 * @since 0.3.0
 */
export const fromSource = (options: {
  readonly source: PartitionCacheSource.Source
  readonly awaitHead: Effect.Effect<void, EventStoreError.EventStoreError>
  readonly maxSchools: number
  readonly readModels: ReadModels.MakeOptions
  readonly waitMillis?: number | undefined
}): Effect.Effect<Follower, EventStoreError.EventStoreError> =>
  Effect.gen(function* () {
    const { source } = options
    const cache = yield* Effect.mapError(
      PartitionCache.start(source, {
        maxSchools: options.maxSchools,
        readModels: options.readModels,
        waitMillis: options.waitMillis
      }),
      storeError
    )
    const { models } = cache
    const pins = new Map<PartitionRouter.Key, number>()
    PartitionCache.pin(cache, (owner) => (pins.get(owner) ?? 0) > 0)
    const lock = Semaphore.makeUnsafe(1)
    const locked = <A>(effect: Effect.Effect<A, PartitionCacheSource.PartitionCacheError>) =>
      Effect.mapError(Semaphore.withPermit(lock)(effect), storeError)

    // Pins owners for the running call (none outside a call: start-up loads nothing).
    const hold = (owners: ReadonlyArray<PartitionRouter.Key>) =>
      Effect.map(Effect.serviceOption(Lease), (lease) => {
        if (Option.isNone(lease)) return
        for (const owner of owners) {
          lease.value.owners.push(owner)
          pins.set(owner, (pins.get(owner) ?? 0) + 1)
        }
      })

    // A load under the lock that does not wait there for the projection: when it stands behind the cache's position,
    // the lock is given up, the projection awaited outside it (the other calls meanwhile serve the schools loaded,
    // fold the tail), and the load tried again at the position then reached. After `outsideWaits` rounds it waits
    // under the lock, as before: a busy log does not starve it.
    const loading = (
      load: (options: PartitionCache.LoadOptions) => Effect.Effect<boolean, PartitionCacheSource.PartitionCacheError>
    ) =>
      Effect.gen(function* () {
        for (let round = 0; round < outsideWaits; round++) {
          if (yield* locked(load({ waitMillis: 0 }))) return
          yield* Effect.mapError(
            Effect.suspend(() => PartitionCache.awaitProjection(cache, cache.position)),
            storeError
          )
        }
        yield* locked(load({}))
      })

    // The log's tail is read outside the lock and folded under it: the read (a round trip to the store, the
    // events' decryption and decoding: half a second for a school's import) holds up no other call, only the fold
    // does. Reads of the tail take turns among themselves (`reading`); a load's own read up to its rows'
    // checkpoint stays under the lock.
    const reading = Semaphore.makeUnsafe(1)
    const readAndFold = Effect.gen(function* () {
      let count = 0
      for (;;) {
        const events = yield* Effect.mapError(source.tail(cache.position, cache.options.batchSize), storeError)
        if (events.length === 0) return count
        // Events a load folded meanwhile are skipped by the fold (at or below the position).
        yield* locked(Effect.sync(() => PartitionCache.fold(cache, events)))
        count += events.length
      }
    })
    const catchUp = Semaphore.withPermit(reading)(readAndFold)

    // Calls arriving while the tail is read share the next read: once a read that began after a call arrived has
    // finished, the models hold every event appended before the call (read-your-writes), and the call reads no more.
    let started = 0
    let completed = 0
    const sharedCatchUp = Effect.suspend(() => {
      const arrival = started
      return Semaphore.withPermit(reading)(
        Effect.suspend(() => {
          if (completed > arrival) return Effect.void
          const ticket = ++started
          return Effect.map(readAndFold, () => {
            completed = ticket
          })
        })
      )
    })

    const awaitPosition = (position: bigint) =>
      Effect.gen(function* () {
        while (cache.position < position) {
          const read = yield* catchUp
          // The position comes from the log (an append's): only a read racing its commit finds nothing yet.
          if (read === 0 && cache.position < position) yield* Effect.sleep(5)
        }
      })

    // The keys' owners are pinned under the lock, with the load: a key an unpinned school holds (one of its INEs)
    // is not evicted with it while the call reads it.
    const ensure = (keys: ReadonlyArray<PartitionRouter.Key>) =>
      keys.length === 0
        ? Effect.void
        : Effect.andThen(
            hold(keys),
            loading((load) =>
              Effect.tap(PartitionCache.ensure(cache, keys, load), (loaded) =>
                loaded ? hold(PartitionCache.ownersOf(cache, keys)) : Effect.void
              )
            )
          )

    // The accounts the school's INEs are linked to (in any school): a reconciliation reads them.
    const linkedUsers = (organizationId: string): Array<PartitionRouter.Key> => {
      const keys: Array<PartitionRouter.Key> = []
      for (const learner of models.rosters.get(organizationId)?.learners.values() ?? []) {
        const linked = models.linkedByIne.get(learner.record.nationalStudentId)
        if (linked !== undefined) {
          const key = PartitionRouter.user(linked.userId)
          if (!cache.loaded.has(key)) keys.push(key)
        }
      }
      return keys
    }

    const ensureSchool = (organizationId: string) =>
      Effect.gen(function* () {
        yield* hold([PartitionRouter.org(organizationId)])
        yield* loading((load) => PartitionCache.ensureSchool(cache, organizationId, load))
        yield* ensure(linkedUsers(organizationId))
      })

    // Every row's key as of the log's head: a school registered elsewhere just before the call is among them.
    const keysAtHead = Effect.andThen(
      options.awaitHead,
      Effect.mapError(source.keys ?? Effect.succeed<ReadonlyArray<PartitionRouter.Key>>([]), storeError)
    )

    const schools = Effect.map(keysAtHead, (keys) =>
      keys.filter((key) => key.startsWith("org:")).map((key) => key.slice("org:".length))
    )

    const ensureSchoolRows = (organizationIds: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const keys = organizationIds.map(PartitionRouter.org)
        const lease = yield* Effect.serviceOption(Lease)
        if (Option.isSome(lease)) for (const key of keys) lease.value.rowsOnly.add(key)
        yield* hold(keys)
        yield* loading((load) => PartitionCache.ensureSchoolRows(cache, organizationIds, load))
      })

    const ensureAll = Effect.gen(function* () {
      const keys = yield* keysAtHead
      const schoolKeys = keys.filter((key) => key.startsWith("org:"))
      const others = keys.filter((key) => !key.startsWith("org:"))
      yield* hold(schoolKeys)
      // One read for every school's row, then each is owned (and its needs named) without reading again.
      yield* loading((load) => PartitionCache.load(cache, schoolKeys, load))
      for (const school of schoolKeys) yield* ensureSchool(school.slice("org:".length))
      yield* ensure(others)
    })

    const release = (owners: ReadonlyArray<PartitionRouter.Key>) =>
      Semaphore.withPermit(lock)(
        Effect.sync(() => {
          for (const owner of owners) {
            const count = (pins.get(owner) ?? 0) - 1
            if (count > 0) pins.set(owner, count)
            else pins.delete(owner)
          }
          PartitionCache.trim(cache)
        })
      )

    const leased = <A, E, R>(call: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Lease>> =>
      Effect.suspend(() => {
        const lease = {
          owners: [] as Array<PartitionRouter.Key>,
          fresh: false,
          rowsOnly: new Set<PartitionRouter.Key>()
        }
        return call.pipe(
          Effect.provideService(Lease, lease),
          Effect.ensuring(Effect.suspend(() => release(lease.owners)))
        )
      }) as Effect.Effect<A, E, Exclude<R, Lease>>

    const campaignIdOfStream = (streamId: string): string | undefined =>
      models.participationStreams.get(streamId)?.participations[0]?.campaignId

    const missingHome = (streamId: string): PartitionRouter.Key | undefined => {
      const home = PartitionRouter.homeOfStream(cache.router, streamId, campaignIdOfStream)
      return home.startsWith("stream:") || cache.loaded.has(home) ? undefined : home
    }

    const erasedSubjects = (): ReadonlySet<string> => {
      const subjects = new Set<string>()
      for (const learnerId of cache.router.erasedLearnerOrg.keys()) subjects.add(PersonalSubjects.learner(learnerId))
      for (const [userId, logins] of cache.router.userLogins)
        if (PartitionRouter.idsOf(logins).includes(PersonalSubjects.erasedLogin(userId).toLowerCase()))
          subjects.add(PersonalSubjects.user(userId))
      return subjects
    }

    // The tail may reach a school a running call loaded and give it new needs (a learner linked meanwhile to an
    // account of another school): they are loaded before the body reads.
    const fresh = Effect.gen(function* () {
      const lease = yield* Effect.serviceOption(Lease)
      // The body's first `fresh` right after its scope's: the tail was read once the call began. A decision run
      // again after a conflict reads it again.
      if (Option.isSome(lease) && lease.value.fresh) lease.value.fresh = false
      else yield* sharedCatchUp
      if (Option.isNone(lease)) return
      for (const owner of new Set(lease.value.owners))
        if (owner.startsWith("org:") && !lease.value.rowsOnly.has(owner)) {
          const organizationId = owner.slice("org:".length)
          const needed = cache.needs.get(owner)
          if (
            cache.changed.has(owner) ||
            needed === undefined ||
            [...needed].some((key) => !cache.loaded.has(key)) ||
            linkedUsers(organizationId).length > 0
          )
            yield* ensureSchool(organizationId)
        }
    })

    // A call's scope: the tail folded once the call began; the body's first `fresh` then skips its own read.
    const arrive = Effect.gen(function* () {
      yield* sharedCatchUp
      const lease = yield* Effect.serviceOption(Lease)
      if (Option.isSome(lease)) lease.value.fresh = true
    })

    return {
      cache,
      models,
      arrive,
      position: () => cache.position,
      awaitPosition,
      fresh,
      ensure,
      ensureSchool,
      ensureAll,
      schools,
      ensureSchoolRows,
      leased,
      missingHome,
      erasedSubjects
    } satisfies Follower
  })
