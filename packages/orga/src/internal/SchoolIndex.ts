/**
 * What a school's heavy pages (certificability by class, the learners list) derive from its roster and its
 * campaigns, kept until what they are made of changes rather than per position of the log: during a rentrée the log
 * moves with every other school's import, and a page that recomputed its school's sorted learners and shared profiles
 * at every position paid for other schools' writes (issue 17).
 *
 * Each answer is kept with the key it was computed under and given again while the key holds:
 * - the sorted learners: the roster (its object and its stream's version) and the erasures so far (an erasure
 *   rewrites a learner's record without touching the roster's stream);
 * - whether each learner's latest shared profile is certifiable, and the participation counts: the school's campaign
 *   list, each campaign's state (a campaign event replaces it) and its participation revision
 *   (`CampaignAnalysis.revisionOf`: every participation event of the campaign counts). A user's erasure changes his
 *   participations without an event of theirs, but only their external ids: nothing these answers read.
 * Anything else that changes these answers writes one of those, so a kept answer equals a scan
 * (`test/SchoolIndex.test.ts` checks it over generated logs folded event by event).
 *
 * @since 0.3.0
 */
import { CampaignAnalysis, Ids, type Participation, Roster } from "./Domain.ts"
import * as Listings from "./Listings.ts"
import * as ReadModels from "./ReadModels.ts"

/**
 * A learner of the sorted list, with what the pages show and search of his names, made once per roster version.
 *
 * @category models
 * @since 0.3.0
 */
export interface SortedLearner {
  readonly learner: ReadModels.LearnerView
  /** "LAST First", as certificability by class lists him. */
  readonly name: string
}

/**
 * The indexes of one service's read models.
 *
 * @category models
 * @since 0.3.0
 */
export interface SchoolIndex {
  /** Every learner of the organization (disabled ones too), sorted by last name then first name, as French sorts. */
  readonly learners: (organizationId: string) => ReadonlyArray<SortedLearner>
  /**
   * Whether the latest shared profile of each learner (`Listings.latestShared`) is certifiable; a learner who has
   * not shared one is absent. Kept while the campaigns hold.
   */
  readonly certifiable: (organizationId: string) => ReadonlyMap<string, boolean>
  /** How many participations (not deleted, any campaign) each learner has, kept while the campaigns hold. */
  readonly participationCounts: (organizationId: string) => ReadonlyMap<string, number>
  /** How many schools it keeps answers for now: never one its read models let go of (a follower's eviction). */
  readonly schools: () => number
}

/**
 * French order, as `localeCompare(…, "fr")` gives it, with the collator made once.
 *
 * @category getters
 * @since 0.3.0
 */
export const collator = new Intl.Collator("fr")

/**
 * How many schools' answers a cache of the pages keeps at most: an instance that holds every school (memory mode)
 * keeps what it serves now, not every school it ever served (about 300 kB a school of 1,000 students for the
 * indexes and the pages' caches, `bench/scale/src/school.ts`). An instance serving from the tables keeps fewer: its
 * follower's own schools (see {@link bySchool}).
 *
 * @category models
 * @since 0.3.0
 */
export const keptSchools = 64

/**
 * A per-school cache: the least recently asked leaving first beyond its bound, and, over read models, nothing of a
 * school those models no longer hold.
 *
 * @category models
 * @since 0.3.0
 */
export interface BySchool<A> {
  readonly get: (organizationId: string) => A | undefined
  readonly set: (organizationId: string, value: A) => void
  /** How many schools it holds a value for now (a school the read models let go of is not counted). */
  readonly size: () => number
}

/**
 * A per-school cache bounded to `bound` (default `keptSchools`) entries, in the order of use: a hit moves to the
 * end, a set past the bound removes the first.
 *
 * Given the read models, a value is held through the school's organization state in them (a `WeakMap` keyed by
 * it) rather than by the cache: a follower serving from the tables (issue 17) evicts a school by taking its state
 * out of its models, and whatever the pages kept for it (sorted learners, their views, the filtered lists) goes
 * with it, at once and whatever this bound, with no hook into the follower. A school loaded again, or whose
 * organization changed, has a new state: its values are made again. Without the read models (tests of the order),
 * a plain bounded map.
 *
 * @category constructors
 * @since 0.3.0
 */
