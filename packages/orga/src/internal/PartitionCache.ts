/**
 * An instance that serves schools from the partitioned projection's rows and follows the log's tail itself (issue
 * 17), instead of folding the whole log at start.
 *
 * It starts from the stored router and the projection's checkpoint (its position), and keeps one assembled
 * `ReadModels` holding only the partitions it was asked about: a school (`org:<id>`) with the global partitions it
 * needs (`Partitions.neededBy`), or keys a use case names. Each tail event goes through its own copy of the router:
 * an event reaching a loaded partition is folded into the models (`ReadModels.apply`), and whatever the fold wrote
 * into partitions that are not loaded is taken out again afterwards (a partial state is never read). A load is
 * consistent with the tail: the rows are read with the checkpoint C they stand at (in one consistent read); at or
 * past the position the tail is folded up to C first, then the rows are put in; behind it, only the rows no event
 * folded since C reached are put in (`touched`, over the events the cache remembers), the others wait for the
 * projection. Schools are evicted least recently used beyond a bound,
 * with the global partitions only they needed.
 *
 * The `ine:` and `links:` partitions are folded from the learner's state in its school's roster: when a roster
 * event of a school that is not loaded may reach loaded ones, they are dropped (stale) rather than guessed, and the
 * next `ensureSchool` of a school needing them loads them again.
 *
 * @since 0.3.0
 */
