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

/**
 * Pix Admin's back office: register a school, invite its first administrator.
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
    }).annotate(OpenApi.Summary, "Inviter le premier administrateur (Pix Admin)")
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
