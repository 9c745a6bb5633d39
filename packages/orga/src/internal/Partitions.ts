/**
 * The read models split into partitions, and assembled again from some of them (issue 17).
 *
 * A partition's state has the read models' own shape (`ReadModels.roots`: the same root names, the same maps), with
 * only the entries of that partition: a school's roster is the roster the in-memory fold keeps, moved as it is. So
 * `assemble` gives a `ReadModels` the existing queries and use cases read unchanged, bounded by the partitions it
 * holds, and `apply` on it folds further events into them. Which entry goes where is one table (`slots`): every map
 * of every root is listed once with the key of its entries' partition, and a test fails when a root is not.
 *
 * @since 0.3.0
 */
import { PersonalSubjects } from "@orga/domain"
import type { Participations } from "./Domain.ts"
import * as PartitionColumns from "./PartitionColumns.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
import * as ReadModels from "./ReadModels.ts"
import * as SnapshotCodec from "./SnapshotCodec.ts"

/**
 * One partition's state: for each root of `ReadModels.roots` it has entries in, that root's maps (or set) holding
 * only those entries. Caches queries fill (the participations' merged views) and sharing aids (the last list of
 * competence ids) are left out: they are made again on use.
 *
 * @category models
 * @since 0.3.0
 */
export type PartitionState = Record<
  string,
  Map<unknown, unknown> | Set<unknown> | Record<string, Map<unknown, unknown>>
>

// Where a root's entries live: the root's own map or set (`field` null) or a map field of a projection's state.
interface Slot {
  readonly root: string
  readonly field: string | null
  readonly keyOf: (context: Context, key: string, value: unknown) => PartitionRouter.Key | null
}

interface Context {
  readonly router: PartitionRouter.Router
  readonly models: ReadModels.ReadModels
}

const campaignIdOfStream =
  (models: ReadModels.ReadModels) =>
  (streamId: string): string | undefined =>
    models.participationStreams.get(streamId)?.participations[0]?.campaignId

const streamHome = (context: Context, streamId: string) =>
  PartitionRouter.homeOfStream(context.router, streamId, campaignIdOfStream(context.models))

const byOrganization = (_: Context, key: string) => PartitionRouter.org(key)
const byCampaign = (context: Context, key: string) => PartitionRouter.campaignKey(context.router, key)

const subjectKey = (context: Context, subject: string): PartitionRouter.Key => {
  const learner = PersonalSubjects.learner("")
  if (subject.startsWith(learner)) {
    const organizationId = context.router.erasedLearnerOrg.get(subject.slice(learner.length))
    return organizationId === undefined ? `subject:${subject}` : PartitionRouter.org(organizationId)
  }
  // `user:<id>`: the user's own partition key.
  return subject
}

/**
 * Every map (or set) the read models keep, and the partition of its entries.
 */
const slots: ReadonlyArray<Slot> = [
  { root: "versions", field: null, keyOf: streamHome },
  { root: "organizations", field: null, keyOf: byOrganization },
  { root: "rosters", field: "rosters", keyOf: byOrganization },
  { root: "rosters", field: "linkedByIne", keyOf: (_, key) => PartitionRouter.ine(key) },
  // An account left with no link keeps an empty map in the fold: nothing to keep.
  {
    root: "rosters",
    field: "linksByUser",
    keyOf: (_, key, value) => ((value as Map<string, unknown>).size === 0 ? null : PartitionRouter.links(key))
  },
  { root: "imports", field: null, keyOf: byOrganization },
  { root: "deadlines", field: null, keyOf: byOrganization },
  { root: "campaigns", field: null, keyOf: byCampaign },
  { root: "campaignsByOrganization", field: null, keyOf: byOrganization },
  { root: "campaignByCode", field: null, keyOf: (_, key) => PartitionRouter.code(key) },
  { root: "accounts", field: null, keyOf: (_, key) => PartitionRouter.user(key) },
  { root: "logins", field: null, keyOf: (_, key) => PartitionRouter.login(key) },
  { root: "participations", field: "streams", keyOf: streamHome },
  {
    root: "participations",
    field: "info",
    keyOf: (context, _, value) => streamHome(context, (value as { readonly streamId: string }).streamId)
  },
  { root: "participations", field: "byCampaign", keyOf: byCampaign },
  { root: "features", field: null, keyOf: byOrganization },
  { root: "targetProfileCatalogue", field: null, keyOf: (_, key) => PartitionRouter.profile(key) },
  { root: "attachedTargetProfiles", field: null, keyOf: byOrganization },
  { root: "places", field: null, keyOf: byOrganization },
  { root: "campaignAnalysis", field: "revisions", keyOf: byCampaign },
  { root: "campaignAnalysis", field: "campaigns", keyOf: byCampaign },
  { root: "erased", field: null, keyOf: subjectKey }
]

