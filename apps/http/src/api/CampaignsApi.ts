/**
 * The campaigns group.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const organizationParams = { organizationId: Schema.String }
const campaignParams = { campaignId: Schema.String }
const noContent = HttpApiSchema.NoContent
const NullableString = Schema.NullOr(Schema.String)

/**
 * Campaigns: create, update, archive, list.
 *
 * @category models
 * @since 0.1.0
 */
export class CampaignsGroup extends HttpApiGroup.make("campaigns")
  .add(
    HttpApiEndpoint.get("campaigns", "/organizations/:organizationId/campaigns", {
      params: organizationParams,
      success: Schema.Array(S.CampaignSummary),
      error: problems
    }).annotate(OpenApi.Summary, "Les campagnes"),
    HttpApiEndpoint.post("createCampaign", "/organizations/:organizationId/campaigns", {
      params: organizationParams,
      payload: Schema.Struct({
        name: Schema.String,
        type: Schema.Literals(["ASSESSMENT", "PROFILES_COLLECTION"]),
        targetProfileId: Schema.optionalKey(NullableString),
        title: Schema.optionalKey(NullableString),
        externalIdLabel: Schema.optionalKey(NullableString),
        externalIdType: Schema.optionalKey(Schema.NullOr(Schema.Literals(["STRING", "EMAIL"]))),
        customLandingPageText: Schema.optionalKey(NullableString),
        ownerId: Schema.optionalKey(Schema.String),
        multipleSendings: Schema.optionalKey(Schema.Boolean)
      }),
      success: Schema.Struct({ campaignId: Schema.String, code: Schema.String }),
      error: problems
    }).annotate(OpenApi.Summary, "Créer une campagne"),
    HttpApiEndpoint.put("updateCampaign", "/campaigns/:campaignId", {
      params: campaignParams,
      payload: Schema.Struct({
        name: Schema.String,
        title: Schema.optionalKey(NullableString),
        customLandingPageText: Schema.optionalKey(NullableString),
        ownerId: Schema.optionalKey(Schema.String),
        multipleSendings: Schema.optionalKey(Schema.Boolean)
      }),
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Modifier une campagne"),
    HttpApiEndpoint.post("archiveCampaign", "/campaigns/:campaignId/archive", {
      params: campaignParams,
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Archiver une campagne"),
    HttpApiEndpoint.post("unarchiveCampaign", "/campaigns/:campaignId/unarchive", {
      params: campaignParams,
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Désarchiver une campagne")
  )
  .annotate(OpenApi.Title, "Campagnes") {}