import { PersonalSubjects } from "@orga/domain"
import type { EventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type { StoredEvent } from "./Domain.ts"
import * as PartitionCacheSource from "./PartitionCacheSource.ts"
import * as PartitionFold from "./PartitionFold.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
import * as Partitions from "./Partitions.ts"
import * as ReadModels from "./ReadModels.ts"

/**
 * How many schools a cache keeps, how long a load waits for the projection, and how the read models decode.
 *
 * @category models
 * @since 0.3.0
 */
export interface Options {
  /** Schools kept before the least recently used one is evicted (default 50). */
  readonly maxSchools?: number | undefined
  /** Keys loaded on their own (`ensure`) kept before the least recently used is evicted (default 1000). */
  readonly maxKeys?: number | undefined
  /** How long a load waits for the projection to reach the cache's position, in ms (default 5000). */
  readonly waitMillis?: number | undefined
  /** Events read per round trip of `catchUp` (default 5000). */
  readonly batchSize?: number | undefined
  /** How many of the last events folded are remembered by the partitions they reached (`Touch`, default 20,000). */
  readonly recentEvents?: number | undefined
  readonly readModels?: ReadModels.MakeOptions | undefined
}

/**
 * How long one load may wait for the projection to reach the cache's position.
 *
 * A follower that serves many calls loads under its lock: waiting there for a lagging leader would hold every other
 * call (pages of schools already loaded) for seconds. With `waitMillis: 0` a load answers `false` (not yet) at once
 * instead, having loaded only rows that the tail folded since their checkpoint did not reach; the caller gives up
 * its lock, waits outside it (`awaitProjection`) and tries again.
 *
 * @category models
 * @since 0.3.0
 */
export interface LoadOptions {
  /** In ms; `0`: answer `false` rather than wait. Default: the cache's `waitMillis`. */
  readonly waitMillis?: number | undefined
}

/**
 * A follower's state: the assembled read models (only the loaded partitions), its router, its position in the log,
 * and who needs each loaded partition.
 *
 * @category models
 * @since 0.3.0
 */
export interface PartitionCache {
  readonly source: PartitionCacheSource.Source
  /** The read models of the loaded partitions: what the queries of a loaded school read. */
  readonly models: ReadModels.ReadModels
  readonly router: PartitionRouter.Router
  /** The partitions the models hold. */
  readonly loaded: Set<PartitionRouter.Key>
  /**
   * The owners (a school's `org:` key, or a key loaded on its own) needing each key, loaded or not: the owner
   * itself when it is the only one (nearly every key of a school: a `Set` each was 0.5 MB a school), else a set.
   */
  readonly owners: Map<PartitionRouter.Key, PartitionRouter.Key | Set<PartitionRouter.Key>>
  /** What each owner needs (its own key included). */
  readonly needs: Map<PartitionRouter.Key, Set<PartitionRouter.Key>>
  /** Schools in least recently used order (first: the next to go), and keys loaded on their own likewise. */
  readonly schools: Set<PartitionRouter.Key>
  readonly keys: Set<PartitionRouter.Key>
  /** Schools a tail event reached since their needs were last computed. */
  readonly changed: Set<PartitionRouter.Key>
  readonly derived: DerivedIndex
  /** The last events folded, oldest first, by what they reached: a load behind the position reads them. */
  readonly recent: Array<Touch>
  /** Every event folded after this position is in `recent`. */
  recentFrom: bigint
  position: bigint
  readonly options: {
    readonly maxSchools: number
    readonly maxKeys: number
    readonly waitMillis: number
    readonly batchSize: number
    readonly recentEvents: number
    readonly readModels: ReadModels.MakeOptions
  }
}

/**
 * What an event the cache folded may have changed, kept for a load whose rows stand behind the cache's position:
 * the partitions the router sent it to, and for a roster event that moves links (`ine:` and `links:`), either the
 * keys it changed (its school was loaded: `PartitionFold.linkKeys`, as the leader names them) or what is needed to
 * tell them from a row (its school, learner, account and INE). `all`: an erasure, which may change anything.
 *
 * @category models
 * @since 0.3.0
 */
export interface Touch {
  readonly position: bigint
  readonly reached: ReadonlyArray<PartitionRouter.Key>
  readonly linked?: ReadonlyArray<PartitionRouter.Key> | undefined
  readonly link?:
    | {
        readonly tag: string
        readonly organizationId: string
        readonly learnerId: string
        readonly userId: string | undefined
        readonly nationalStudentId: string | undefined
      }
    | undefined
  readonly all?: boolean | undefined
}

/**
 * A cache at the projection's checkpoint, holding no partition: the stored router and the checkpoint it stands at
 * are all it reads.
 *
 * @category constructors
 * @since 0.3.0
 */
export const start = (
  source: PartitionCacheSource.Source,
  options: Options = {}
): Effect.Effect<PartitionCache, PartitionCacheSource.PartitionCacheError> =>
  Effect.map(source.router, ({ router, checkpoint }) => ({
    source,
    models: ReadModels.make(options.readModels),
    router,
    loaded: new Set(),
    owners: new Map(),
    needs: new Map(),
    schools: new Set(),
    keys: new Set(),
    changed: new Set(),
    derived: {
      linksByLearner: new Map(),
      linksBySchool: new Map(),
      inesByLearner: new Map(),
      refsByKey: new Map(),
      ines: new Set()
    },
    recent: [],
    recentFrom: checkpoint,
    position: checkpoint,
    options: {
      maxSchools: options.maxSchools ?? 50,
      maxKeys: options.maxKeys ?? 1000,
      waitMillis: options.waitMillis ?? 5000,
      batchSize: options.batchSize ?? 5000,
      recentEvents: options.recentEvents ?? 20_000,
      readModels: options.readModels ?? {}
    }
  }))

/**
 * The position the cache's models stand at (the last event folded, or the checkpoint it started from).
 *
 * @category getters
 * @since 0.3.0
 */
export const position = (cache: PartitionCache): bigint => cache.position

const linkTags: ReadonlySet<string> = new Set([
  "StudentImported",
  "StudentAccountLinked",
  "StudentAccountUnlinked",
  "LearnerErased"
])

/**
 * Where the loaded `ine:` and `links:` partitions point, kept as they change: a user's links by the learners they
 * link (the roster's `<organizationId>/<learnerId>`, as `linksByUser` keys them) and by their schools, an INE's link
 * by its learner id. A link event of a school that is not loaded finds the partitions it may change there. The
 * texts are the models' own (no text made per entry) and a learner's one key is kept as it is, not in a set: a
 * school loads thousands of these keys, and the index was a tenth of its heap.
 *
 * @category models
 * @since 0.3.0
 */
export interface DerivedIndex {
  /** The loaded `links:` keys by the learner they link (its roster key). */
  readonly linksByLearner: Map<string, KeysOf>
  /** The loaded `links:` keys by the school of a learner they link. */
  readonly linksBySchool: Map<string, Set<PartitionRouter.Key>>
  /** The loaded `ine:` keys by the learner id of their link. */
  readonly inesByLearner: Map<string, KeysOf>
  /**
   * What each key was indexed under, to take it out once the models moved: an `ine:` key's learner id, a `links:`
   * key's learners' roster keys and schools, in pairs.
   */
  readonly refsByKey: Map<PartitionRouter.Key, string | ReadonlyArray<string>>
  /** Every loaded `ine:` key. */
  readonly ines: Set<PartitionRouter.Key>
}

/**
 * One key, or several: most learners are linked by one account and most INEs to one learner.
 *
 * @category models
 * @since 0.3.0
 */
export type KeysOf = PartitionRouter.Key | Set<PartitionRouter.Key>

const keysIn = (keys: KeysOf | undefined): Iterable<PartitionRouter.Key> =>
  keys === undefined ? [] : typeof keys === "string" ? [keys] : keys

const indexUnder = (map: Map<string, KeysOf>, ref: string, key: PartitionRouter.Key) => {
  const keys = map.get(ref)
  if (keys === undefined) map.set(ref, key)
  else if (typeof keys === "string") {
    if (keys !== key) map.set(ref, new Set([keys, key]))
  } else keys.add(key)
}

const unindexUnder = (map: Map<string, KeysOf>, ref: string, key: PartitionRouter.Key) => {
  const keys = map.get(ref)
  if (keys === undefined) return
  if (typeof keys === "string") {
    if (keys === key) map.delete(ref)
  } else {
    keys.delete(key)
    if (keys.size === 1) map.set(ref, keys.values().next().value!)
    else if (keys.size === 0) map.delete(ref)
  }
}

const unindex = (cache: PartitionCache, key: PartitionRouter.Key) => {
  const { derived } = cache
  const refs = derived.refsByKey.get(key)
  if (typeof refs === "string") unindexUnder(derived.inesByLearner, refs, key)
  else if (refs !== undefined)
    for (let index = 0; index < refs.length; index += 2) {
      unindexUnder(derived.linksByLearner, refs[index]!, key)
      const school = derived.linksBySchool.get(refs[index + 1]!)
      school?.delete(key)
      if (school?.size === 0) derived.linksBySchool.delete(refs[index + 1]!)
    }
  derived.refsByKey.delete(key)
  derived.ines.delete(key)
}

// Indexes a loaded derived partition again from what the models hold for it.
const reindex = (cache: PartitionCache, key: PartitionRouter.Key) => {
  if (!PartitionRouter.isDerived(key)) return
  unindex(cache, key)
  const { derived } = cache
  if (key.startsWith("links:")) {
    const refs: Array<string> = []
    for (const [learnerKey, link] of cache.models.linksByUser.get(key.slice("links:".length)) ?? []) {
      refs.push(learnerKey, link.organizationId)
      indexUnder(derived.linksByLearner, learnerKey, key)
      let school = derived.linksBySchool.get(link.organizationId)
      if (school === undefined) {
        school = new Set()
        derived.linksBySchool.set(link.organizationId, school)
      }
      school.add(key)
    }
    if (refs.length > 0) derived.refsByKey.set(key, refs)
  } else {
    derived.ines.add(key)
    const linked = cache.models.linkedByIne.get(key.slice("ine:".length))
    if (linked !== undefined) {
      indexUnder(derived.inesByLearner, linked.learnerId, key)
      derived.refsByKey.set(key, linked.learnerId)
    }
  }
}

const markLoaded = (cache: PartitionCache, key: PartitionRouter.Key) => {
  cache.loaded.add(key)
  reindex(cache, key)
}

const markUnloaded = (cache: PartitionCache, key: PartitionRouter.Key): boolean => {
  unindex(cache, key)
  return cache.loaded.delete(key)
}

// The loaded `ine:` and `links:` partitions a link event of a school that is not loaded may change: their fold
// needs the learner's state in that school's roster, so the candidates are found from what they hold.
const staleDerived = (cache: PartitionCache, event: StoredEvent.StoredEvent): ReadonlyArray<PartitionRouter.Key> => {
  const { linksByLearner, linksBySchool, inesByLearner, ines } = cache.derived
  const { organizationId, learnerId } = event as { readonly organizationId: string; readonly learnerId: string }
  const userId = (event as { readonly userId?: string }).userId
  const stale: Array<PartitionRouter.Key> = [
    ...keysIn(linksByLearner.get(`${organizationId}/${learnerId}`)),
    ...keysIn(inesByLearner.get(learnerId))
  ]
  const known = (key: PartitionRouter.Key) => {
    if (cache.loaded.has(key)) stale.push(key)
  }
  if (userId !== undefined) known(PartitionRouter.links(userId))
  switch (event._tag) {
    case "StudentImported":
      known(PartitionRouter.ine((event as { readonly nationalStudentId: string }).nationalStudentId))
      break
    case "LearnerErased":
      known(PartitionRouter.ine(PersonalSubjects.erasedIne(learnerId)))
      break
    case "StudentAccountLinked":
      // A relink moves the account from its previous learner in the school; a link sets the learner's INE, which
      // only the roster tells: every INE may be it.
      stale.push(...(linksBySchool.get(organizationId) ?? []), ...ines)
      break
  }
  return stale
}

// Keeps what an event reached for a load behind the position (`touched`).
const remember = (
  cache: PartitionCache,
  position: bigint,
  reached: ReadonlyArray<PartitionRouter.Key>,
  event: StoredEvent.StoredEvent,
  linked: ReadonlyArray<PartitionRouter.Key> | undefined
) => {
  if (event._tag === "UserErased" || event._tag === "LearnerErased") {
    cache.recent.push({ position, reached, all: true })
    return
  }
  if (!linkTags.has(event._tag)) {
    cache.recent.push({ position, reached })
    return
  }
  const fields = event as {
    readonly organizationId: string
    readonly learnerId: string
    readonly userId?: string
    readonly nationalStudentId?: string
  }
  cache.recent.push(
    linked !== undefined
      ? { position, reached, linked }
      : {
          position,
          reached,
          link: {
            tag: event._tag,
            organizationId: fields.organizationId,
            learnerId: fields.learnerId,
            userId: fields.userId,
            nationalStudentId: event._tag === "StudentImported" ? fields.nationalStudentId : undefined
          }
        }
  )
}

// Forgets the oldest events beyond the bound (a load behind them waits for the projection, as before).
const forgetBeyond = (cache: PartitionCache) => {
  const over = cache.recent.length - cache.options.recentEvents
  if (over <= 0) return
  cache.recentFrom = cache.recent[over - 1]!.position
  cache.recent.splice(0, over)
}

const rosterField = (
  state: Partitions.PartitionState | undefined,
  field: string
): Map<unknown, unknown> | undefined => {
  const rosters = state?.rosters as Record<string, Map<unknown, unknown>> | undefined
  return rosters?.[field]
}

// The derived keys of a load, indexed by what a link event of a school that was not loaded when it was folded
// names, judged from each key's row at the load's checkpoint (as it stood before the event, when no earlier event
// touched it): an `ine:` changes when the event sets its INE, or its link is the event's learner's (the only one it
// unlinks); a link sets an INE only the roster knows (every `ine:` may be it). A `links:` changes when it is the
// event's account's, or holds the event's learner. Indexed once per load: a school needs thousands of these keys,
// and a rentrée's tail holds thousands of other schools' roster events.
const linkIndex = (
  keys: ReadonlyArray<PartitionRouter.Key>,
  rows: ReadonlyMap<PartitionRouter.Key, Partitions.PartitionState>
) => {
  const ines: Array<PartitionRouter.Key> = []
  const byIne = new Map<string, PartitionRouter.Key>()
  const byUser = new Map<string, PartitionRouter.Key>()
  // An `ine:` by the learner its row links, a `links:` by the learners (`<organizationId>/<learnerId>`) it holds.
  const byLearner = new Map<string, Array<PartitionRouter.Key>>()
  const add = (ref: string, key: PartitionRouter.Key) => {
    const found = byLearner.get(ref)
    if (found === undefined) byLearner.set(ref, [key])
    else found.push(key)
  }
  for (const key of keys)
    if (key.startsWith("ine:")) {
      const ine = key.slice("ine:".length)
      ines.push(key)
      byIne.set(ine, key)
      const linked = rosterField(rows.get(key), "linkedByIne")?.get(ine) as { readonly learnerId: string } | undefined
      if (linked !== undefined) add(`learner ${linked.learnerId}`, key)
    } else if (key.startsWith("links:")) {
      const userId = key.slice("links:".length)
      byUser.set(userId, key)
      const links = rosterField(rows.get(key), "linksByUser")?.get(userId) as ReadonlyMap<string, unknown> | undefined
      for (const learnerKey of links?.keys() ?? []) add(`roster ${learnerKey}`, key)
    }
  return (link: NonNullable<Touch["link"]>, found: Set<PartitionRouter.Key>) => {
    if (link.tag === "StudentAccountLinked") for (const key of ines) found.add(key)
    const ine = link.nationalStudentId === undefined ? undefined : byIne.get(link.nationalStudentId)
    if (ine !== undefined) found.add(ine)
    const user = link.userId === undefined ? undefined : byUser.get(link.userId)
    if (user !== undefined) found.add(user)
    for (const key of byLearner.get(`learner ${link.learnerId}`) ?? []) found.add(key)
    for (const key of byLearner.get(`roster ${link.organizationId}/${link.learnerId}`) ?? []) found.add(key)
  }
}

/**
 * The keys among `keys` that an event folded after `after` may have changed, judged from their rows at `after`:
 * the others' rows at `after` are their rows at the cache's position. `undefined` when the events after `after`
 * are no longer all remembered.
 *
 * @category getters
 * @since 0.3.0
 */
export const touched = (
  cache: PartitionCache,
  after: bigint,
  keys: ReadonlyArray<PartitionRouter.Key>,
  rows: ReadonlyMap<PartitionRouter.Key, Partitions.PartitionState>
): Set<PartitionRouter.Key> | undefined => {
  if (after < cache.recentFrom) return undefined
  const wanted = new Set(keys)
  const found = new Set<PartitionRouter.Key>()
  let linkTouches: ReturnType<typeof linkIndex> | undefined
  for (let index = cache.recent.length - 1; index >= 0; index--) {
    const touch = cache.recent[index]!
    if (touch.position <= after) break
    if (touch.all === true) return wanted
    for (const key of touch.reached) if (wanted.has(key)) found.add(key)
    for (const key of touch.linked ?? []) if (wanted.has(key)) found.add(key)
    if (touch.link !== undefined) {
      linkTouches ??= linkIndex(keys, rows)
      linkTouches(touch.link, found)
    }
  }
  return found
}

/**
 * Folds events of the log's tail (in log order; those at or below the position are skipped): each reaches the
 * partitions the router names, and is folded only when one of them is loaded; what it wrote into partitions that
 * are not loaded is taken out after the batch.
 *
 * @category combinators
 * @since 0.3.0
 */
export const fold = (cache: PartitionCache, events: ReadonlyArray<EventStore.RecordedEvent>): void => {
  const { loaded, models, router } = cache
  const outside = new Set<PartitionRouter.Key>()
  const stale = new Set<PartitionRouter.Key>()
  for (const recorded of events) {
    if (recorded.globalPosition <= cache.position) continue
    cache.position = recorded.globalPosition
    const event = recorded.data as StoredEvent.StoredEvent
    const reached = PartitionRouter.partitionsOf(router, recorded.streamId, event)
    let folded = false
    let relinked: ReadonlyArray<PartitionRouter.Key> | undefined
    for (const key of reached)
      if (loaded.has(key)) {
        folded = true
        break
      }
    if (linkTags.has(event._tag)) {
      const school = PartitionRouter.org((event as { readonly organizationId: string }).organizationId)
      if (loaded.has(school)) {
        folded = true
        relinked = PartitionFold.linkKeys(models, event)
        for (const key of relinked) if (!loaded.has(key)) outside.add(key)
      } else for (const key of staleDerived(cache, event)) stale.add(key)
    }
    if (event._tag === "UserErased") {
      // The erased login is written only when the user's logins are known: not with some of them missing.
      const logins = reached.filter((key) => key.startsWith("login:"))
      if (logins.some((key) => !loaded.has(key))) for (const key of logins) if (loaded.has(key)) stale.add(key)
    }
    if (folded) {
      models.apply([recorded])
      for (const key of reached) {
        if (!loaded.has(key)) outside.add(key)
        else if (key.startsWith("org:")) cache.changed.add(key)
      }
      for (const key of relinked ?? []) if (loaded.has(key)) reindex(cache, key)
    }
    remember(cache, recorded.globalPosition, reached, event, relinked)
    PartitionRouter.observe(router, recorded.streamId, event)
  }
  forgetBeyond(cache)
  for (const key of stale) {
    markUnloaded(cache, key)
    outside.add(key)
  }
  Partitions.remove(models, router, outside)
}

// Polls the checkpoint until it reaches `target` (true), fails after `waitMillis`, or answers false at once for 0.
const wait = (
  cache: PartitionCache,
  target: bigint,
  waitMillis: number
): Effect.Effect<boolean, PartitionCacheSource.PartitionCacheError> =>
  Effect.gen(function* () {
    const deadline = Date.now() + waitMillis
    for (;;) {
      const checkpoint = yield* cache.source.checkpoint
      if (checkpoint >= target) return true
      if (waitMillis === 0) return false
      if (Date.now() > deadline)
        return yield* new PartitionCacheSource.PartitionCacheError({
          message: `The projection stands at ${checkpoint}, the cache at ${target}: not reached in ${waitMillis} ms`
        })
      yield* Effect.sleep(10)
    }
  })

/**
 * Waits until the projection's checkpoint reaches `target` (polling every 10 ms), and fails as a load does when it
 * has not within the cache's `waitMillis`. It changes nothing in the cache: a follower runs it outside its lock
 * before it loads with `waitMillis: 0`, so that a lagging leader holds up only the call that loads.
 *
 * @category combinators
 * @since 0.3.0
 */
export const awaitProjection = (
  cache: PartitionCache,
  target: bigint
): Effect.Effect<void, PartitionCacheSource.PartitionCacheError> =>
  Effect.asVoid(wait(cache, target, cache.options.waitMillis))

// Reads the tail after the position up to `upTo` (included) and folds it.
const foldUpTo = (cache: PartitionCache, upTo: bigint) =>
  Effect.gen(function* () {
    while (cache.position < upTo) {
      const events = yield* cache.source.tail(cache.position, cache.options.batchSize)
      const wanted = events.filter((event) => event.globalPosition <= upTo)
      if (wanted.length === 0) return
      fold(cache, wanted)
    }
  })

const put = (
  cache: PartitionCache,
  keys: Iterable<PartitionRouter.Key>,
  rows: ReadonlyMap<PartitionRouter.Key, Partitions.PartitionState>
) => {
  for (const key of keys)
    if (!cache.loaded.has(key)) {
      const state = rows.get(key)
      if (state !== undefined) Partitions.load(cache.models, state)
      markLoaded(cache, key)
    }
}

/**
 * Loads the partitions of `keys` that are not loaded, consistently with the tail: the rows are read with the
 * checkpoint C they stand at (one consistent read); at or past the cache's position, the tail is folded up to C,
 * then the rows are put in the models. Behind it (a leader lagging after the tail this instance folded), the rows
 * that no event folded after C reached (`touched`, from the events the cache remembers) are the same at the
 * position and are put in at once; only for the others is the projection awaited. Rows that do not exist load as
 * empty partitions. Answers `false` when `options.waitMillis` is 0 and some rows wait for the projection (those
 * the tail did not reach are loaded all the same).
 *
 * @category combinators
 * @since 0.3.0
 */
export const load = (
  cache: PartitionCache,
  keys: Iterable<PartitionRouter.Key>,
  options: LoadOptions = {}
): Effect.Effect<boolean, PartitionCacheSource.PartitionCacheError> =>
  Effect.gen(function* () {
    const waitMillis = options.waitMillis ?? cache.options.waitMillis
    const wanted = [...new Set(keys)]
    for (;;) {
      const missing = wanted.filter((key) => !cache.loaded.has(key))
      if (missing.length === 0) return true
      // The rows come with the checkpoint they stand at, read together: no retry while the leader moves on.
      const { checkpoint: after, rows } = yield* cache.source.rows(missing)
      if (after >= cache.position) {
        yield* foldUpTo(cache, after)
        // Another fiber may have folded further meanwhile: the rows would miss those events.
        if (cache.position > after) continue
        put(cache, missing, rows)
        return true
      }
      const reached = touched(cache, after, missing, rows)
      if (reached !== undefined)
        put(cache, reached.size === 0 ? missing : missing.filter((key) => !reached.has(key)), rows)
      if (reached !== undefined && reached.size === 0) return true
      if (!(yield* wait(cache, cache.position, waitMillis))) return false
    }
  })

// The owners of a key (none, one, or a set of them).
const ownersOfKey = (cache: PartitionCache, key: PartitionRouter.Key): Iterable<PartitionRouter.Key> => {
  const owners = cache.owners.get(key)
  return owners === undefined ? [] : typeof owners === "string" ? [owners] : owners
}

// `owner` no longer needs `key`: whether no owner is left.
const disown = (cache: PartitionCache, key: PartitionRouter.Key, owner: PartitionRouter.Key): boolean => {
  const owners = cache.owners.get(key)
  if (owners !== undefined && typeof owners !== "string") {
    owners.delete(owner)
    if (owners.size === 1) cache.owners.set(key, owners.values().next().value as PartitionRouter.Key)
    if (owners.size > 0) return false
  } else if (owners !== undefined && owners !== owner) return false
  cache.owners.delete(key)
  return true
}

// `owner` needs `key`: kept as the key's only owner, or added to its set.
const own = (cache: PartitionCache, key: PartitionRouter.Key, owner: PartitionRouter.Key) => {
  const owners = cache.owners.get(key)
  if (owners === undefined) cache.owners.set(key, owner)
  else if (typeof owners !== "string") owners.add(owner)
  else if (owners !== owner) cache.owners.set(key, new Set([owners, owner]))
}

// An owner needs these keys (its own among them): the keys no other owner needs any more are unloaded.
const setNeeds = (cache: PartitionCache, owner: PartitionRouter.Key, keys: ReadonlySet<PartitionRouter.Key>) => {
  const before = cache.needs.get(owner) ?? new Set()
  const dropped = new Set<PartitionRouter.Key>()
  for (const key of before)
    if (!keys.has(key) && disown(cache, key, owner) && markUnloaded(cache, key)) dropped.add(key)
  for (const key of keys) own(cache, key, owner)
  if (keys.size === 0) cache.needs.delete(owner)
  else cache.needs.set(owner, new Set(keys))
  Partitions.remove(cache.models, cache.router, dropped)
}

const touch = (order: Set<PartitionRouter.Key>, key: PartitionRouter.Key) => {
  order.delete(key)
  order.add(key)
}

// Owners a caller pins (`pin`): eviction passes them over, the bound is exceeded until they are released.
const pinnedOf = new WeakMap<PartitionCache, (owner: PartitionRouter.Key) => boolean>()

/**
 * Tells the cache which owners are in use (a call reading them): eviction passes over them, so that the bound may
 * be exceeded while they are, until the next `trim`.
 *
 * @category combinators
 * @since 0.3.0
 */
export const pin = (cache: PartitionCache, isPinned: (owner: PartitionRouter.Key) => boolean): void => {
  pinnedOf.set(cache, isPinned)
}

const evictBeyond = (cache: PartitionCache) => {
  const pinned = pinnedOf.get(cache)
  for (const [order, bound] of [
    [cache.schools, cache.options.maxSchools],
    [cache.keys, cache.options.maxKeys]
  ] as const)
    for (const owner of [...order]) {
      if (order.size <= bound) break
      if (pinned?.(owner) !== true) evict(cache, owner)
    }
}

/**
 * Evicts the least recently used owners beyond the bounds (those not pinned): what `ensure` and `ensureSchool` do
 * after loading, for a caller that released its pins.
 *
 * @category combinators
 * @since 0.3.0
 */
export const trim = (cache: PartitionCache): void => evictBeyond(cache)

/**
 * Takes an owner (a school's `org:` key, or a key loaded on its own) out of the cache, with the partitions only it
 * needed.
 *
 * @category combinators
 * @since 0.3.0
 */
export const evict = (cache: PartitionCache, owner: PartitionRouter.Key): void => {
  cache.schools.delete(owner)
  cache.keys.delete(owner)
  cache.changed.delete(owner)
  setNeeds(cache, owner, new Set())
}

/**
 * The owners keeping `keys` loaded (a key on its own is its own owner): what a caller pins while it reads them.
 *
 * @category getters
 * @since 0.3.0
 */
export const ownersOf = (
  cache: PartitionCache,
  keys: ReadonlyArray<PartitionRouter.Key>
): Array<PartitionRouter.Key> => {
  const owners = new Set<PartitionRouter.Key>()
  for (const key of keys) for (const owner of ownersOfKey(cache, key)) owners.add(owner)
  return [...owners]
}

/**
 * Loads keys a use case names (the acting user's `user:` and `links:`, the INEs of a file), each kept on its own
 * until evicted, unless an owner already holds it loaded (it stays that owner's). Answers `false` as `load` does (not yet, with `waitMillis: 0`): the keys are then named but not
 * loaded, and a call again loads them.
 *
 * @category combinators
 * @since 0.3.0
 */
export const ensure = (
  cache: PartitionCache,
  keys: ReadonlyArray<PartitionRouter.Key>,
  options: LoadOptions = {}
): Effect.Effect<boolean, PartitionCacheSource.PartitionCacheError> =>
  Effect.gen(function* () {
    for (const key of keys) {
      // A key loaded for an owner (a school's INE, its member's account) stays that owner's: the thousand INEs
      // of a file read by an import would otherwise each become an owner of its own and push out, beyond
      // `maxKeys`, the keys other calls loaded on their own (the acting users'). The caller keeps the owners
      // pinned (`ownersOf`).
      if (!cache.needs.get(key)?.has(key) && cache.loaded.has(key) && cache.owners.has(key)) continue
      touch(cache.keys, key)
      if (!cache.needs.get(key)?.has(key)) setNeeds(cache, key, new Set([key]))
    }
    const loaded = yield* load(cache, keys, options)
    evictBeyond(cache)
    return loaded
  })

// The school's state as `neededBy` reads it, taken from the assembled models (cheaper than a split of them all).
const schoolState = (cache: PartitionCache, organizationId: string): Partitions.PartitionState => {
  const { models } = cache
  const one = <V>(map: ReadonlyMap<string, V>): Map<unknown, unknown> => {
    const value = map.get(organizationId)
    return value === undefined ? new Map() : new Map([[organizationId, value]])
  }
  const campaignIds = models.campaignsByOrganization.get(organizationId) ?? []
  const campaigns = new Map<unknown, unknown>()
  const streams = new Map<unknown, unknown>()
  for (const campaignId of campaignIds) {
    const campaign = models.campaigns.get(campaignId)
    if (campaign !== undefined) campaigns.set(campaignId, campaign)
    for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
      const streamId = models.streamOfParticipation(participationId)
      if (streamId !== undefined) streams.set(streamId, models.participationStreams.get(streamId))
    }
  }
  return {
    organizations: one(models.organizations),
    rosters: { rosters: one(models.rosters) },
    imports: one(models.imports),
    deadlines: one(models.deadlines),
    campaigns,
    attachedTargetProfiles: one(models.attachedTargetProfiles),
    participations: { streams }
  }
}