// Fields of the projections' states that are not partitioned: a cache of merged views and a sharing aid.
const unpartitioned: ReadonlySet<string> = new Set(["participations.views", "participations.lastIds"])

const sourceOf = (models: ReadModels.ReadModels, slot: Slot): Map<unknown, unknown> | Set<unknown> => {
  const root = models.roots[slot.root] as Record<string, unknown>
  return (slot.field === null ? root : root[slot.field]) as Map<unknown, unknown> | Set<unknown>
}

/**
 * The roots and fields of `models` that no slot partitions (and that are not a known cache): empty unless a read
 * model was added without saying where its entries live.
 *
 * @category getters
 * @since 0.3.0
 */
export const uncovered = (models: ReadModels.ReadModels): ReadonlyArray<string> => {
  const covered = new Set(slots.map((slot) => (slot.field === null ? slot.root : `${slot.root}.${slot.field}`)))
  const missing: Array<string> = []
  for (const [name, root] of Object.entries(models.roots)) {
    if (root instanceof Map || root instanceof Set) {
      if (!covered.has(name)) missing.push(name)
      continue
    }
    for (const field of Object.keys(root)) {
      const path = `${name}.${field}`
      if (!covered.has(path) && !unpartitioned.has(path)) missing.push(path)
    }
  }
  return missing
}

const targetIn = (state: PartitionState, slot: Slot, isSet: boolean): Map<unknown, unknown> | Set<unknown> => {
  if (slot.field === null) {
    let target = state[slot.root] as Map<unknown, unknown> | Set<unknown> | undefined
    if (target === undefined) {
      target = isSet ? new Set() : new Map()
      state[slot.root] = target
    }
    return target
  }
  let root = state[slot.root] as Record<string, Map<unknown, unknown>> | undefined
  if (root === undefined) {
    root = {}
    state[slot.root] = root
  }
  let target = root[slot.field]
  if (target === undefined) {
    target = new Map()
    root[slot.field] = target
  }
  return target
}

/**
 * The read models' state by partition: each entry of each map goes to the partition its slot names (the router
 * tells a campaign's school and an erased learner's). The states share the models' values (nothing is copied):
 * encode them, or fold nothing more into `models`, before changing either.
 *
 * @category combinators
 * @since 0.3.0
 */
export const split = (
  models: ReadModels.ReadModels,
  router: PartitionRouter.Router
): Map<PartitionRouter.Key, PartitionState> => {
  const context: Context = { models, router }
  const states = new Map<PartitionRouter.Key, PartitionState>()
  const stateOf = (key: PartitionRouter.Key) => {
    let state = states.get(key)
    if (state === undefined) {
      state = {}
      states.set(key, state)
    }
    return state
  }
  for (const slot of slots) {
    const source = sourceOf(models, slot)
    if (source instanceof Set) {
      for (const value of source) {
        const key = slot.keyOf(context, value as string, value)
        if (key !== null) (targetIn(stateOf(key), slot, true) as Set<unknown>).add(value)
      }
      continue
    }
    for (const [entryKey, value] of source) {
      const key = slot.keyOf(context, entryKey as string, value)
      if (key !== null) (targetIn(stateOf(key), slot, false) as Map<unknown, unknown>).set(entryKey, value)
    }
  }
  return states
}

/**
 * Puts a partition's entries into read models (whose entries of that partition must be absent, as in models just
 * made or assembled from other partitions), in place: the maps the folds and queries hold are filled, not replaced.
 *
 * @category combinators
 * @since 0.3.0
 */