export const bySchool = <A>(
  options: { readonly models?: ReadModels.ReadModels | undefined; readonly bound?: number | undefined } = {}
): BySchool<A> => {
  const bound = options.bound ?? keptSchools
  const { models } = options
  if (models === undefined) {
    const entries = new Map<string, A>()
    return {
      get: (organizationId) => {
        const value = entries.get(organizationId)
        if (value !== undefined && entries.size > 1) {
          entries.delete(organizationId)
          entries.set(organizationId, value)
        }
        return value
      },
      set: (organizationId, value) => {
        entries.delete(organizationId)
        entries.set(organizationId, value)
        if (entries.size > bound) entries.delete(entries.keys().next().value!)
      },
      size: () => entries.size
    }
  }
  // The schools in the order of use (ids only: the values are held by the organizations' states).
  const order = new Set<string>()
  const values = new WeakMap<object, A>()
  const holds = (organizationId: string): boolean => {
    const anchor = models.organizations.get(organizationId)
    return anchor !== undefined && values.has(anchor)
  }
  const touch = (organizationId: string) => {
    order.delete(organizationId)
    order.add(organizationId)
  }
  return {
    get: (organizationId) => {
      const anchor = models.organizations.get(organizationId)
      const value = anchor === undefined ? undefined : values.get(anchor)
      if (value !== undefined) touch(organizationId)
      return value
    },
    set: (organizationId, value) => {
      // A school the models do not hold (not registered, or not loaded) is not kept: it is computed at each ask.
      const anchor = models.organizations.get(organizationId)
      if (anchor === undefined) return
      values.set(anchor, value)
      touch(organizationId)
      if (order.size <= bound) return
      // Schools the models let go of first (their values went with their states), then the least recently asked.
      for (const school of order) if (!holds(school)) order.delete(school)
      for (const school of order) {
        if (order.size <= bound) break
        order.delete(school)
        const anchor = models.organizations.get(school)
        if (anchor !== undefined) values.delete(anchor)
      }
    },
    size: () => {
      let count = 0
      for (const school of order) if (holds(school)) count++
      return count
    }
  }
}

// A kept answer and the values it was computed from, compared one by one with `===`.
interface Kept<A> {
  readonly key: ReadonlyArray<unknown>
  readonly value: A
}

const sameKey = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean => {
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false
  return true
}

const indexes = new WeakMap<ReadModels.ReadModels, SchoolIndex>()

/**
 * The indexes of these read models: one per read models, shared by every query module over them (the learners list
 * and the reports read the same sorted learners and profiles).
 *
 * @category constructors
 * @since 0.3.0
 */
export const of = (models: ReadModels.ReadModels): SchoolIndex => {
  const made = indexes.get(models)
  if (made !== undefined) return made
  const index = make(models)
  indexes.set(models, index)
  return index
}

const make = (models: ReadModels.ReadModels): SchoolIndex => {
  const caches: Array<{ readonly size: () => number }> = []
  const kept = <A>(
    compute: (organizationId: string) => A,
    keyOf: (organizationId: string) => ReadonlyArray<unknown>
  ) => {
    const cache = bySchool<Kept<A>>({ models })
    caches.push(cache)
    return (organizationId: string): A => {
      const key = keyOf(organizationId)
      const before = cache.get(organizationId)
      if (before !== undefined && sameKey(before.key, key)) return before.value
      const value = compute(organizationId)
      cache.set(organizationId, { key, value })
      return value
    }
  }

  // (The id was decoded at the door: `make` only brands it.)
  const rosterKey = (organizationId: string): ReadonlyArray<unknown> => [
    models.rosters.get(organizationId),
    models.versions.get(Roster.streamName(Ids.OrganizationId.make(organizationId))),
    models.erased.size
  ]

  const campaignsKey = (organizationId: string): ReadonlyArray<unknown> => {
    const campaignIds = models.campaignsByOrganization.get(organizationId)
    const key: Array<unknown> = [campaignIds]
    for (const campaignId of campaignIds ?? [])
      key.push(models.campaigns.get(campaignId), CampaignAnalysis.revisionOf(models.campaignAnalysis, campaignId))
    return key
  }

  const learners = kept(
    (organizationId): ReadonlyArray<SortedLearner> =>
      [...ReadModels.rosterOf(models, organizationId).learners.values()]
        .map((learner): SortedLearner => ({ learner, name: `${learner.record.lastName} ${learner.record.firstName}` }))
        .sort(
          (a, b) =>
            collator.compare(a.learner.record.lastName, b.learner.record.lastName) ||
            collator.compare(a.learner.record.firstName, b.learner.record.firstName)
        ),
    rosterKey
  )

  // A participation's state as its stream holds it (what its view is made of): the index reads four fields of
  // thousands of participations, and making their views (a copy each, kept) on a school's first display cost more
  // than the rest of the page.
  const stateOf = (participationId: string): Participation.Participation | undefined => {
    const streamId = models.streamOfParticipation(participationId)
    const attempts = streamId === undefined ? undefined : models.participationStreams.get(streamId)?.participations
    if (attempts !== undefined)
      for (const attempt of attempts) if (attempt.participationId === participationId) return attempt
    return undefined
  }

  // Read from the participations' stored states: no view is made for the school's thousands of participations.
  const certifiable = kept((organizationId): ReadonlyMap<string, boolean> => {
    const latest = Listings.latestShared(models, organizationId, stateOf)
    const certifiable = new Map<string, boolean>()
    for (const [learnerId, profile] of latest) certifiable.set(learnerId, profile.isCertifiable === true)
    return certifiable
  }, campaignsKey)

  const participationCounts = kept((organizationId): ReadonlyMap<string, number> => {
    const counts = new Map<string, number>()
    for (const campaignId of models.campaignsByOrganization.get(organizationId) ?? [])
      for (const participationId of models.participationsByCampaign.get(campaignId) ?? []) {
        const participation = stateOf(participationId)
        if (participation !== undefined && participation.learnerId !== null && participation.deletedAt === null)
          counts.set(participation.learnerId, (counts.get(participation.learnerId) ?? 0) + 1)
      }
    return counts
  }, campaignsKey)

  const schools = () => Math.max(...caches.map((cache) => cache.size()))

  return { learners, certifiable, participationCounts, schools }
}
