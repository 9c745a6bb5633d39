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

// evolve never mutates its input: it works on persistent maps (any other ReadonlyMap is converted once).
const persistent = <K, V>(map: ReadonlyMap<K, V>): PersistentMap<K, V> =>
  map instanceof PersistentMap ? map : PersistentMap.fromEntries(map)

const setLearner = (state: Roster.Roster, learner: Roster.Learner): Roster.Roster => ({
  ...state,
  learners: persistent(state.learners).set(learner.learnerId, learner)
})

const importLearner = (state: Roster.Roster, event: Event.StudentImported): Roster.Roster => {
  const record = StudentRecord.pick(event)
  const existing = state.learners.get(event.learnerId)
  let byIne = persistent(state.byIne)
  if (existing !== undefined && byIne.get(existing.record.nationalStudentId) === existing.learnerId)
    byIne = byIne.delete(existing.record.nationalStudentId)
  // An INE names one learner: a history that gives it to another learner id moves the index only.
  byIne = byIne.set(record.nationalStudentId, event.learnerId)
  const learners = persistent(state.learners).set(event.learnerId, {
    learnerId: event.learnerId,
    record,
    isDisabled: existing?.isDisabled ?? false,
    userId: existing?.userId ?? null,
    updatedAt: event.occurredAt
  })
  return { ...state, learners, byIne }
}

const linkLearner = (state: Roster.Roster, event: Event.StudentAccountLinked): Roster.Roster => {
  const learner = state.learners.get(event.learnerId)
  if (learner === undefined) return state
  let learners = persistent(state.learners)
  let byUser = persistent(state.byUser)
  // Keep "one account, one learner" whatever the history: a relink moves the account.
  const previous = byUser.get(event.userId)
  if (previous !== undefined && previous !== learner.learnerId) {
    const other = learners.get(previous)
    if (other !== undefined) learners = learners.set(previous, { ...other, userId: null })
  }
  if (learner.userId !== null) byUser = byUser.delete(learner.userId)
  byUser = byUser.set(event.userId, learner.learnerId)
  learners = learners.set(learner.learnerId, { ...learner, userId: event.userId })
  return { ...state, learners, byUser }
}

/**
 * Folds one event into the roster. Total: events about unknown learners change nothing, and the
 * indexes stay consistent with the learners whatever the order.
 *
 * @since 0.1.0
 */
export const evolve = (state: Roster.Roster, event: Event.RosterEvent): Roster.Roster => {
  switch (event._tag) {
    case "StudentImported":
      return importLearner(state, event)
    case "StudentDisabled":
    case "StudentReenabled": {
      const learner = state.learners.get(event.learnerId)
      if (learner === undefined) return state
      return setLearner(state, {
        ...learner,
        isDisabled: event._tag === "StudentDisabled",
        updatedAt: event.occurredAt
      })
    }
    case "StudentAccountLinked":
      return linkLearner(state, event)
    case "StudentAccountUnlinked": {
      const learner = state.learners.get(event.learnerId)
      if (learner === undefined || learner.userId !== event.userId) return state
      return {
        ...setLearner(state, { ...learner, userId: null }),
        byUser: persistent(state.byUser).delete(event.userId)
      }
    }
    case "SiecleImportCompleted":
      return {
        ...state,
        lastImport: {
          schoolYear: event.schoolYear,
          fileName: event.fileName,
          importedBy: event.actorId,
          importedAt: event.occurredAt
        }
      }
    default:
      return state
  }
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
