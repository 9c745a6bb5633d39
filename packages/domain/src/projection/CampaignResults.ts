/**
 * The results of an ASSESSMENT campaign, per participant: status, mastery rate, per competence and per
 * area, evolution against the participation a retake replaced; filters by division, name search and
 * status. Also the campaign-wide mastery per competence and per area over the shared results.
 *
 * @since 0.1.0
 */
import type { Projection } from "../Decider.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"
import * as Competences from "../referential/Competences.ts"
import * as TargetProfile from "../referential/TargetProfile.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import * as Participations from "./Participations.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * Campaign results read the shared campaign/participation fold.
 *
 * @since 0.1.0
 */
export type State = Participations.State

/**
 * The campaign results projection.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = Participations.projection

/**
 * What results show of a learner (from the learners list): names and division.
 *
 * @since 0.1.0
 */
export type LearnerLookup = (
  learnerId: string
) => { readonly firstName: string; readonly lastName: string; readonly division: string } | undefined

/**
 * The French labels of the statuses (Orga's activity tab).
 *
 * @since 0.1.0
 */
export const statusLabels = {
  ASSESSMENT: { STARTED: "En cours", TO_SHARE: "En attente d'envoi", SHARED: "Résultats reçus" },
  PROFILES_COLLECTION: { STARTED: "En attente d'envoi", TO_SHARE: "En attente d'envoi", SHARED: "Profil reçu" }
} as const

/**
 * Mastery of one competence or area, with its name.
 *
 * @since 0.1.0
 */
export interface NamedMastery extends ParticipationEvent.MasteryCount {
  readonly name: string
  readonly masteryRate: number
}

/**
 * One participant's row.
 *
 * @since 0.1.0
 */
export interface ResultRow {
  readonly participationId: Ids.ParticipationId
  readonly learnerId: Ids.LearnerId | null
  readonly firstName: string | null
  readonly lastName: string | null
  readonly division: string | null
  readonly participantExternalId: string | null
  readonly status: ParticipationEvent.ParticipationStatus
  readonly statusLabel: string
  readonly startedAt: Timestamp.Timestamp
  readonly sharedAt: Timestamp.Timestamp | null
  /** `null` until shared (Pix's "NA"). */
  readonly masteryRate: number | null
  readonly competences: ReadonlyArray<NamedMastery> | null
  readonly areas: ReadonlyArray<NamedMastery> | null
  readonly evolution: "increase" | "decrease" | "stable" | null
  /** How many participations of this participant were shared in the campaign (retakes included). */
  readonly sharedResultCount: number
}

/**
 * Filters of the results list.
 *
 * @since 0.1.0
 */
export interface ResultsQuery {
  readonly campaignId: Ids.CampaignId
  readonly divisions?: ReadonlyArray<string> | undefined
  readonly search?: string | undefined
  readonly statuses?: ReadonlyArray<ParticipationEvent.ParticipationStatus> | undefined
  readonly page?: Query.PageRequest | undefined
}

const named = (
  counts: ReadonlyArray<ParticipationEvent.MasteryCount> | null,
  nameOf: (id: string) => string | undefined
): ReadonlyArray<NamedMastery> | null =>
  counts === null
    ? null
    : counts.map((count) => ({
        ...count,
        name: nameOf(count.id) ?? count.id,
        masteryRate: TargetProfile.rate(count.validatedSkillsCount, count.targetSkillsCount)
      }))

/**
 * Counts the shared participations of each participant of a campaign (keyed by learner, else user).
 *
 * @since 0.1.0
 */
