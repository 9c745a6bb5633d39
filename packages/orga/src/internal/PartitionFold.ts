/**
 * How a projection leader folds a batch of the log into partition rows (issue 17): it assembles the partitions the
 * batch reaches from their rows, folds the batch with the read models' own `apply`, and splits the result back into
 * the rows to write with the batch's checkpoint. A row is thus folded from its own state plus the events routed to
 * it, never from the whole log.
 *
 * Two partitions' folds read another's state, which is why the leader folds them beside it rather than alone: the
 * link of an INE (`ine:`) and a user's links to learners (`links:`) are moved by roster events according to the
 * learner's state in the school's roster (its INE and account before the event, the learner an account leaves on a
 * relink), and the erased login of a user (`login:efface-…`) is written only if the user had reserved logins, which
 * live in their own partitions. `linkKeys` reads the school's roster to name the first two; the router names the
 * logins.
 *
 * @since 0.3.0
 */

import { PersonalSubjects } from "@orga/domain"
import type { EventStore } from "@orga/event-store"
import { type RosterDecider, RosterEvent, type StoredEvent } from "./Domain.ts"
import * as PartitionRouter from "./PartitionRouter.ts"
import * as Partitions from "./Partitions.ts"
import * as ReadModels from "./ReadModels.ts"

const RosterEventTags: ReadonlySet<string> = new Set(RosterEvent.tags)

/**
 * The `ine:` and `links:` partitions a roster event or a learner's erasure changes, read from the school's roster
 * as it stands before the event (the school's partition must be in `models`): the learner's INE and account before
 * and after, and on a relink the learner the account leaves.
 *
 * @category getters
 * @since 0.3.0
 */
export const linkKeys = (
  models: ReadModels.ReadModels,
  event: StoredEvent.StoredEvent
): ReadonlyArray<PartitionRouter.Key> => {
  if (
    event._tag !== "StudentImported" &&
    event._tag !== "StudentAccountLinked" &&
    event._tag !== "StudentAccountUnlinked" &&
    event._tag !== "LearnerErased"
  )
    return []
  const roster = ReadModels.rosterOf(models, event.organizationId)
  const learner = roster.learners.get(event.learnerId)
  const keys: Array<PartitionRouter.Key> = []
  const linkedTo = (found: typeof learner) => {
    if (found === undefined || found.userId === null) return
    keys.push(PartitionRouter.ine(found.record.nationalStudentId), PartitionRouter.links(found.userId))
  }
  switch (event._tag) {
    case "StudentImported":
      // A linked learner's new record may carry another INE: the link moves to it.
      if (learner?.userId !== null && learner !== undefined) {
        linkedTo(learner)
        keys.push(PartitionRouter.ine((event as RosterEvent.StudentImported).nationalStudentId))
      }
      break
    case "LearnerErased":
      if (learner?.userId !== null && learner !== undefined) {
        linkedTo(learner)
        keys.push(PartitionRouter.ine(PersonalSubjects.erasedIne(event.learnerId)))
      }
      break
    case "StudentAccountUnlinked":
      linkedTo(learner)
      break
    case "StudentAccountLinked": {
      linkedTo(learner)
      const previous = roster.byUser.get(event.userId)
      if (previous !== undefined) linkedTo(roster.learners.get(previous))
      if (learner !== undefined) keys.push(PartitionRouter.ine(learner.record.nationalStudentId))
      keys.push(PartitionRouter.links(event.userId))
      break
    }
  }
  return keys
}

/**
 * The rows a batch writes: every partition it reached, with its state after the batch (an empty state when nothing
 * is left in it: its row can go). The router, folded in place, is written beside them (`PartitionRouter.encode`).
 *
 * @category models
 * @since 0.3.0
 */
export interface Written {
  readonly rows: ReadonlyMap<PartitionRouter.Key, Partitions.PartitionState>
}

/**
 * Folds a batch of events (in log order) into the partitions they reach: each partition is read once (`read`: its
 * row's state, or undefined when it has none), the batch is folded by `ReadModels.apply` on the assembled
 * partitions, and the router is folded too (in place). Throws when the fold wrote an entry into a partition the
 * batch was not routed to (a routing rule missing).
 *
 * @category combinators
 * @since 0.3.0
 */
