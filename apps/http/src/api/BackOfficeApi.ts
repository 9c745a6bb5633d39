/**
 * Pix Admin's back office group.
 *
 * @since 0.1.0
 */
import { ViewSchemas } from "@orga/orga"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const organizationParams = { organizationId: Schema.String }
const NullableString = Schema.NullOr(Schema.String)
const shareParams = { organizationId: Schema.String, targetProfileId: Schema.String }

/**
 * Pix Admin's back office: register a school, invite its first administrator, turn its features on, keep the
 * target profile catalogue and attach profiles to organizations; members read their features and profiles.
 *
 * @category models
 * @since 0.1.0
 */
export class BackOfficeGroup extends HttpApiGroup.make("backOffice")
  .add(
    HttpApiEndpoint.post("registerOrganization", "/back-office/organizations", {
      payload: Schema.Struct({
        name: Schema.String,
        type: Schema.Literals(["SCO", "SUP", "PRO"]),
        uai: NullableString,
        isManagingStudents: Schema.Boolean,
        contactEmail: Schema.optionalKey(NullableString),
        identityProviderForCampaigns: Schema.optionalKey(Schema.NullOr(Schema.Literal("GAR")))
      }),
      success: Schema.Struct({ organizationId: Schema.String }),
      error: problems
    }).annotate(OpenApi.Summary, "Créer une organisation (Pix Admin)"),
    HttpApiEndpoint.post("inviteFirstAdmin", "/back-office/organizations/:organizationId/first-admin-invitation", {
      params: organizationParams,
      payload: Schema.Struct({ email: Schema.String }),
      success: S.SentInvitation,
      error: problems
    }).annotate(OpenApi.Summary, "Inviter le premier administrateur (Pix Admin)"),
    HttpApiEndpoint.put("setOrganizationFeature", "/back-office/organizations/:organizationId/features/:feature", {
      params: { organizationId: Schema.String, feature: Schema.String },
      payload: Schema.Struct({ enabled: Schema.Boolean }),
      success: HttpApiSchema.NoContent,
      error: problems
    }).annotate(OpenApi.Summary, "Activer ou désactiver une fonctionnalité d’une organisation (Pix Admin)"),
    HttpApiEndpoint.get("organizationFeatures", "/organizations/:organizationId/features", {
      params: organizationParams,
      success: S.OrganizationFeatures,
      error: problems
    }).annotate(OpenApi.Summary, "Les fonctionnalités de l’organisation"),
    HttpApiEndpoint.post("createTargetProfile", "/back-office/target-profiles", {
      payload: Schema.Struct({ definition: Schema.Unknown }),
      success: Schema.Struct({ targetProfileId: Schema.String }),
      error: problems
    }).annotate(OpenApi.Summary, "Créer un profil cible avec ses paliers et résultats thématiques (Pix Admin)"),
    HttpApiEndpoint.put(
      "attachTargetProfile",
      "/back-office/organizations/:organizationId/target-profiles/:targetProfileId",
      { params: shareParams, success: HttpApiSchema.NoContent, error: problems }
    ).annotate(OpenApi.Summary, "Rattacher un profil cible à une organisation (Pix Admin)"),
    HttpApiEndpoint.delete(
      "detachTargetProfile",
      "/back-office/organizations/:organizationId/target-profiles/:targetProfileId",
      { params: shareParams, success: HttpApiSchema.NoContent, error: problems }
    ).annotate(OpenApi.Summary, "Détacher un profil cible d’une organisation (Pix Admin)"),
    HttpApiEndpoint.get("availableTargetProfiles", "/organizations/:organizationId/target-profiles", {
      params: organizationParams,
      success: Schema.Array(S.TargetProfileView),
      error: problems
    }).annotate(OpenApi.Summary, "Les profils cibles que les campagnes de l’organisation peuvent utiliser")
  )
  .add(
    HttpApiEndpoint.get("organizationsForAdmin", "/back-office/organizations", {
      query: {
        name: Schema.optional(Schema.String),
        uai: Schema.optional(Schema.String),
        type: Schema.optional(Schema.Literals(["SCO", "SUP", "PRO"])),
        archived: Schema.optional(Schema.Literals(["true", "false"]))
      },
      success: Schema.Array(ViewSchemas.OrganizationForAdmin),
      error: problems
    }).annotate(OpenApi.Summary, "Les organisations (Pix Admin ; filtres : nom, UAI, type, archivées)"),
    HttpApiEndpoint.get("organizationForAdmin", "/back-office/organizations/:organizationId", {
      params: organizationParams,
      success: ViewSchemas.OrganizationDetailsForAdmin,
      error: problems
    }).annotate(OpenApi.Summary, "Une organisation (Pix Admin)"),
    HttpApiEndpoint.post("archiveOrganization", "/back-office/organizations/:organizationId/archive", {
      params: organizationParams,
      success: HttpApiSchema.NoContent,
      error: problems
    }).annotate(OpenApi.Summary, "Archiver une organisation (Pix Admin)"),
    HttpApiEndpoint.post("addPlacesLot", "/back-office/organizations/:organizationId/places-lots", {
      params: organizationParams,
      payload: Schema.Struct({
        lotId: Schema.optionalKey(Schema.String),
        count: Schema.Number,
        category: Schema.String,
        reference: Schema.String,
        activationDate: Schema.String,
        expirationDate: Schema.String
      }),
      success: Schema.Struct({ lotId: Schema.String }),
      error: problems
    }).annotate(OpenApi.Summary, "Ajouter un lot de places (Pix Admin)"),
    HttpApiEndpoint.delete("deletePlacesLot", "/back-office/organizations/:organizationId/places-lots/:lotId", {
      params: { organizationId: Schema.String, lotId: Schema.String },
      success: HttpApiSchema.NoContent,
      error: problems
    }).annotate(OpenApi.Summary, "Supprimer un lot de places (Pix Admin)"),
    HttpApiEndpoint.put("setPlacesLimit", "/back-office/organizations/:organizationId/places-limit", {
      params: organizationParams,
      payload: Schema.Struct({ enabled: Schema.Boolean }),
      success: HttpApiSchema.NoContent,
      error: problems
    }).annotate(OpenApi.Summary, "Activer ou non le blocage au nombre maximum de places (Pix Admin)")
  )
  .annotate(OpenApi.Title, "Pix Admin") {}
