/**
 * Pix Admin's back office group.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
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
  .annotate(OpenApi.Title, "Pix Admin") {}