/**
 * Loads a school: its partition, then the global partitions it needs, named again from its state after each load
 * (and after tail events reached it) until none is missing. The school becomes the most recently used; beyond the
 * bound the least recently used goes. Answers `false` as `load` does (not yet, with `waitMillis: 0`): what is
 * loaded stays, and a call again goes on from there (the needs still missing are named again).
 *
 * @category combinators
 * @since 0.3.0
 */
export const ensureSchool = (
  cache: PartitionCache,
  organizationId: string,
  options: LoadOptions = {}
): Effect.Effect<boolean, PartitionCacheSource.PartitionCacheError> =>
  Effect.gen(function* () {
    const school = PartitionRouter.org(organizationId)
    touch(cache.schools, school)
    if (!cache.needs.has(school)) {
      setNeeds(cache, school, new Set([school]))
      // Its needs are named once it is loaded.
      cache.changed.add(school)
    }
    // Not yet (`waitMillis: 0`): what is loaded stays, within the bound all the same.
    const notYet = Effect.sync(() => {
      evictBeyond(cache)
      return false
    })
    if (!(yield* load(cache, [school], options))) return yield* notYet
    for (;;) {
      const needed = cache.needs.get(school)!
      if (cache.changed.has(school) || [...needed].some((key) => !cache.loaded.has(key))) {
        cache.changed.delete(school)
        const keys = new Set([school, ...Partitions.neededBy(school, schoolState(cache, organizationId))])
        setNeeds(cache, school, keys)
        if (!(yield* load(cache, keys, options))) return yield* notYet
      }
      // A load folds the tail first: the school may need more after it.
      if (!cache.changed.has(school) && [...cache.needs.get(school)!].every((key) => cache.loaded.has(key))) break
    }
    evictBeyond(cache)
    return true
  })

