/**
 * The learners page ("Élèves") of each organization: division, disabled or not, linked account, number of
 * participations, last participation, certificability and its date. A pure fold of roster, campaign and
 * participation events.
 *
 * @since 0.1.0
 */
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type { Projection } from "../Decider.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import * as Participations from "./Participations.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * A learner as the roster tells it (names and birthdate are personal data).
 *
 * @since 0.1.0
 */
export interface LearnerRow {
  readonly learnerId: Ids.LearnerId
  readonly organizationId: Ids.OrganizationId
  readonly firstName: string
  readonly lastName: string
  readonly preferredLastName: string | null
  readonly birthdate: string
  readonly division: string
  readonly isDisabled: boolean
  readonly userId: Ids.UserId | null
}

/**
 * The learners and the campaign/participation read model their last participation comes from.
 *
 * @since 0.1.0
 */
export interface State {
  readonly learners: Query.Table<LearnerRow>
  readonly participations: Participations.State
}

/**
 * Folds one event; total: other tags change nothing.
 *
 * @since 0.1.0
 */
export const evolve = (state: State, event: ProjectedEvent): State => {
  switch (event._tag) {
    case "StudentImported": {
      const previous = Query.get(state.learners, event.learnerId)
      return {
        ...state,
        learners: Query.setIn(state.learners, event.learnerId, {
          learnerId: event.learnerId,
          organizationId: event.organizationId,
          firstName: event.firstName,
          lastName: event.lastName,
          preferredLastName: event.preferredLastName,
          birthdate: event.birthdate,
          division: event.division,
          // An import re-enables and keeps the account link (§1.7, DECISIONS 7).
          isDisabled: false,
          userId: previous?.userId ?? null
        })
      }
    }
    case "StudentDisabled":
      return {
        ...state,
        learners: Query.updateIn(state.learners, event.learnerId, (row) => ({ ...row, isDisabled: true }))
      }
    case "StudentReenabled":
      return {
        ...state,
        learners: Query.updateIn(state.learners, event.learnerId, (row) => ({ ...row, isDisabled: false }))
      }
    case "StudentAccountLinked":
      return {
        ...state,
        learners: Query.updateIn(state.learners, event.learnerId, (row) => ({ ...row, userId: event.userId }))
      }
    case "StudentAccountUnlinked":
      return {
        ...state,
        learners: Query.updateIn(state.learners, event.learnerId, (row) => ({ ...row, userId: null }))
      }
    default: {
      const participations = Participations.evolve(state.participations, event)
      return participations === state.participations ? state : { ...state, participations }
    }
  }
}

/**
 * The empty read model.
 *
 * @since 0.1.0
 */
export const initialState: State = { learners: Query.emptyTable(), participations: Participations.initialState }

/**
 * The learners list projection.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = { initialState, evolve }

/**
 * A learner's last participation, as the list shows it.
 *
 * @since 0.1.0
 */
export interface LastParticipation {
  readonly campaignId: Ids.CampaignId
  readonly campaignName: string
  readonly campaignType: CampaignEvent.CampaignType
  readonly status: ParticipationEvent.ParticipationStatus
  readonly startedAt: Timestamp.Timestamp
}

/**
 * One row of the learners list.
 *
 * @since 0.1.0
 */
export interface LearnerListRow extends LearnerRow {
  readonly participationCount: number
  readonly lastParticipation: LastParticipation | null
  /** From the last shared profile: `null` = "Non communiqué". */
  readonly isCertifiable: boolean | null
  readonly certifiableAt: Timestamp.Timestamp | null
}

/**
 * Filters of the learners list (Pix's search, divisions, certificability).
 *
 * @since 0.1.0
 */
export interface LearnersQuery {
  readonly organizationId: Ids.OrganizationId
  readonly search?: string | undefined
  readonly divisions?: ReadonlyArray<string> | undefined
  /** Keep learners whose certificability is one of these (`null` = not communicated). */
  readonly certificability?: ReadonlyArray<boolean | null> | undefined
  /** Disabled learners are hidden unless asked for. */
  readonly includeDisabled?: boolean | undefined
  readonly page?: Query.PageRequest | undefined
}

const summaries = (state: State) => {
  const byLearner = new Map<
    string,
    { count: number; last: Participations.ParticipationRow | null; certifiable: Participations.ParticipationRow | null }
  >()
  for (const row of Query.values(state.participations.participations)) {
    if (row.learnerId === null || row.deletedAt !== null) continue
    const entry = byLearner.get(row.learnerId) ?? { count: 0, last: null, certifiable: null }
    entry.count++
    if (entry.last === null || row.startedAt >= entry.last.startedAt) entry.last = row
    if (
      row.isCertifiable !== null &&
      row.sharedAt !== null &&
      (entry.certifiable === null || row.sharedAt >= (entry.certifiable.sharedAt ?? ""))
    )
      entry.certifiable = row
    byLearner.set(row.learnerId, entry)
  }
  return byLearner
}

/**
 * The learners of an organization with their participation summary, sorted by last name then first name.
 *
 * @since 0.1.0
 */
export const learners = (state: State, query: LearnersQuery): Query.Page<LearnerListRow> => {
  const byLearner = summaries(state)
  const rows = Query.values(state.learners)
    .filter(
      (row) =>
        row.organizationId === query.organizationId &&
        (query.includeDisabled === true || !row.isDisabled) &&
        (query.divisions === undefined || query.divisions.length === 0 || query.divisions.includes(row.division)) &&
        Query.matchesSearch(query.search, [row.firstName, row.lastName, row.preferredLastName])
    )
    .map((row): LearnerListRow => {
      const summary = byLearner.get(row.learnerId)
      const last = summary?.last ?? null
      const campaign = last === null ? undefined : Query.get(state.participations.campaigns, last.campaignId)
      return {
        ...row,
        participationCount: summary?.count ?? 0,
        lastParticipation:
          last === null || campaign === undefined
            ? null
            : {
                campaignId: last.campaignId,
                campaignName: campaign.name,
                campaignType: campaign.type,
                status: last.status,
                startedAt: last.startedAt
              },
        isCertifiable: summary?.certifiable?.isCertifiable ?? null,
        certifiableAt: summary?.certifiable?.sharedAt ?? null
      }
    })
    .filter((row) => query.certificability === undefined || query.certificability.includes(row.isCertifiable))
    .sort((a, b) => Query.compareText(a.lastName, b.lastName) || Query.compareText(a.firstName, b.firstName))
  return Query.paginate(rows, query.page)
}

/**
 * The divisions of an organization's active learners (the values of the division filter).
 *
 * @since 0.1.0
 */
export const divisions = (state: State, organizationId: Ids.OrganizationId): ReadonlyArray<string> =>
  [
    ...new Set(
      Query.values(state.learners)
        .filter((row) => row.organizationId === organizationId && !row.isDisabled)
        .map((row) => row.division)
    )
  ].sort(Query.compareText)

/**
 * Looks a learner up (for results lists that show names and divisions).
 *
 * @since 0.1.0
 */
export const lookup =
  (state: State) =>
  (learnerId: string): LearnerRow | undefined =>
    Query.get(state.learners, learnerId)
