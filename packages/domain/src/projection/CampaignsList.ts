/**
 * The campaigns list of each organization: participants, shared results, average result (mean mastery rate
 * of the shared participations, Pix's `CampaignReport.averageResult`), archived or not. Deleted campaigns
 * disappear.
 *
 * @since 0.1.0
 */
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type { Projection } from "../Decider.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import * as Participations from "./Participations.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * The campaigns list reads the shared campaign/participation fold.
 *
 * @since 0.1.0
 */
export type State = Participations.State

/**
 * The campaigns list projection.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = Participations.projection

/**
 * One row of the campaigns list.
 *
 * @since 0.1.0
 */
export interface CampaignListRow {
  readonly campaignId: Ids.CampaignId
  readonly code: string
  readonly name: string
  readonly type: CampaignEvent.CampaignType
  readonly ownerId: Ids.UserId
  readonly createdAt: Timestamp.Timestamp
  readonly archivedAt: Timestamp.Timestamp | null
  readonly participationsCount: number
  readonly sharedParticipationsCount: number
  /** Mean mastery rate of the shared participations, `null` when none is shared. */
  readonly averageResult: number | null
}

/**
 * Filters of the campaigns list: tabs "Mes campagnes" (`ownerId`) / "Toutes les campagnes", active or
 * archived, name search.
 *
 * @since 0.1.0
 */
export interface CampaignsQuery {
  readonly organizationId: Ids.OrganizationId
  readonly ownerId?: Ids.UserId | undefined
  readonly status?: "active" | "archived" | undefined
  readonly search?: string | undefined
  readonly page?: Query.PageRequest | undefined
}

/**
 * The figures of one campaign over its latest participations.
 *
 * @since 0.1.0
 */
export const report = (
  state: State,
  campaignId: string
): Pick<CampaignListRow, "participationsCount" | "sharedParticipationsCount" | "averageResult"> => {
  const latest = Participations.latestOf(state, campaignId)
  const shared = latest.filter((row) => row.status === "SHARED" && row.masteryRate !== null)
  return {
    participationsCount: latest.length,
    sharedParticipationsCount: shared.length,
    averageResult:
      shared.length === 0 ? null : shared.reduce((total, row) => total + (row.masteryRate ?? 0), 0) / shared.length
  }
}

/**
 * The campaigns of an organization, most recent first.
 *
 * @since 0.1.0
 */
export const campaigns = (state: State, query: CampaignsQuery): Query.Page<CampaignListRow> => {
  const rows = Query.values(state.campaigns)
    .filter(
      (row) =>
        row.organizationId === query.organizationId &&
        row.deletedAt === null &&
        (query.ownerId === undefined || row.ownerId === query.ownerId) &&
        (query.status === undefined || (query.status === "archived") === (row.archivedAt !== null)) &&
        Query.matchesSearch(query.search, [row.name])
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map(
      (row): CampaignListRow => ({
        campaignId: row.campaignId,
        code: row.code,
        name: row.name,
        type: row.type,
        ownerId: row.ownerId,
        createdAt: row.createdAt,
        archivedAt: row.archivedAt,
        ...report(state, row.campaignId)
      })
    )
  return Query.paginate(rows, query.page)
}
