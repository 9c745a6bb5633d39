/**
 * The read model of campaigns and their participations that the campaign-side projections share (campaigns
 * list, campaign results, profiles collection, activity): one pure fold of campaign and participation
 * events. Deleted participations are anonymised here (no user, no external id), as Pix does.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import type * as CampaignEvent from "../campaign/CampaignEvent.ts"
import type { Projection } from "../Decider.ts"
import type * as ParticipationEvent from "../participation/ParticipationEvent.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * A campaign as lists show it.
 *
 * @since 0.1.0
 */
export interface CampaignRow {
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly code: string
  readonly name: string
  readonly type: CampaignEvent.CampaignType
  readonly targetProfileId: Ids.TargetProfileId | null
  readonly ownerId: Ids.UserId
  readonly creatorId: Ids.UserId
  readonly externalIdLabel: string | null
  readonly multipleSendings: boolean
  readonly createdAt: Timestamp.Timestamp
  readonly archivedAt: Timestamp.Timestamp | null
  readonly deletedAt: Timestamp.Timestamp | null
}

/**
 * A participation as results show it.
 *
 * @since 0.1.0
 */
export interface ParticipationRow {
  readonly participationId: Ids.ParticipationId
  readonly campaignId: Ids.CampaignId
  readonly organizationId: Ids.OrganizationId
  readonly campaignType: CampaignEvent.CampaignType
  /** `null` once the participation is deleted (anonymised). */
  readonly userId: Ids.UserId | null
  readonly learnerId: Ids.LearnerId | null
  /** Personal data; `null` once the participation is deleted. */
  readonly participantExternalId: string | null
  readonly status: ParticipationEvent.ParticipationStatus
  readonly startedAt: Timestamp.Timestamp
  readonly sharedAt: Timestamp.Timestamp | null
  readonly deletedAt: Timestamp.Timestamp | null
  /** A later participation replaced this one (multiple sendings). */
  readonly isImproved: boolean
  readonly previousParticipationId: Ids.ParticipationId | null
  readonly masteryRate: number | null
  readonly validatedSkillsCount: number | null
  readonly competences: ReadonlyArray<ParticipationEvent.MasteryCount> | null
  readonly areas: ReadonlyArray<ParticipationEvent.MasteryCount> | null
  readonly pixScore: number | null
  readonly profile: ReadonlyArray<ParticipationEvent.CompetenceLevel> | null
  readonly isCertifiable: boolean | null
  readonly certifiableCompetencesCount: number | null
}

/**
 * Campaigns and participations, with participations indexed by campaign (in start order).
 *
 * @since 0.1.0
 */
export interface State {
  readonly campaigns: Query.Table<CampaignRow>
  readonly participations: Query.Table<ParticipationRow>
  readonly byCampaign: Query.Table<Chunk.Chunk<Ids.ParticipationId>>
  /** The participation each retake replaced (the join decides `ParticipationImproved` before the start). */
  readonly previousOf: Query.Table<Ids.ParticipationId>
}

/**
 * The empty read model.
 *
 * @since 0.1.0
 */
export const initialState: State = {
  campaigns: Query.emptyTable(),
  participations: Query.emptyTable(),
  byCampaign: Query.emptyTable(),
  previousOf: Query.emptyTable()
}

const updateParticipation = (state: State, id: string, change: (row: ParticipationRow) => ParticipationRow): State => {
  const participations = Query.updateIn(state.participations, id, change)
  return participations === state.participations ? state : { ...state, participations }
}

const updateCampaign = (state: State, id: string, change: (row: CampaignRow) => CampaignRow): State => {
  const campaigns = Query.updateIn(state.campaigns, id, change)
  return campaigns === state.campaigns ? state : { ...state, campaigns }
}

/**
 * Folds one event; total: unknown tags and events about unknown things change nothing.
 *
 * @since 0.1.0
 */
