/**
 * The roster decider: the SIECLE import decision (§1.7, DECISIONS 7) and account links.
 *
 * An import upserts by INE: a new INE creates a learner, a changed record updates it, an unchanged one
 * decides nothing; learners absent from the file are disabled, disabled ones that come back are
 * re-enabled. Links are never touched by an import (DECISIONS 7), so a kept learner keeps its account.
 * Importing the same records twice decides no event the second time.
 *
 * Account carry-over by INE (§1.7): the caller gives the accounts it knows for the file's INEs
 * (`knownAccounts`, read from other rosters); a learner without a link gets the account if it was linked in
 * this organization, or elsewhere with the same birthdate; skipped when the account is known for several
 * INEs, or is linked to another learner of this organization (DECISIONS 7: a link is never moved).
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Ine from "../values/Ine.ts"
import { PersistentMap } from "./PersistentMap.ts"
import * as Roster from "./Roster.ts"
import * as Command from "./RosterCommand.ts"
import * as RosterError from "./RosterError.ts"
import * as Event from "./RosterEvent.ts"
import * as StudentRecord from "./StudentRecord.ts"

type Decision = Result.Result<ReadonlyArray<Event.RosterEvent>, DomainError.DomainError>

const importStudents = (command: Command.ImportStudents, state: Roster.Roster): Decision => {
  if (command.records.length === 0) return Result.fail(RosterError.empty())
  const seen = new Set<Ine.Ine>()
  for (const record of command.records) {
    if (seen.has(record.nationalStudentId)) return Result.fail(RosterError.ineUnique(record.nationalStudentId))
    seen.add(record.nationalStudentId)
  }
  const base = { organizationId: command.organizationId, actorId: command.actorId, occurredAt: command.now }
  const events: Array<Event.RosterEvent> = []
  const usedIds = new Set<Ids.LearnerId>(state.learners.keys())
  const newLearners = new Map<Ine.Ine, Ids.LearnerId>()
  let importedCount = 0
  let reenabledCount = 0
  for (const [position, record] of command.records.entries()) {
    const known = Roster.learnerByIne(state, record.nationalStudentId)
    if (known === undefined) {
      const learnerId = command.newLearnerIds[position]
      if (learnerId === undefined)
        return Result.fail(RosterError.missingLearnerIds(command.records.length, command.newLearnerIds.length))
      if (usedIds.has(learnerId)) return Result.fail(RosterError.learnerIdAlreadyUsed(learnerId))
      usedIds.add(learnerId)
      newLearners.set(record.nationalStudentId, learnerId)
      events.push(imported(command, learnerId, record))
      importedCount++
      continue
    }
    if (known.isDisabled) {
      events.push(Event.StudentReenabled.make({ ...base, learnerId: known.learnerId }))
      reenabledCount++
    }
    if (!StudentRecord.sameRecord(known.record, record)) {
      events.push(imported(command, known.learnerId, record))
      importedCount++
    }
  }
  const links = carryOverLinks(command, state, newLearners)
  events.push(...links)
  // Absent learners in INE order, so the decision does not depend on how the state's maps iterate.
  const absent = [...state.learners.values()]
    .filter((learner) => !learner.isDisabled && !seen.has(learner.record.nationalStudentId))
    .sort((a, b) => (a.record.nationalStudentId < b.record.nationalStudentId ? -1 : 1))
  for (const learner of absent) events.push(Event.StudentDisabled.make({ ...base, learnerId: learner.learnerId }))
  const disabledCount = absent.length
  if (events.length === 0) return Result.succeed([])
  events.push(
    Event.SiecleImportCompleted.make({
      ...base,
      schoolYear: command.schoolYear,
      fileName: command.fileName,
      importedCount,
      disabledCount,
      reenabledCount,
      linkedCount: links.length
    })
  )
  return Result.succeed(events)
}

// §1.7's reconcile step, with DECISIONS 7 in place of Pix's "the other learner loses its link".
const carryOverLinks = (
  command: Command.ImportStudents,
  state: Roster.Roster,
  newLearners: ReadonlyMap<Ine.Ine, Ids.LearnerId>
): ReadonlyArray<Event.StudentAccountLinked> => {
  const known = command.knownAccounts ?? []
  const inesByUser = new Map<Ids.UserId, Set<Ine.Ine>>()
  for (const account of known) {
    const ines = inesByUser.get(account.userId) ?? new Set<Ine.Ine>()
    ines.add(account.nationalStudentId)
    inesByUser.set(account.userId, ines)
  }
  const linkedUsers = new Set<Ids.UserId>(state.byUser.keys())
  const links: Array<Event.StudentAccountLinked> = []
  for (const record of command.records) {
    const account = known.find((a) => a.nationalStudentId === record.nationalStudentId)
    if (account === undefined) continue
    const existing = Roster.learnerByIne(state, record.nationalStudentId)
    const learnerId = existing?.learnerId ?? newLearners.get(record.nationalStudentId)
    if (learnerId === undefined || (existing !== undefined && existing.userId !== null)) continue
    if ((inesByUser.get(account.userId)?.size ?? 0) > 1 || linkedUsers.has(account.userId)) continue
    if (account.organizationId !== command.organizationId && account.birthdate !== record.birthdate) continue
    linkedUsers.add(account.userId)
    links.push(
      Event.StudentAccountLinked.make({
        organizationId: command.organizationId,
        learnerId,
        userId: account.userId,
        actorId: command.actorId,
        occurredAt: command.now
      })
    )
  }
  return links
}

const imported = (
  command: Command.ImportStudents,
  learnerId: Ids.LearnerId,
  record: StudentRecord.StudentRecord
): Event.StudentImported =>
  Event.StudentImported.make({
    organizationId: command.organizationId,
    learnerId,
    ...StudentRecord.pick(record),
    schoolYear: command.schoolYear,
    actorId: command.actorId,
    occurredAt: command.now
  })

const learnerOf = (state: Roster.Roster, learnerId: Ids.LearnerId) => {
  const learner = state.learners.get(learnerId)
  return learner === undefined ? Result.fail(RosterError.learnerNotFound(learnerId)) : Result.succeed(learner)
}

const link = (command: Command.LinkStudentAccount, state: Roster.Roster): Decision =>
  Result.gen(function* () {
    const learner = yield* learnerOf(state, command.learnerId)
    if (learner.userId === command.userId) return []
    if (learner.isDisabled) return yield* Result.fail(RosterError.disabledLearner(learner.learnerId))
    if (learner.userId !== null)
      return yield* Result.fail(RosterError.learnerAlreadyLinked(learner.learnerId, learner.userId))
    const other = state.byUser.get(command.userId)
    if (other !== undefined) return yield* Result.fail(RosterError.userAlreadyReconciled(command.userId, other))
    return [
      Event.StudentAccountLinked.make({
        organizationId: command.organizationId,
        learnerId: learner.learnerId,
        userId: command.userId,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

const unlink = (command: Command.UnlinkStudentAccount, state: Roster.Roster): Decision =>
  Result.gen(function* () {
    const learner = yield* learnerOf(state, command.learnerId)
    if (learner.userId === null) return []
    return [
      Event.StudentAccountUnlinked.make({
        organizationId: command.organizationId,
        learnerId: learner.learnerId,
        userId: learner.userId,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

const isCommand = Schema.is(Command.RosterCommand)

/**
 * Decides a roster command.
 *
 * @since 0.1.0
 */
