/**
 * The profiles received by a PROFILES_COLLECTION campaign, per participant: pix score, level and pix of the
 * 16 competences, certifiable or not, number of certifiable competences, evolution; filters by division,
 * name search and certificability.
 *
 * @since 0.1.0
 */
import type { Projection } from "../Decider.ts"
import * as Competences from "../referential/Competences.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type { LearnerLookup } from "./CampaignResults.ts"
import * as CampaignResults from "./CampaignResults.ts"
import * as Participations from "./Participations.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * Profiles collection reads the shared campaign/participation fold.
 *
 * @since 0.1.0
 */
export type State = Participations.State

/**
 * The profiles collection projection.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = Participations.projection

/**
 * One competence of a received profile, with its name.
 *
 * @since 0.1.0
 */
export interface CompetenceProfile {
  readonly competenceId: string
  readonly name: string
  readonly level: number
  readonly pixScore: number
}

/**
 * One participant's row; everything after `sharedAt` is `null` until the profile is shared (Pix's "NA").
 *
 * @since 0.1.0
 */
export interface ProfileRow {
  readonly participationId: Ids.ParticipationId
  readonly learnerId: Ids.LearnerId | null
  readonly firstName: string | null
  readonly lastName: string | null
  readonly division: string | null
  readonly participantExternalId: string | null
  readonly sharedAt: Timestamp.Timestamp | null
  readonly pixScore: number | null
  readonly isCertifiable: boolean | null
  readonly certifiableCompetencesCount: number | null
  readonly competences: ReadonlyArray<CompetenceProfile> | null
  readonly evolution: "increase" | "decrease" | "stable" | null
  readonly sharedProfileCount: number
}

/**
 * Filters of the profiles list.
 *
 * @since 0.1.0
 */
export interface ProfilesQuery {
  readonly campaignId: Ids.CampaignId
  readonly divisions?: ReadonlyArray<string> | undefined
  readonly search?: string | undefined
  /** Keep certifiable (`true`) or not certifiable (`false`) shared profiles. */
  readonly certifiable?: boolean | undefined
  readonly page?: Query.PageRequest | undefined
}

/**
 * The participants of a profiles collection, filtered, sorted by last name then first name, one page.
 *
 * @since 0.1.0
 */
export const profiles = (state: State, lookup: LearnerLookup, query: ProfilesQuery): Query.Page<ProfileRow> => {
  const counts = CampaignResults.sharedCounts(state, query.campaignId)
  const rows = Participations.latestOf(state, query.campaignId)
    .map((row): ProfileRow => {
      const learner = row.learnerId === null ? undefined : lookup(row.learnerId)
      const shared = row.status === "SHARED"
      return {
        participationId: row.participationId,
        learnerId: row.learnerId,
        firstName: learner?.firstName ?? null,
        lastName: learner?.lastName ?? null,
        division: learner?.division ?? null,
        participantExternalId: row.participantExternalId,
        sharedAt: row.sharedAt,
        pixScore: shared ? row.pixScore : null,
        isCertifiable: shared ? row.isCertifiable : null,
        certifiableCompetencesCount: shared ? row.certifiableCompetencesCount : null,
        competences:
          shared && row.profile !== null
            ? row.profile.map((competence) => ({
                ...competence,
                name: Competences.findCompetence(competence.competenceId)?.name ?? competence.competenceId
              }))
            : null,
        evolution: Participations.evolution(state, row),
        sharedProfileCount: counts.get(row.learnerId ?? row.userId ?? row.participationId) ?? 0
      }
    })
    .filter(
      (row) =>
        (query.divisions === undefined ||
          query.divisions.length === 0 ||
          (row.division !== null && query.divisions.includes(row.division))) &&
        (query.certifiable === undefined || row.isCertifiable === query.certifiable) &&
        Query.matchesSearch(query.search, [row.firstName, row.lastName, row.participantExternalId])
    )
    .sort(
      (a, b) =>
        Query.compareText(a.lastName ?? "", b.lastName ?? "") || Query.compareText(a.firstName ?? "", b.firstName ?? "")
    )
  return Query.paginate(rows, query.page)
}
