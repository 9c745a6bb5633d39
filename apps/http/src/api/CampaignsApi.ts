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
      query: {
        mine: Schema.optional(Schema.Literals(["true", "false"])),
        status: Schema.optional(Schema.String),
        ownerId: Schema.optional(Schema.String),
        ownerName: Schema.optional(Schema.String),
        name: Schema.optional(Schema.String)
      },
      success: Schema.Array(S.CampaignSummary),
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Les campagnes (filtres : mine=true « Mes campagnes », status=active|archived, propriétaire, nom)"
    ),
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
    }).annotate(OpenApi.Summary, "Désarchiver une campagne"),
    HttpApiEndpoint.delete("deleteCampaigns", "/organizations/:organizationId/campaigns", {
      params: organizationParams,
      payload: Schema.Struct({ campaignIds: Schema.Array(Schema.String) }),
      success: S.CampaignsDeleted,
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Supprimer des campagnes (définitif ; leurs participations sont supprimées et anonymisées)"
    ),
    HttpApiEndpoint.delete("deleteParticipation", "/campaigns/:campaignId/participations/:participationId", {
      params: { campaignId: Schema.String, participationId: Schema.String },
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Supprimer la participation d’un participant (anonymisée)")
  )
  .annotate(OpenApi.Title, "Campagnes") {}