/**
 * Loads schools' own rows (`org:`) in one read, each kept as a school within the bound, without what they need:
 * for a call that reads the schools' own partitions only (Pix Admin's list of organizations). A school loaded so is
 * marked to have its needs named, and loaded, by the next `ensureSchool` (or a call's `fresh`) that asks for it; one
 * already loaded whole stays as it is. Answers `false` as `load` does.
 *
 * @category combinators
 * @since 0.3.0
 */
export const ensureSchoolRows = (
  cache: PartitionCache,
  organizationIds: ReadonlyArray<string>,
  options: LoadOptions = {}
): Effect.Effect<boolean, PartitionCacheSource.PartitionCacheError> =>
  Effect.gen(function* () {
    const schools = organizationIds.map(PartitionRouter.org)
    for (const school of schools) {
      touch(cache.schools, school)
      if (!cache.needs.has(school)) {
        setNeeds(cache, school, new Set([school]))
        cache.changed.add(school)
      }
    }
    const loaded = yield* load(cache, schools, options)
    evictBeyond(cache)
    return loaded
  })

/**
 * Reads the log's tail after the position and folds it, until the head: what a follower runs on a notification
 * (or a timer). Answers how many events were read.
 *
 * @category combinators
 * @since 0.3.0
 */
export const catchUp = (cache: PartitionCache): Effect.Effect<number, PartitionCacheSource.PartitionCacheError> =>
  Effect.gen(function* () {
    let count = 0
    for (;;) {
      const events = yield* cache.source.tail(cache.position, cache.options.batchSize)
      if (events.length === 0) return count
      fold(cache, events)
      count += events.length
    }
  })
