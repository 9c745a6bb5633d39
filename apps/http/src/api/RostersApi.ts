/**
 * The roster group: SIECLE uploads, learners, history, refusals.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import * as BodyLimit from "../server/BodyLimit.ts"
import { problems } from "./Actors.ts"
import * as S from "./Schemas.ts"

const organizationParams = { organizationId: Schema.String }
const Identity = { firstName: Schema.String, lastName: Schema.String, birthdate: Schema.String }
// A filter repeated in the query string (`?division=3A&division=3B`) or given once.
const StringOrList = Schema.Union([Schema.String, Schema.Array(Schema.String)])

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
        includeDisabled: Schema.optional(Schema.Literals(["true", "false"])),
        certificability: Schema.optional(StringOrList),
        connectionType: Schema.optional(StringOrList)
      },
      success: Schema.Array(S.Learner),
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Les élèves (filtres : classe, recherche, désactivés, certificabilité, méthode de connexion)"
    ),
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
    }).annotate(OpenApi.Summary, "Pourquoi cet élève est-il refusé ?"),
    HttpApiEndpoint.get("learnersPage", "/organizations/:organizationId/learners/page", {
      params: organizationParams,
      query: {
        division: Schema.optional(StringOrList),
        search: Schema.optional(Schema.String),
        includeDisabled: Schema.optional(Schema.Literals(["true", "false"])),
        certificability: Schema.optional(StringOrList),
        connectionType: Schema.optional(StringOrList),
        page: Schema.optional(Schema.String),
        pageSize: Schema.optional(Schema.String)
      },
      success: S.LearnersPage,
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Une page des élèves (page à partir de 1, pageSize de 1 à 100, 50 par défaut ; mêmes filtres que la liste)"
    ),
    HttpApiEndpoint.post("confirmImport", "/organizations/:organizationId/imports/previews/:previewId/confirm", {
      params: { organizationId: Schema.String, previewId: Schema.String },
      success: S.ImportOutcome,
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Confirmer l’aperçu d’un import SIECLE sans renvoyer le fichier (404 SIECLE_PREVIEW_NOT_FOUND : renvoyer le fichier)"
    )
  )
  .annotate(OpenApi.Title, "Élèves") {}
