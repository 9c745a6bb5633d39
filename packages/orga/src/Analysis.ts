/**
 * Campaign analysis: what Pix Orga's campaign tabs show beyond the results table — mastery by competence and by
 * area (of the whole campaign or of one class), one participant's result competence by competence, the activity
 * (participations by status and by day), and the results as pages sorted by class then name, with a search and
 * filters.
 *
 * One of the front door's services: `Orga.layer(config)` provides it with the others over one set of read models;
 * the campaign's figures are kept up to date by the domain's `CampaignAnalysis` projection (ADR 0043), so a query
 * reads sums, not every participation.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { OrgaActor, OrgaError } from "./Orga.ts"
import type * as Views from "./Views.ts"

/**
 * Mastery of one competence or area: an assessment's average validated target skills against its target skills,
 * or a profiles collection's average pix (and level) against the most it can be worth. Null averages and rate:
 * nobody shared yet.
 *
 * @category models
 * @since 0.2.0
 */
export interface Mastery {
  readonly id: string
  readonly name: string
  readonly areaId: string
  readonly targetSkillsCount: number | null
  readonly averageValidatedSkills: number | null
  readonly averagePixScore: number | null
  readonly maxPixScore: number | null
  readonly averageLevel: number | null
  /** Between 0 and 1. */
  readonly masteryRate: number | null
}

/**
 * The analysis of a campaign, or of one of its classes (`division`): the live participants in scope, how many
 * shared, the overall rate, and mastery by competence (referential order) and by area.
 *
 * @category models
 * @since 0.2.0
 */
export interface CampaignAnalysis {
  readonly campaignId: string
  readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly targetProfileId: string | null
  readonly division: string | null
  readonly participantsCount: number
  readonly sharedCount: number
  readonly masteryRate: number | null
  readonly competences: ReadonlyArray<Mastery>
  readonly areas: ReadonlyArray<Mastery>
}

/**
 * One competence (or area) of one participant's shared result: validated over target skills (assessment), or pix
 * and level (profile).
 *
 * @category models
 * @since 0.2.0
 */
export interface ParticipantCompetence {
  readonly id: string
  readonly name: string
  readonly areaId: string
  readonly targetSkillsCount: number | null
  readonly validatedSkillsCount: number | null
  readonly pixScore: number | null
  readonly maxPixScore: number | null
  /** Profile: the competence's level, or the mean level of an area's competences. */
  readonly level: number | null
  readonly masteryRate: number | null
}

/**
 * One participant's detail: his row of the results, and his result competence by competence and area by area
 * (empty until he shares, as Pix shows nothing before).
 *
 * @category models
 * @since 0.2.0
 */
export interface ParticipantDetail {
  readonly campaignId: string
  readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly participant: Views.ParticipantResult
  readonly competences: ReadonlyArray<ParticipantCompetence>
  readonly areas: ReadonlyArray<ParticipantCompetence>
}

/**
 * The participations started and shared on one Paris day, and since the campaign began.
 *
 * @category models
 * @since 0.2.0
 */
export interface ActivityDay {
  readonly day: string
  readonly started: number
  readonly shared: number
  readonly startedTotal: number
  readonly sharedTotal: number
}

/**
 * A campaign's activity: its live participations by status ("En cours", "En attente d'envoi", "Reçus") and by
 * day.
 *
 * @category models
 * @since 0.2.0
 */
export interface CampaignActivity {
  readonly campaignId: string
  readonly type: "ASSESSMENT" | "PROFILES_COLLECTION"
  readonly started: number
  readonly completed: number
  readonly shared: number
  readonly days: ReadonlyArray<ActivityDay>
}

/**
 * What a page of results asks: the page (from 1) and its size (1 to `maxPageSize`, default `defaultPageSize`), a
 * search on the participant's names, and filters on status and class.
 *
 * @category models
 * @since 0.2.0
 */
export interface ResultsQuery {
  readonly page?: number | undefined
  readonly size?: number | undefined
  readonly search?: string | undefined
  readonly statuses?: ReadonlyArray<"STARTED" | "TO_SHARE" | "SHARED"> | undefined
  readonly divisions?: ReadonlyArray<string> | undefined
}

/**
 * The default size of a page of results.
 *
 * @category models
 * @since 0.2.0
 */
export const defaultPageSize = 50

/**
 * The largest page of results.
 *
 * @category models
 * @since 0.2.0
 */
export const maxPageSize = 200

/**
 * One page of a campaign's results, sorted by class then name as Pix sorts them: the participants matching the
 * search and filters (`total`), this page of them.
 *
 * @category models
 * @since 0.2.0
 */
export interface ResultsPage {
  readonly campaignId: string
  readonly page: number
  readonly size: number
  readonly total: number
  readonly pageCount: number
  readonly participants: ReadonlyArray<Views.ParticipantResult>
}

/**
 * The queries of this service (any member of the campaign's organization, as for the results).
 *
 * @category models
 * @since 0.2.0
 */
export interface AnalysisShape {
  readonly campaignAnalysis: (
    actor: OrgaActor,
    campaignId: string,
    options?: { readonly division?: string | undefined }
  ) => Effect.Effect<CampaignAnalysis, OrgaError>
  readonly participantDetail: (
    actor: OrgaActor,
    campaignId: string,
    participationId: string
  ) => Effect.Effect<ParticipantDetail, OrgaError>
  readonly campaignActivity: (actor: OrgaActor, campaignId: string) => Effect.Effect<CampaignActivity, OrgaError>
  readonly resultsPage: (
    actor: OrgaActor,
    campaignId: string,
    query?: ResultsQuery
  ) => Effect.Effect<ResultsPage, OrgaError>
}

/**
 * The service.
 *
 * @category services
 * @since 0.2.0
 */
export class Analysis extends Context.Service<Analysis, AnalysisShape>()("@orga/orga/Analysis") {}
