/**
 * The activity tab of a campaign: participants per day (started and shared, per day and cumulated) and
 * per status of their latest participation, with Orga's French labels.
 *
 * @since 0.1.0
 */
import type { Projection } from "../Decider.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"
import type * as Ids from "../values/Ids.ts"
import { statusLabels } from "./CampaignResults.ts"
import * as Participations from "./Participations.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * Activity reads the shared campaign/participation fold.
 *
 * @since 0.1.0
 */
export type State = Participations.State

/**
 * The activity projection.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = Participations.projection

/**
 * One day of activity (UTC day `YYYY-MM-DD`).
 *
 * @since 0.1.0
 */
export interface Day {
  readonly day: string
  readonly started: number
  readonly shared: number
  readonly cumulativeStarted: number
  readonly cumulativeShared: number
}

/**
 * The activity of a campaign.
 *
 * @since 0.1.0
 */
export interface CampaignActivity {
  readonly days: ReadonlyArray<Day>
  readonly statuses: ReadonlyArray<{
    readonly status: ParticipationEvent.ParticipationStatus
    readonly label: string
    readonly count: number
  }>
}

/**
 * Participants per day (every participation that is not deleted, retakes included) and per status of the
 * latest participations. A profiles collection has no `STARTED` status.
 *
 * @since 0.1.0
 */
export const activity = (state: State, campaignId: Ids.CampaignId): CampaignActivity => {
  const perDay = new Map<string, { started: number; shared: number }>()
  const bump = (at: string, key: "started" | "shared") => {
    const day = at.slice(0, 10)
    const entry = perDay.get(day) ?? { started: 0, shared: 0 }
    entry[key]++
    perDay.set(day, entry)
  }
  for (const row of Participations.allOf(state, campaignId)) {
    bump(row.startedAt, "started")
    if (row.sharedAt !== null) bump(row.sharedAt, "shared")
  }
  let cumulativeStarted = 0
  let cumulativeShared = 0
  const days = [...perDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, counts]) => {
      cumulativeStarted += counts.started
      cumulativeShared += counts.shared
      return { day, ...counts, cumulativeStarted, cumulativeShared }
    })
  const type = Query.get(state.campaigns, campaignId)?.type ?? "ASSESSMENT"
  const latest = Participations.latestOf(state, campaignId)
  const shown: ReadonlyArray<ParticipationEvent.ParticipationStatus> =
    type === "ASSESSMENT" ? ["STARTED", "TO_SHARE", "SHARED"] : ["TO_SHARE", "SHARED"]
  const statuses = shown.map((status) => ({
    status,
    label: statusLabels[type][status],
    count: latest.filter((row) => row.status === status).length
  }))
  return { days, statuses }
}
