/**
 * The student's group: joining, outcomes, sharing, his participations.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const noContent = HttpApiSchema.NoContent
const NullableString = Schema.NullOr(Schema.String)

/**
 * The student's side: join by code (reconciliation), assessment outcome, sharing.
 *
 * @category models
 * @since 0.1.0
 */
export class ParticipationsGroup extends HttpApiGroup.make("participations")
  .add(
    HttpApiEndpoint.post("joinCampaign", "/participations/reconciliation", {
      // The identity is optional: a student known in another school is recognised by his INE (§5.4.1).
      payload: Schema.Struct({
        code: Schema.String,
        firstName: Schema.optionalKey(Schema.String),
        lastName: Schema.optionalKey(Schema.String),
        birthdate: Schema.optionalKey(Schema.String),
        participantExternalId: Schema.optionalKey(NullableString),
        isReset: Schema.optionalKey(Schema.Boolean)
      }),
      success: S.Joined,
      error: problems
    })
      .annotate(OpenApi.Summary, "Rejoindre une campagne par son code (réconciliation avec l’élève de l’établissement)")
      .annotate(
        OpenApi.Description,
        "Sur une campagne à envoi multiple, rejoindre à nouveau après l’envoi, c’est renvoyer son profil ou repasser l’évaluation (isReset : remise à zéro, 4 jours après l’envoi)."
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
