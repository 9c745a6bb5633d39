/**
 * The rosters read model: every organization's roster in the decider's own shape (what imports and links
 * decide on, and what learner lists read), and the accounts linked to learners across organizations (what
 * reconciliation and the carry-over of accounts by INE need).
 *
 * Held in memory and updated in place: each roster is folded by the roster decider's own transition
 * (`RosterDecider.stepWith`) on plain `Map`s (`RosterDecider.inPlace`) instead of persistent maps, so the
 * roster's fold is written once (ADR 0034).
 *
 * @since 0.1.0
 */
import * as Roster from "../roster/Roster.ts"
import * as RosterDecider from "../roster/RosterDecider.ts"
import type * as RosterEvent from "../roster/RosterEvent.ts"

/**
 * A learner linked to an account, as reconciliation needs it.
 *
 * @since 0.1.0
 */
export interface Linked {
  readonly learnerId: string
  readonly organizationId: string
  readonly nationalStudentId: string | null
  readonly birthdate: string
  readonly userId: string
}

/**
 * The read model.
 *
 * @since 0.1.0
 */
export interface State {
  readonly rosters: Map<string, RosterDecider.Draft>
  /** The most recent link of each INE, in any organization. */
  readonly linkedByIne: Map<string, Linked>
  /** Every learner each user is linked to, in any organization (key: organizationId/learnerId). */
  readonly linksByUser: Map<string, Map<string, Linked>>
}

/**
 * An empty read model.
 *
 * @since 0.1.0
 */
export const make = (): State => ({ rosters: new Map(), linkedByIne: new Map(), linksByUser: new Map() })

/**
 * An empty roster whose maps are updated in place.
 *
 * @since 0.1.0
 */
export const emptyRoster = (): RosterDecider.Draft => ({
  learners: new Map(),
  byIne: new Map(),
  byUser: new Map(),
  lastImport: null
})

const stepInPlace = RosterDecider.stepWith(RosterDecider.inPlace)

const unlink = (state: State, organizationId: string, learner: Roster.Learner, userId: string) => {
  state.linksByUser.get(userId)?.delete(`${organizationId}/${learner.learnerId}`)
  const ine = learner.record.nationalStudentId
  if (state.linkedByIne.get(ine)?.learnerId === learner.learnerId) state.linkedByIne.delete(ine)
}

const link = (state: State, organizationId: string, learner: Roster.Learner, userId: string) => {
  const linked: Linked = {
    learnerId: learner.learnerId,
    organizationId,
    nationalStudentId: learner.record.nationalStudentId,
    birthdate: learner.record.birthdate,
    userId
  }
  let links = state.linksByUser.get(userId)
  if (links === undefined) {
    links = new Map()
    state.linksByUser.set(userId, links)
  }
  links.set(`${organizationId}/${learner.learnerId}`, linked)
  state.linkedByIne.set(learner.record.nationalStudentId, linked)
}

// The links the event ends, read before it is folded.
const unlinkBefore = (state: State, roster: Roster.Roster, event: RosterEvent.RosterEvent) => {
  if (event._tag === "StudentImported") {
    // A linked learner's new record may carry another INE: the link leaves the old one (and is made again on the
    // new record after the fold).
    const learner = roster.learners.get(event.learnerId)
    if (learner !== undefined && learner.userId !== null) unlink(state, event.organizationId, learner, learner.userId)
    return
  }
  if (event._tag !== "StudentAccountLinked" && event._tag !== "StudentAccountUnlinked") return
  const learner = roster.learners.get(event.learnerId)
  if (learner === undefined) return
  if (event._tag === "StudentAccountUnlinked") {
    if (learner.userId === event.userId) unlink(state, event.organizationId, learner, event.userId)
    return
  }
  // A relink moves the account from its previous learner, and the learner leaves its previous account.
  const previous = roster.byUser.get(event.userId)
  const other = previous === undefined || previous === learner.learnerId ? undefined : roster.learners.get(previous)
  if (other !== undefined) unlink(state, event.organizationId, other, event.userId)
  if (learner.userId !== null) unlink(state, event.organizationId, learner, learner.userId)
}

// The links the event makes (or refreshes, for a linked learner's new record), read after it is folded.
const linkAfter = (state: State, roster: Roster.Roster, event: RosterEvent.RosterEvent) => {
  if (event._tag !== "StudentImported" && event._tag !== "StudentAccountLinked") return
  const learner = roster.learners.get(event.learnerId)
  if (learner !== undefined && learner.userId !== null) link(state, event.organizationId, learner, learner.userId)
}

/**
 * Folds one roster event into the read model, in place.
 *
 * @since 0.1.0
 */
export const apply = (state: State, event: RosterEvent.RosterEvent): void => {
  let roster = state.rosters.get(event.organizationId)
  if (roster === undefined) {
    roster = emptyRoster()
    state.rosters.set(event.organizationId, roster)
  }
  unlinkBefore(state, roster, event)
  stepInPlace(roster, event)
  linkAfter(state, roster, event)
}

/**
 * The roster of an organization (empty when nothing was imported).
 *
 * @since 0.1.0
 */
export const rosterOf = (state: State, organizationId: string): Roster.Roster =>
  state.rosters.get(organizationId) ?? Roster.initial