export const evolve = (state: State, event: ProjectedEvent): State => {
  switch (event._tag) {
    case "CampaignCreated":
      if (Query.has(state.campaigns, event.campaignId)) return state
      return {
        ...state,
        campaigns: Query.setIn(state.campaigns, event.campaignId, {
          campaignId: event.campaignId,
          organizationId: event.organizationId,
          code: event.code,
          name: event.name,
          type: event.type,
          targetProfileId: event.targetProfileId,
          ownerId: event.ownerId,
          creatorId: event.creatorId,
          externalIdLabel: event.externalIdLabel,
          multipleSendings: event.multipleSendings,
          createdAt: event.occurredAt,
          archivedAt: null,
          deletedAt: null
        })
      }
    case "CampaignUpdated":
      return updateCampaign(state, event.campaignId, (row) => ({
        ...row,
        name: event.name,
        ownerId: event.ownerId,
        multipleSendings: event.multipleSendings
      }))
    case "CampaignArchived":
      return updateCampaign(state, event.campaignId, (row) => ({ ...row, archivedAt: event.occurredAt }))
    case "CampaignUnarchived":
      return updateCampaign(state, event.campaignId, (row) => ({ ...row, archivedAt: null }))
    case "CampaignDeleted":
      return updateCampaign(state, event.campaignId, (row) => ({ ...row, deletedAt: event.occurredAt }))
    case "ParticipationStarted": {
      if (Query.has(state.participations, event.participationId)) return state
      return {
        ...state,
        participations: Query.setIn(state.participations, event.participationId, {
          participationId: event.participationId,
          campaignId: event.campaignId,
          organizationId: event.organizationId,
          campaignType: event.campaignType,
          userId: event.userId,
          learnerId: null,
          participantExternalId: event.participantExternalId,
          status: event.status,
          startedAt: event.occurredAt,
          sharedAt: null,
          deletedAt: null,
          isImproved: false,
          previousParticipationId: Query.get(state.previousOf, event.participationId) ?? null,
          masteryRate: null,
          validatedSkillsCount: null,
          competences: null,
          areas: null,
          pixScore: null,
          profile: null,
          isCertifiable: null,
          certifiableCompetencesCount: null
        }),
        byCampaign: Query.setIn(
          state.byCampaign,
          event.campaignId,
          Chunk.append(Query.get(state.byCampaign, event.campaignId) ?? Chunk.empty(), event.participationId)
        )
      }
    }
    case "ParticipationLinked":
      return updateParticipation(state, event.participationId, (row) => ({ ...row, learnerId: event.learnerId }))
    case "ParticipationImproved": {
      const improved = updateParticipation(state, event.participationId, (row) => ({ ...row, isImproved: true }))
      const linked = {
        ...improved,
        previousOf: Query.setIn(improved.previousOf, event.improvedBy, event.participationId)
      }
      return updateParticipation(linked, event.improvedBy, (row) => ({
        ...row,
        previousParticipationId: event.participationId
      }))
    }
    case "AssessmentCompleted":
      return updateParticipation(state, event.participationId, (row) => ({
        ...row,
        status: row.status === "STARTED" ? "TO_SHARE" : row.status
      }))
    case "ParticipationShared":
      return updateParticipation(state, event.participationId, (row) => ({
        ...row,
        status: "SHARED",
        sharedAt: event.occurredAt,
        masteryRate: event.masteryRate,
        validatedSkillsCount: event.validatedSkillsCount,
        competences: event.competences,
        areas: event.areas
      }))
    case "ProfileShared":
      return updateParticipation(state, event.participationId, (row) => ({
        ...row,
        status: "SHARED",
        sharedAt: event.occurredAt,
        masteryRate: event.masteryRate,
        pixScore: event.pixScore,
        profile: event.competences,
        isCertifiable: event.isCertifiable,
        certifiableCompetencesCount: event.certifiableCompetencesCount
      }))
    case "ParticipationDeleted":
      return updateParticipation(state, event.participationId, (row) => ({
        ...row,
        deletedAt: event.occurredAt,
        userId: null,
        participantExternalId: null
      }))
    default:
      return state
  }
}

/**
 * The shared fold of campaigns and participations.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = { initialState, evolve }

const idsOf = (state: State, campaignId: string): ReadonlyArray<Ids.ParticipationId> =>
  Chunk.toReadonlyArray(Query.get(state.byCampaign, campaignId) ?? Chunk.empty<Ids.ParticipationId>())

/**
 * The live participations of a campaign: not deleted, not replaced by a retake (what Orga lists).
 *
 * @since 0.1.0
 */
export const latestOf = (state: State, campaignId: string): ReadonlyArray<ParticipationRow> =>
  idsOf(state, campaignId).flatMap((id) => {
    const row = Query.get(state.participations, id)
    return row === undefined || row.deletedAt !== null || row.isImproved ? [] : [row]
  })

/**
 * Every participation of a campaign that is not deleted, retakes and replaced ones included (activity).
 *
 * @since 0.1.0
 */
export const allOf = (state: State, campaignId: string): ReadonlyArray<ParticipationRow> =>
  idsOf(state, campaignId).flatMap((id) => {
    const row = Query.get(state.participations, id)
    return row === undefined || row.deletedAt !== null ? [] : [row]
  })

/**
 * The evolution of a shared participation against the participation it replaced (Pix's
 * `increase | decrease | stable`); `null` when either is not shared.
 *
 * @since 0.1.0
 */
export const evolution = (state: State, row: ParticipationRow): "increase" | "decrease" | "stable" | null => {
  if (row.previousParticipationId === null || row.masteryRate === null) return null
  const previous = Query.get(state.participations, row.previousParticipationId)
  if (previous === undefined || previous.masteryRate === null) return null
  const current = row.campaignType === "PROFILES_COLLECTION" ? (row.pixScore ?? 0) : row.masteryRate
  const before = row.campaignType === "PROFILES_COLLECTION" ? (previous.pixScore ?? 0) : previous.masteryRate
  return current > before ? "increase" : current < before ? "decrease" : "stable"
}