export const decide = (command: Command.RosterCommand, state: Roster.Roster): Decision => {
  // A command that bypassed its schema (a cast, unchecked input) is refused, never thrown on.
  if (!isCommand(command)) return Result.fail(DomainError.invalidCommand(command))
  switch (command._tag) {
    case "ImportStudents":
      return importStudents(command, state)
    case "LinkStudentAccount":
      return link(command, state)
    case "UnlinkStudentAccount":
      return unlink(command, state)
    default:
      return Result.succeed([])
  }
}

/**
 * How a fold updates the roster's maps: `set` and `delete` answer the map to keep. The roster's per-event
 * transition is written once over these operations; `evolve` runs it on persistent maps (a new state per
 * event, the decider's pure fold), and the read models run it on plain `Map`s updated in place (`inPlace`),
 * where a rebuild of hundreds of thousands of imports would otherwise pay for the structural sharing.
 *
 * @since 0.1.0
 */
export interface MapUpdates {
  readonly set: <K, V>(map: ReadonlyMap<K, V>, key: K, value: V) => ReadonlyMap<K, V>
  readonly delete: <K, V>(map: ReadonlyMap<K, V>, key: K) => ReadonlyMap<K, V>
  /** The record a `StudentImported` gives its learner. */
  readonly record: (event: Event.StudentImported) => StudentRecord.StudentRecord
}

// evolve never mutates its input: it works on persistent maps (any other ReadonlyMap is converted once).
const persistent = <K, V>(map: ReadonlyMap<K, V>): PersistentMap<K, V> =>
  map instanceof PersistentMap ? map : PersistentMap.fromEntries(map)

/**
 * Persistent updates: the input maps are never changed.
 *
 * @since 0.1.0
 */
export const persistentUpdates: MapUpdates = {
  set: (map, key, value) => persistent(map).set(key, value),
  delete: (map, key) => persistent(map).delete(key),
  record: StudentRecord.pick
}

