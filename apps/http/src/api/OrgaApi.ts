/**
 * The library's services as endpoint groups, one group per service (`backOffice`, `team`, `rosters`,
 * `campaigns`, `participations`, `reports`; `accounts` is `AccountsApi`), and the app's complete `Api`.
 *
 * Staff endpoints name their organization (or campaign) in the path; the library checks the actor's membership
 * and role on each call, so an id of another organization's resource is refused like any other (403 or 404 with
 * Pix's text). Every endpoint declares every problem class: a library error may be any of them.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import * as BodyLimit from "../server/BodyLimit.ts"
import * as SystemApi from "../server/SystemApi.ts"
import { AccountsGroup } from "./AccountsApi.ts"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const organizationParams = { organizationId: Schema.String }
const campaignParams = { campaignId: Schema.String }
const noContent = HttpApiSchema.NoContent
const Identity = { firstName: Schema.String, lastName: Schema.String, birthdate: Schema.String }
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
    }).annotate(OpenApi.Summary, "Fixer la date limite de collecte des profils")
  )
  .annotate(OpenApi.Title, "Équipe") {}

/**
 * The multipart form of a SIECLE upload: one `file` part (the XML, or the ZIP Pix accepts).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SiecleUpload = Schema.Struct({ file: Schema.Unknown }).pipe(
  HttpApiSchema.asMultipartStream({ maxFileSize: BodyLimit.uploadLimitBytes, maxParts: 4 })
)

/**
 * The roster: SIECLE upload (preview, then confirm), learners, classes, import history, why a student is refused.
 *
 * @category models
 * @since 0.1.0
 */
export class RostersGroup extends HttpApiGroup.make("rosters")
  .add(
    HttpApiEndpoint.post("previewImport", "/organizations/:organizationId/imports/preview", {
      params: organizationParams,
      payload: SiecleUpload,
      success: S.ImportPreview,
      error: problems
    }).annotate(OpenApi.Summary, "Aperçu d’un import SIECLE (multipart, champ file, 20 Mo au plus)"),
    HttpApiEndpoint.post("importSiecle", "/organizations/:organizationId/imports", {
      params: organizationParams,
      payload: SiecleUpload,
      success: S.ImportOutcome,
      error: problems
    }).annotate(OpenApi.Summary, "Importer un fichier SIECLE (multipart, champ file, 20 Mo au plus)"),
    HttpApiEndpoint.get("importHistory", "/organizations/:organizationId/imports", {
      params: organizationParams,
      success: Schema.Array(S.ImportHistoryEntry),
      error: problems
    }).annotate(OpenApi.Summary, "Historique des imports"),
    HttpApiEndpoint.get("learners", "/organizations/:organizationId/learners", {
      params: organizationParams,
      query: {
        division: Schema.optional(Schema.Union([Schema.String, Schema.Array(Schema.String)])),
        search: Schema.optional(Schema.String),
        includeDisabled: Schema.optional(Schema.Literals(["true", "false"]))
      },
      success: Schema.Array(S.Learner),
      error: problems
    }).annotate(OpenApi.Summary, "Les élèves (filtres : classe, recherche, désactivés)"),
    HttpApiEndpoint.get("divisions", "/organizations/:organizationId/divisions", {
      params: organizationParams,
      success: Schema.Array(Schema.String),
      error: problems
    }).annotate(OpenApi.Summary, "Les classes"),
    HttpApiEndpoint.post("whyRefused", "/organizations/:organizationId/why-refused", {
      params: organizationParams,
      payload: Schema.Struct(Identity),
      success: S.RefusalExplanation,
      error: problems
    }).annotate(OpenApi.Summary, "Pourquoi cet élève est-il refusé ?")
  )
  .annotate(OpenApi.Title, "Élèves") {}

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
        ownerId: Schema.optionalKey(Schema.String)
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
        ownerId: Schema.optionalKey(Schema.String)
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

/**
 * The student's side: join by code (reconciliation), assessment outcome, sharing.
 *
 * @category models
 * @since 0.1.0
 */
export class ParticipationsGroup extends HttpApiGroup.make("participations")
  .add(
    HttpApiEndpoint.post("joinCampaign", "/participations/reconciliation", {
      payload: Schema.Struct({
        code: Schema.String,
        ...Identity,
        participantExternalId: Schema.optionalKey(NullableString)
      }),
      success: S.Joined,
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Rejoindre une campagne par son code (réconciliation avec l’élève de l’établissement)"
    ),
    HttpApiEndpoint.post("recordAssessmentOutcome", "/participations/:participationId/assessment-outcome", {
      params: { participationId: Schema.String },
      payload: Schema.Struct({
        validatedSkillIds: Schema.Array(Schema.String),
        testedSkillIds: Schema.Array(Schema.String)
      }),
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Enregistrer le résultat d’une évaluation"),
    HttpApiEndpoint.post("shareResults", "/participations/:participationId/share-results", {
      params: { participationId: Schema.String },
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Envoyer ses résultats"),
    HttpApiEndpoint.post("shareProfile", "/participations/:participationId/share-profile", {
      params: { participationId: Schema.String },
      payload: Schema.Struct({ pixByCompetence: Schema.Record(Schema.String, Schema.Number) }),
      success: noContent,
      error: problems
    }).annotate(OpenApi.Summary, "Envoyer son profil"),
    HttpApiEndpoint.get("myParticipations", "/me/participations", {
      success: Schema.Array(S.MyParticipation),
      error: problems
    }).annotate(OpenApi.Summary, "Mes participations (toutes organisations)")
  )
  .annotate(OpenApi.Title, "Participations") {}

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
      query: { limit: Schema.optional(Schema.NumberFromString) },
      success: Schema.Array(S.AuditEntry),
      error: problems
    }).annotate(OpenApi.Summary, "Journal des actions")
  )
  .annotate(OpenApi.Title, "Résultats") {}

/**
 * The app's API: the system group, then one group per library service, French validation problems on all.
 *
 * @category models
 * @since 0.1.0
 */
export const Api = SystemApi.complete(
  SystemApi.base
    .add(AccountsGroup)
    .add(BackOfficeGroup)
    .add(TeamGroup)
    .add(RostersGroup)
    .add(CampaignsGroup)
    .add(ParticipationsGroup)
    .add(ReportsGroup)
)
