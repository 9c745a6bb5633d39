/**
 * The analysis group: a campaign's mastery by competence and area (whole, or one class), one participant's
 * detail, the activity, and the results as pages with a search and filters.
 *
 * @since 0.2.0
 */
import { AnalysisSchemas } from "@orga/orga"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"

const campaignParams = { campaignId: Schema.String }
const oneOrMany = Schema.optional(Schema.Union([Schema.String, Schema.Array(Schema.String)]))

/**
 * Analysis: mastery by competence and area, a participant's detail, activity, results pages.
 *
 * Page numbers and sizes are read as text and checked by the library, so a bad one is the library's
 * `InvalidInput` (422, in French) like any other refused value.
 *
 * @category models
 * @since 0.2.0
 */
export class AnalysisGroup extends HttpApiGroup.make("analysis")
  .add(
    HttpApiEndpoint.get("campaignAnalysis", "/campaigns/:campaignId/analysis", {
      params: campaignParams,
      query: { division: Schema.optional(Schema.String) },
      success: AnalysisSchemas.CampaignAnalysis,
      error: problems
    }).annotate(OpenApi.Summary, "Analyse d’une campagne par compétence et par domaine (ou d’une classe)"),
    HttpApiEndpoint.get("participantDetail", "/campaigns/:campaignId/participants/:participationId", {
      params: { campaignId: Schema.String, participationId: Schema.String },
      success: AnalysisSchemas.ParticipantDetail,
      error: problems
    }).annotate(OpenApi.Summary, "Résultat d’un participant, compétence par compétence"),
    HttpApiEndpoint.get("campaignActivity", "/campaigns/:campaignId/activity", {
      params: campaignParams,
      success: AnalysisSchemas.CampaignActivity,
      error: problems
    }).annotate(OpenApi.Summary, "Activité d’une campagne : participations par statut et par jour"),
    HttpApiEndpoint.get("resultsPage", "/campaigns/:campaignId/participants", {
      params: campaignParams,
      query: {
        page: Schema.optional(Schema.String),
        size: Schema.optional(Schema.String),
        search: Schema.optional(Schema.String),
        status: oneOrMany,
        division: oneOrMany
      },
      success: AnalysisSchemas.ResultsPage,
      error: problems
    }).annotate(OpenApi.Summary, "Résultats page par page, triés par classe puis par nom, avec recherche et filtres")
  )
  .annotate(OpenApi.Title, "Analyse") {}
