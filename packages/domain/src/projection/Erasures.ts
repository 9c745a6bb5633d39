/**
 * What an erasure changes in the read models that hold personal data, in place: the learner's record (and the
 * roster's indexes and links) or the user's account, logins and typed participant ids take the erased values
 * of `PersonalSubjects`. A rebuild reaches the same state by another path (the erased subject's events open
 * with those values), so live read models and rebuilt ones are equal (a test compares them).
 *
 * @since 0.1.0
 */
import type * as Account from "../account/Account.ts"
import type * as ErasureEvent from "../erasure/ErasureEvent.ts"
import * as PersonalSubjects from "../erasure/PersonalSubjects.ts"
import type * as Roster from "../roster/Roster.ts"
import type * as RosterEvent from "../roster/RosterEvent.ts"
import type * as Participations from "./Participations.ts"
import * as Rosters from "./Rosters.ts"

/**
 * The read models an erasure touches.
 *
 * @since 0.1.0
 */
export interface Targets {
  readonly rosters: Rosters.State
  readonly accounts: Map<string, Account.Account>
  readonly logins: Map<string, string>
  readonly participations: Participations.State
  /** The subjects erased so far (`PersonalSubjects.learner` / `user`). */
  readonly erased: Set<string>
}

/**
 * Folds one erasure event into the read models, in place.
 *
 * @since 0.1.0
 */
export const apply = (targets: Targets, event: ErasureEvent.ErasureEvent): void => {
  if (event._tag === "LearnerErased") {
    targets.erased.add(PersonalSubjects.learner(event.learnerId))
    const roster = targets.rosters.rosters.get(event.organizationId)
    const learner = roster?.learners.get(event.learnerId)
    if (roster === undefined || learner === undefined) return
    // The learner's record is its last `StudentImported`: folding it again with the erased values moves the
    // roster's INE index and the account links exactly as a rebuild's erased events set them.
    const erased = {
      ...(learner.record as unknown as RosterEvent.StudentImported),
      ...PersonalSubjects.erasedLearnerRecord(event.learnerId)
    } as RosterEvent.StudentImported
    Rosters.apply(targets.rosters, erased)
    const after = roster.learners.get(event.learnerId)
    if (after !== undefined && after.updatedAt !== learner.updatedAt)
      (roster.learners as unknown as Map<string, Roster.Learner>).set(event.learnerId, {
        ...after,
        updatedAt: learner.updatedAt
      })
    return
  }
  targets.erased.add(PersonalSubjects.user(event.userId))
  const account = targets.accounts.get(event.userId)
  if (account !== undefined) targets.accounts.set(event.userId, { ...account, ...PersonalSubjects.erasedAccount })
  let reserved = false
  for (const [login, userId] of targets.logins)
    if (userId === event.userId) {
      targets.logins.delete(login)
      reserved = true
    }
  if (reserved) targets.logins.set(PersonalSubjects.erasedLogin(event.userId), event.userId)
  for (const stream of targets.participations.streams.values())
    for (const participation of stream.participations)
      if (participation.userId === event.userId && participation.participantExternalId !== null) {
        participation.participantExternalId = null
        targets.participations.views.delete(participation.participationId)
      }
}
