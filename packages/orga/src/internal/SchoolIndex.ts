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
}

/**
 * French order, as `localeCompare(…, "fr")` gives it, with the collator made once.
 *
 * @category getters
 * @since 0.3.0
 */
export const collator = new Intl.Collator("fr")

/**
 * How many schools' answers a cache of the pages keeps: an instance that loads schools' partitions in turn keeps
 * what it serves now, not every school it ever served (about 200 kB a school of 1,000 students for the index).
 *
 * @category models
 * @since 0.3.0
 */
export const keptSchools = 64

/**
 * A per-school cache bounded to `keptSchools` entries, the least recently asked leaving first.
 *
 * @category models
 * @since 0.3.0
 */
export interface BySchool<A> {
  readonly get: (organizationId: string) => A | undefined
  readonly set: (organizationId: string, value: A) => void
}

/**
 * A per-school cache bounded to `keptSchools` entries (a `Map` in the order of use: a hit moves to the end, a set
 * past the bound removes the first).
 *
 * @category constructors
 * @since 0.3.0
 */
export const bySchool = <A>(bound: number = keptSchools): BySchool<A> => {
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
  const kept = <A>(
    compute: (organizationId: string) => A,
    keyOf: (organizationId: string) => ReadonlyArray<unknown>
  ) => {
    const cache = bySchool<Kept<A>>()
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

  return { learners, certifiable, participationCounts }
}
