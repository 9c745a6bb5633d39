/**
 * The team group.
 *
 * @since 0.1.0
 */

import { ViewSchemas } from "@orga/orga"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const organizationParams = { organizationId: Schema.String }
const noContent = HttpApiSchema.NoContent

/**
 * The team: the organization, members, invitations, roles, leaving, the collection deadline.
 *
 * @category models
 * @since 0.1.0
 */
export class TeamGroup extends HttpApiGroup.make("team")
  .add(
    HttpApiEndpoint.get("organization", "/organizations/:organizationId", {
      params: organizationParams,
      success: S.Organization,
      error: problems
    }).annotate(OpenApi.Summary, "L’organisation"),
    HttpApiEndpoint.get("members", "/organizations/:organizationId/members", {
      params: organizationParams,
      success: Schema.Array(S.Member),
      error: problems
    }).annotate(OpenApi.Summary, "Les membres"),
    HttpApiEndpoint.get("invitations", "/organizations/:organizationId/invitations", {
      params: organizationParams,
      success: Schema.Array(S.Invitation),
      error: problems
    }).annotate(OpenApi.Summary, "Les invitations"),
    HttpApiEndpoint.post("inviteMembers", "/organizations/:organizationId/invitations", {
      params: organizationParams,
      payload: Schema.Struct({
        emails: Schema.Array(Schema.String),
        role: Schema.NullOr(Schema.Literals(["ADMIN", "MEMBER"]))
      }),
      success: Schema.Array(S.SentInvitation),
      error: problems
    }).annotate(OpenApi.Summary, "Inviter des membres"),
    HttpApiEndpoint.post("resendInvitation", "/organizations/:organizationId/invitations/:invitationId/resend", {
      params: { organizationId: Schema.String, invitationId: Schema.String },
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Renvoyer une invitation"),
    HttpApiEndpoint.delete("cancelInvitation", "/organizations/:organizationId/invitations/:invitationId", {
      params: { organizationId: Schema.String, invitationId: Schema.String },
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Annuler une invitation"),
    HttpApiEndpoint.post("acceptInvitation", "/invitations/:invitationId/accept", {
      params: { invitationId: Schema.String },
      payload: Schema.Struct({ organizationId: Schema.String, code: Schema.String }),
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Accepter une invitation (le lien du courriel)"),
    HttpApiEndpoint.patch("changeMemberRole", "/organizations/:organizationId/members/:userId", {
      params: { organizationId: Schema.String, userId: Schema.String },
      payload: Schema.Struct({ role: Schema.Literals(["ADMIN", "MEMBER"]) }),
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Changer le rôle d’un membre"),
    HttpApiEndpoint.delete("removeMember", "/organizations/:organizationId/members/:userId", {
      params: { organizationId: Schema.String, userId: Schema.String },
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Retirer un membre"),
    HttpApiEndpoint.post("leaveOrganization", "/organizations/:organizationId/leave", {
      params: organizationParams,
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Quitter l’organisation"),
    HttpApiEndpoint.put("setCollectionDeadline", "/organizations/:organizationId/collection-deadline", {
      params: organizationParams,
      payload: Schema.Struct({ schoolYear: Schema.String, deadline: Schema.String }),
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Fixer la date limite de collecte des profils"),
    // Public, as Pix's read by id and code: the link of the e-mail is the credential (limited per client address).
    HttpApiEndpoint.get("showInvitation", "/organization-invitations/:invitationId", {
      params: { invitationId: Schema.String },
      query: { code: Schema.String },
      success: S.PublicInvitation,
      error: problems
    }).annotate(OpenApi.Summary, "Lire une invitation par son identifiant et son code (le lien du courriel)")
  )
  .add(
    HttpApiEndpoint.get("places", "/organizations/:organizationId/places", {
      params: organizationParams,
      success: ViewSchemas.PlacesView,
      error: problems
    }).annotate(OpenApi.Summary, "Les places : capacité, places occupées, lots"),
    HttpApiEndpoint.post("sendScoInvitation", "/organization-invitations/sco", {
      payload: Schema.Struct({ uai: Schema.String, firstName: Schema.String, lastName: Schema.String }),
      success: ViewSchemas.ScoInvitationSent,
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Activez ou récupérez votre espace Pix Orga : l’invitation d’administrateur part vers l’adresse de l’établissement"
    )
  )
  .annotate(OpenApi.Title, "Équipe") {}
