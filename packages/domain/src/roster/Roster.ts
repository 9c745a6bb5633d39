/**
 * The roster's state: the organization's learners by id, with their INE and account indexes, and the
 * last import. Built from the `roster-<organizationId>` stream.
 *
 * @since 0.1.0
 */
import type * as Ids from "../values/Ids.ts"
import type * as Ine from "../values/Ine.ts"
import type * as SchoolYear from "../values/SchoolYear.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import { PersistentMap } from "./PersistentMap.ts"
import type * as StudentRecord from "./StudentRecord.ts"

/**
 * The stream of an organization's roster: `roster-<organizationId>`.
 *
 * @since 0.1.0
 */
export const streamName = (organizationId: Ids.OrganizationId): string => `roster-${organizationId}`

/**
 * A learner of the organization.
 *
 * @since 0.1.0
 */
export interface Learner {
  readonly learnerId: Ids.LearnerId
  readonly record: StudentRecord.StudentRecord
  readonly isDisabled: boolean
  readonly userId: Ids.UserId | null
  readonly updatedAt: Timestamp.Timestamp
}

/**
 * The last import that changed the roster.
 *
 * @since 0.1.0
 */
export interface LastImport {
  readonly schoolYear: SchoolYear.SchoolYear
  readonly fileName: string
  readonly importedBy: Ids.UserId
  readonly importedAt: Timestamp.Timestamp
}

/**
 * The decider's state. Invariants kept by `evolve` whatever the history: `byIne` and `byUser` point to
 * existing learners, and a user is linked to at most one learner. `evolve` builds persistent maps
 * (structural sharing, O(log n) per event); any `ReadonlyMap` is accepted as input, and `decide` only reads.
 *
 * @since 0.1.0
 */
export interface Roster {
  readonly learners: ReadonlyMap<Ids.LearnerId, Learner>
  readonly byIne: ReadonlyMap<Ine.Ine, Ids.LearnerId>
  readonly byUser: ReadonlyMap<Ids.UserId, Ids.LearnerId>
  readonly lastImport: LastImport | null
}

/**
 * An empty roster.
 *
 * @since 0.1.0
 */
export const initial: Roster = {
  learners: PersistentMap.empty(),
  byIne: PersistentMap.empty(),
  byUser: PersistentMap.empty(),
  lastImport: null
}

/**
 * The learner with this INE, if any.
 *
 * @since 0.1.0
 */
export const learnerByIne = (roster: Roster, ine: Ine.Ine): Learner | undefined => {
  const learnerId = roster.byIne.get(ine)
  return learnerId === undefined ? undefined : roster.learners.get(learnerId)
}

/**
 * The active (not disabled) learners.
 *
 * @since 0.1.0
 */
export const activeLearners = (roster: Roster): ReadonlyArray<Learner> =>
  [...roster.learners.values()].filter((learner) => !learner.isDisabled)