export const load = (models: ReadModels.ReadModels, state: PartitionState): void => {
  for (const slot of slots) {
    const root = state[slot.root]
    if (root === undefined) continue
    const source = (slot.field === null ? root : (root as Record<string, unknown>)[slot.field]) as
      | Map<unknown, unknown>
      | Set<unknown>
      | undefined
    if (source === undefined) continue
    const target = sourceOf(models, slot)
    if (target instanceof Set) for (const value of source as Set<unknown>) target.add(value)
    else for (const [key, value] of source as Map<unknown, unknown>) target.set(key, value)
  }
}

/**
 * Read models holding only the given partitions: the queries and use cases of a school read them unchanged, and
 * `apply` / `applyPage` fold further events into them.
 *
 * @category constructors
 * @since 0.3.0
 */
export const assemble = (
  states: Iterable<PartitionState>,
  options: ReadModels.MakeOptions = {}
): ReadModels.ReadModels => {
  const models = ReadModels.make(options)
  for (const state of states) load(models, state)
  return models
}

const participationStreamsOf = (state: PartitionState): Iterable<Participations.StreamState> =>
  (
    (state.participations as Record<string, Map<string, Participations.StreamState>> | undefined)?.streams ?? new Map()
  ).values()

const valuesOf = <V>(state: PartitionState, root: string, field?: string): Iterable<V> => {
  const value = state[root] as Map<unknown, V> | Record<string, Map<unknown, V>> | undefined
  if (value === undefined) return []
  if (field === undefined) return (value as Map<unknown, V>).values()
  return (value as Record<string, Map<unknown, V>>)[field]?.values() ?? []
}

/**
 * The global partitions a school's pages and use cases read besides its own (`org:<id>`): the accounts of its
 * members, of the users linked to its learners, of its participants, of who imported and who owns its campaigns;
 * the links of its linked users and the INE links of its learners (reconciliation and the carry-over of accounts
 * at an import); its campaigns' codes and target profiles. A use case also needs what its input names that the
 * school does not hold yet (the acting user's `user:` and `links:`, the INEs of an imported file, a login asked
 * for): its caller adds them.
 *
 * @category getters
 * @since 0.3.0
 */
export const neededBy = (
  organizationKey: PartitionRouter.Key,
  state: PartitionState
): ReadonlyArray<PartitionRouter.Key> => {
  const keys = new Set<PartitionRouter.Key>()
  const organizationId = organizationKey.slice("org:".length)
  const userIds = new Set<string>()
  for (const organization of valuesOf<{ readonly members: ReadonlyMap<string, { readonly userId: string }> }>(
    state,
    "organizations"
  ))
    for (const member of organization.members.values()) userIds.add(member.userId)
  for (const roster of valuesOf<ReadModels.RosterView>(state, "rosters", "rosters"))
    for (const learner of roster.learners.values()) {
      keys.add(PartitionRouter.ine(learner.record.nationalStudentId))
      if (learner.userId !== null) {
        userIds.add(learner.userId)
        keys.add(PartitionRouter.links(learner.userId))
      }
    }
  for (const entries of valuesOf<ReadonlyArray<ReadModels.ImportEntry>>(state, "imports"))
    for (const entry of entries) userIds.add(entry.actorId)
  for (const deadline of valuesOf<ReadModels.CollectionDeadlineSet>(state, "deadlines")) userIds.add(deadline.actorId)
  for (const campaign of valuesOf<{
    readonly code: string
    readonly ownerId: string
    readonly creatorId: string
    readonly targetProfileId: string | null
    readonly organizationId: string
  }>(state, "campaigns")) {
    if (campaign.organizationId !== organizationId) continue
    keys.add(PartitionRouter.code(campaign.code))
    userIds.add(campaign.ownerId)
    userIds.add(campaign.creatorId)
    if (campaign.targetProfileId !== null) keys.add(PartitionRouter.profile(campaign.targetProfileId))
  }
  for (const attached of valuesOf<ReadonlyArray<string>>(state, "attachedTargetProfiles"))
    for (const targetProfileId of attached) keys.add(PartitionRouter.profile(targetProfileId))
  for (const stream of participationStreamsOf(state))
    for (const participation of stream.participations) userIds.add(participation.userId)
  for (const userId of userIds) keys.add(PartitionRouter.user(userId))
  keys.delete(organizationKey)
  return [...keys]
}