export const sharedCounts = (state: State, campaignId: string): ReadonlyMap<string, number> => {
  const counts = new Map<string, number>()
  for (const row of Participations.allOf(state, campaignId)) {
    const key = row.learnerId ?? row.userId ?? row.participationId
    if (row.sharedAt !== null) counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/**
 * The rows of a campaign's participants, filtered, sorted by last name then first name, one page.
 *
 * @since 0.1.0
 */
export const results = (state: State, lookup: LearnerLookup, query: ResultsQuery): Query.Page<ResultRow> => {
  const counts = sharedCounts(state, query.campaignId)
  const rows = Participations.latestOf(state, query.campaignId)
    .map((row): ResultRow => {
      const learner = row.learnerId === null ? undefined : lookup(row.learnerId)
      return {
        participationId: row.participationId,
        learnerId: row.learnerId,
        firstName: learner?.firstName ?? null,
        lastName: learner?.lastName ?? null,
        division: learner?.division ?? null,
        participantExternalId: row.participantExternalId,
        status: row.status,
        statusLabel: statusLabels[row.campaignType][row.status],
        startedAt: row.startedAt,
        sharedAt: row.sharedAt,
        masteryRate: row.status === "SHARED" ? row.masteryRate : null,
        competences: named(row.competences, (id) => Competences.findCompetence(id)?.name),
        areas: named(row.areas, (id) => Competences.findArea(id)?.name),
        evolution: Participations.evolution(state, row),
        sharedResultCount: counts.get(row.learnerId ?? row.userId ?? row.participationId) ?? 0
      }
    })
    .filter(
      (row) =>
        (query.divisions === undefined ||
          query.divisions.length === 0 ||
          (row.division !== null && query.divisions.includes(row.division))) &&
        (query.statuses === undefined || query.statuses.length === 0 || query.statuses.includes(row.status)) &&
        Query.matchesSearch(query.search, [row.firstName, row.lastName, row.participantExternalId])
    )
    .sort(
      (a, b) =>
        Query.compareText(a.lastName ?? "", b.lastName ?? "") || Query.compareText(a.firstName ?? "", b.firstName ?? "")
    )
  return Query.paginate(rows, query.page)
}

/**
 * The campaign-wide mastery over its shared latest participations: overall, per competence and per area
 * (validated skills summed over participants, divided by target skills summed likewise).
 *
 * @since 0.1.0
 */
export const summary = (
  state: State,
  campaignId: Ids.CampaignId
): {
  readonly sharedParticipationsCount: number
  readonly averageResult: number | null
  readonly competences: ReadonlyArray<NamedMastery>
  readonly areas: ReadonlyArray<NamedMastery>
} => {
  const shared = Participations.latestOf(state, campaignId).filter((row) => row.status === "SHARED")
  const sum = (
    pick: (row: Participations.ParticipationRow) => ReadonlyArray<ParticipationEvent.MasteryCount> | null
  ) => {
    const totals = new Map<string, { validated: number; target: number }>()
    for (const row of shared)
      for (const count of pick(row) ?? []) {
        const total = totals.get(count.id) ?? { validated: 0, target: 0 }
        total.validated += count.validatedSkillsCount
        total.target += count.targetSkillsCount
        totals.set(count.id, total)
      }
    return [...totals.entries()].map(([id, total]) => ({
      id,
      validatedSkillsCount: total.validated,
      targetSkillsCount: total.target
    }))
  }
  const order = (ids: ReadonlyArray<string>) => (a: { id: string }, b: { id: string }) =>
    ids.indexOf(a.id) - ids.indexOf(b.id)
  return {
    sharedParticipationsCount: shared.length,
    averageResult:
      shared.length === 0 ? null : shared.reduce((total, row) => total + (row.masteryRate ?? 0), 0) / shared.length,
    competences: (
      named(
        sum((row) => row.competences),
        (id) => Competences.findCompetence(id)?.name
      ) ?? []
    )
      .slice()
      .sort(order(Competences.competenceIds)),
    areas: (
      named(
        sum((row) => row.areas),
        (id) => Competences.findArea(id)?.name
      ) ?? []
    )
      .slice()
      .sort(order(Competences.areas.map((area) => area.id)))
  }
}