/**
 * In-place updates, for a roster whose maps are plain `Map`s owned by the caller (see `stepWith`). The
 * event is kept as its learner's record (it holds every field of the record; its other fields are never read
 * through `record`): copying the record of each of hundreds of thousands of imports doubled the roster's
 * share of a rebuild (ADR 0034).
 *
 * @since 0.1.0
 */
export const inPlace: MapUpdates = {
  set: (map, key, value) => (map as Map<typeof key, typeof value>).set(key, value),
  delete: (map, key) => {
    ;(map as Map<typeof key, unknown>).delete(key)
    return map
  },
  record: (event) => event
}

/**
 * A roster being changed by one event: the fields a step writes.
 *
 * @since 0.1.0
 */
export type Draft = { -readonly [K in keyof Roster.Roster]: Roster.Roster[K] }

/**
 * The roster's per-event transition over the given map updates, written once: it writes the changed fields
 * into `draft` and answers whether the event changed anything. `evolve` runs it on a copy with persistent
 * maps; the read models run it on their own roster with `inPlace`. Total: events about unknown learners
 * change nothing, and the indexes stay consistent with the learners whatever the order.
 *
 * @since 0.1.0
 */
export const stepWith = (updates: MapUpdates) => {
  const importLearner = (draft: Draft, event: Event.StudentImported): void => {
    const record = updates.record(event)
    const existing = draft.learners.get(event.learnerId)
    if (existing !== undefined && draft.byIne.get(existing.record.nationalStudentId) === existing.learnerId)
      draft.byIne = updates.delete(draft.byIne, existing.record.nationalStudentId)
    // An INE names one learner: a history that gives it to another learner id moves the index only.
    draft.byIne = updates.set(draft.byIne, record.nationalStudentId, event.learnerId)
    draft.learners = updates.set(draft.learners, event.learnerId, {
      learnerId: event.learnerId,
      record,
      isDisabled: existing?.isDisabled ?? false,
      userId: existing?.userId ?? null,
      updatedAt: event.occurredAt
    })
  }

  const linkLearner = (draft: Draft, event: Event.StudentAccountLinked): boolean => {
    const learner = draft.learners.get(event.learnerId)
    if (learner === undefined) return false
    // Keep "one account, one learner" whatever the history: a relink moves the account.
    const previous = draft.byUser.get(event.userId)
    if (previous !== undefined && previous !== learner.learnerId) {
      const other = draft.learners.get(previous)
      if (other !== undefined) draft.learners = updates.set(draft.learners, previous, { ...other, userId: null })
    }
    if (learner.userId !== null) draft.byUser = updates.delete(draft.byUser, learner.userId)
    draft.byUser = updates.set(draft.byUser, event.userId, learner.learnerId)
    draft.learners = updates.set(draft.learners, learner.learnerId, { ...learner, userId: event.userId })
    return true
  }

  return (draft: Draft, event: Event.RosterEvent): boolean => {
    switch (event._tag) {
      case "StudentImported":
        importLearner(draft, event)
        return true
      case "StudentDisabled":
      case "StudentReenabled": {
        const learner = draft.learners.get(event.learnerId)
        if (learner === undefined) return false
        draft.learners = updates.set(draft.learners, learner.learnerId, {
          ...learner,
          isDisabled: event._tag === "StudentDisabled",
          updatedAt: event.occurredAt
        })
        return true
      }
      case "StudentAccountLinked":
        return linkLearner(draft, event)
      case "StudentAccountUnlinked": {
        const learner = draft.learners.get(event.learnerId)
        if (learner === undefined || learner.userId !== event.userId) return false
        draft.learners = updates.set(draft.learners, learner.learnerId, { ...learner, userId: null })
        draft.byUser = updates.delete(draft.byUser, event.userId)
        return true
      }
      case "SiecleImportCompleted":
        draft.lastImport = {
          schoolYear: event.schoolYear,
          fileName: event.fileName,
          importedBy: event.actorId,
          importedAt: event.occurredAt
        }
        return true
      default:
        return false
    }
  }
}

const persistentStep = stepWith(persistentUpdates)

/**
 * Folds one event into the roster, on persistent maps (the input state is never changed; an event that
 * changes nothing answers it as it is).
 *
 * @since 0.1.0
 */
export const evolve = (state: Roster.Roster, event: Event.RosterEvent): Roster.Roster => {
  const draft: Draft = { ...state }
  return persistentStep(draft, event) ? draft : state
}

/**
 * The roster decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<Command.RosterCommand, Roster.Roster, Event.RosterEvent, DomainError.DomainError> = {
  initialState: Roster.initial,
  evolve,
  decide
}