/**
 * A partition's state as bytes (the snapshot codec's way: v8 serialization, zstd), to keep as one row beside the
 * log. The participations go column-wise (`PartitionColumns`): a school's row decodes and encodes in about half
 * the time of the maps' form.
 *
 * @category constructors
 * @since 0.3.0
 */
export const encode = (state: PartitionState): Buffer =>
  SnapshotCodec.encodeValueBytes(PartitionColumns.toRow(state as Record<string, unknown>))

/**
 * A partition's state from its bytes; throws on bytes that are not one, or whose participations' columns are of
 * another form's version (a row written before the columns is read as it is).
 *
 * @category constructors
 * @since 0.3.0
 */
export const decode = (bytes: Uint8Array): PartitionState => {
  const state = SnapshotCodec.decodeValueBytes(bytes)
  if (typeof state !== "object" || state === null || Array.isArray(state)) throw new Error("Not a partition's state")
  return PartitionColumns.fromRow(state as Record<string, unknown>) as PartitionState
}

// The slots whose entries are keyed by their partition's own id: their entries of a partition are found directly.
const byOwnId: ReadonlyMap<string, string> = new Map([
  ["organizations", "org:"],
  ["rosters.rosters", "org:"],
  ["imports", "org:"],
  ["deadlines", "org:"],
  ["campaignsByOrganization", "org:"],
  ["features", "org:"],
  ["attachedTargetProfiles", "org:"],
  ["places", "org:"],
  ["rosters.linkedByIne", "ine:"],
  ["rosters.linksByUser", "links:"],
  ["campaignByCode", "code:"],
  ["accounts", "user:"],
  ["targetProfileCatalogue", "profile:"]
])

/**
 * Takes the entries of some partitions out of read models, in place: what an instance that keeps only some
 * schools does when it evicts one, or when a tail event wrote into a partition it does not hold (a partial state
 * must never be read). The cached merged view of a removed participation goes with it (made again on use). The
 * slots keyed by their partition's id are reached directly; the others are scanned, and only when a key may be
 * theirs (no other slot holds `ine:` or `links:` entries, the common case of a follower's tail).
 *
 * @category combinators
 * @since 0.3.0
 */
export const remove = (
  models: ReadModels.ReadModels,
  router: PartitionRouter.Router,
  keys: ReadonlySet<PartitionRouter.Key>
): void => {
  if (keys.size === 0) return
  const context: Context = { models, router }
  let scan = false
  for (const key of keys) if (!PartitionRouter.isDerived(key)) scan = true
  // Every key is found first, then deleted: a slot's key may read another root (a participation stream's campaign).
  const deletions: Array<readonly [Map<unknown, unknown> | Set<unknown>, unknown]> = []
  for (const slot of slots) {
    const source = sourceOf(models, slot)
    const prefix = byOwnId.get(slot.field === null ? slot.root : `${slot.root}.${slot.field}`)
    if (prefix !== undefined) {
      for (const key of keys)
        if (key.startsWith(prefix) && source.has(key.slice(prefix.length)))
          deletions.push([source, key.slice(prefix.length)])
      continue
    }
    if (!scan) continue
    if (source instanceof Set) {
      for (const value of source) {
        const key = slot.keyOf(context, value as string, value)
        if (key !== null && keys.has(key)) deletions.push([source, value])
      }
      continue
    }
    for (const [entryKey, value] of source) {
      const key = slot.keyOf(context, entryKey as string, value)
      if (key !== null && keys.has(key)) deletions.push([source, entryKey])
    }
  }
  const views = (models.roots.participations as { readonly views: Map<unknown, unknown> }).views
  for (const [source, entryKey] of deletions) {
    source.delete(entryKey)
    // The participations' info is keyed by participation, as their cached views are.
    if (source === (models.roots.participations as { readonly info: unknown }).info) views.delete(entryKey)
  }
}
