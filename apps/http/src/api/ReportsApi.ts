/**
 * The reports group: results, classes, certificability, CSV, audit.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const organizationParams = { organizationId: Schema.String }
const campaignParams = { campaignId: Schema.String }

/**
 * Reports: results, results by class, certificability, CSV export, audit trail.
 *
 * @category models
 * @since 0.1.0
 */
export class ReportsGroup extends HttpApiGroup.make("reports")
  .add(
    HttpApiEndpoint.get("campaignResults", "/campaigns/:campaignId/results", {
      params: campaignParams,
      query: { division: Schema.optional(Schema.Union([Schema.String, Schema.Array(Schema.String)])) },
      success: S.CampaignResults,
      error: problems
    }).annotate(OpenApi.Summary, "Résultats d’une campagne"),
    HttpApiEndpoint.get("resultsByDivision", "/campaigns/:campaignId/results-by-division", {
      params: campaignParams,
      success: Schema.Array(S.DivisionResult),
      error: problems
    }).annotate(OpenApi.Summary, "Résultats par classe"),
    HttpApiEndpoint.get("exportResults", "/campaigns/:campaignId/export.csv", {
      params: campaignParams,
      query: { division: Schema.optional(Schema.Union([Schema.String, Schema.Array(Schema.String)])) },
      success: HttpApiSchema.StreamUint8Array({ contentType: "text/csv; charset=utf-8" }),
      error: problems
    }).annotate(OpenApi.Summary, "Export CSV des résultats (nom de fichier de Pix)"),
    HttpApiEndpoint.get("certificability", "/organizations/:organizationId/certificability", {
      params: organizationParams,
      success: S.CertificabilityReport,
      error: problems
    }).annotate(OpenApi.Summary, "Certificabilité par classe"),
    HttpApiEndpoint.get("auditTrail", "/organizations/:organizationId/audit-trail", {
      params: organizationParams,
      // `before`: the `next` of the previous page (the library checks both, as `InvalidInput`).
      query: { limit: Schema.optional(Schema.NumberFromString), before: Schema.optional(Schema.String) },
      success: S.AuditTrailPage,
      error: problems
    }).annotate(OpenApi.Summary, "Journal des actions (par pages, du plus récent au plus ancien)")
  )
  .annotate(OpenApi.Title, "Résultats") {}