export const foldBatch = (
  read: (key: PartitionRouter.Key) => Partitions.PartitionState | undefined,
  router: PartitionRouter.Router,
  events: ReadonlyArray<EventStore.RecordedEvent>,
  options: ReadModels.MakeOptions = {}
): Written => {
  const models = ReadModels.make(options)
  const loaded = new Set<PartitionRouter.Key>()
  const load = (key: PartitionRouter.Key) => {
    if (loaded.has(key)) return
    loaded.add(key)
    const state = read(key)
    if (state !== undefined) Partitions.load(models, state)
  }
  for (const recorded of events) {
    const event = recorded.data as StoredEvent.StoredEvent
    for (const key of PartitionRouter.partitionsOf(router, recorded.streamId, event)) load(key)
    for (const key of linkKeys(models, event)) load(key)
    models.apply([recorded])
    PartitionRouter.observe(router, recorded.streamId, event)
  }
  const states = Partitions.split(models, router)
  for (const key of states.keys())
    if (!loaded.has(key)) throw new Error(`The batch wrote into the partition ${key}, which it was not routed to`)
  const rows = new Map<PartitionRouter.Key, Partitions.PartitionState>()
  for (const key of loaded) rows.set(key, states.get(key) ?? {})
  return { rows }
}

/**
 * The partitions a batch reaches, in two steps for a leader whose rows are read asynchronously: `routed` (from the
 * router alone) are read first; `linked` (the `ine:` and `links:` partitions of its roster events, which depend on
 * the schools' rosters) come from a dry fold of the batch over the routed rows (`read` must answer them), so they are
 * read second. A roster's fold never reads an `ine:` or `links:` partition, so the dry fold names them exactly; then
 * `foldBatch` reads nothing else. The router is not moved.
 *
 * @category getters
 * @since 0.3.0
 */
export const plan = (
  router: PartitionRouter.Router,
  events: ReadonlyArray<EventStore.RecordedEvent>
): {
  readonly routed: ReadonlySet<PartitionRouter.Key>
  readonly linked: (
    read: (key: PartitionRouter.Key) => Partitions.PartitionState | undefined
  ) => ReadonlySet<PartitionRouter.Key>
} => {
  const ahead = PartitionRouter.copy(router)
  const routed = new Set<PartitionRouter.Key>()
  for (const recorded of events) {
    const event = recorded.data as StoredEvent.StoredEvent
    for (const key of PartitionRouter.partitionsOf(ahead, recorded.streamId, event)) routed.add(key)
    PartitionRouter.observe(ahead, recorded.streamId, event)
  }
  const linked = (read: (key: PartitionRouter.Key) => Partitions.PartitionState | undefined) => {
    const keys = new Set<PartitionRouter.Key>()
    const models = ReadModels.make()
    // Only the schools' rows matter to the rosters: the other routed rows are left out of the dry fold.
    for (const key of routed)
      if (key.startsWith("org:")) {
        const state = read(key)
        if (state !== undefined) Partitions.load(models, { rosters: { rosters: rostersOf(state) } })
      }
    for (const recorded of events) {
      const event = recorded.data as StoredEvent.StoredEvent
      for (const key of linkKeys(models, event)) if (!routed.has(key)) keys.add(key)
      if (isRosterFold(event)) models.apply([recorded])
    }
    return keys
  }
  return { routed, linked }
}

// Copies of a school row's rosters, for the dry fold to change: a roster's fold replaces learners in its maps and
// never changes one in place, so copying the maps leaves the row as it was.
const rostersOf = (state: Partitions.PartitionState): Map<unknown, unknown> => {
  const rosters = (state.rosters as Record<string, Map<string, RosterDecider.Draft>> | undefined)?.rosters
  const copies = new Map<unknown, unknown>()
  for (const [organizationId, roster] of rosters ?? [])
    copies.set(organizationId, {
      learners: new Map(roster.learners),
      byIne: new Map(roster.byIne),
      byUser: new Map(roster.byUser),
      lastImport: roster.lastImport
    })
  return copies
}

// The events that change a roster: the roster events and a learner's erasure.
const isRosterFold = (event: StoredEvent.StoredEvent): boolean =>
  event._tag === "LearnerErased" || (RosterEventTags as ReadonlySet<string>).has(event._tag)
