/**
 * Pix Admin's personal-data group (RGPD): erase a learner or a user, export everything held about one of them,
 * run the retention rule.
 *
 * @since 0.1.0
 */
import { PrivacySchemas } from "@orga/orga"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"

const learnerParams = { organizationId: Schema.String, learnerId: Schema.String }
const userParams = { userId: Schema.String }

/**
 * Personal data (Pix Admin only): erasure (crypto-shredding, ADR 0049: the person stays counted, as « Élève
 * effacé » or « Utilisateur effacé »), a person's data export as JSON (a right-of-access request), and the
 * retention rule of docs/retention.md, with a dry run.
 *
 * The erasures take no body: the reason is the person's request (the retention endpoint erases for retention).
 * The retention's limits and dry run are query parameters read as text and checked by the library, so a bad one
 * is its `InvalidInput` (422, in French).
 *
 * @category models
 * @since 0.1.0
 */
export class PrivacyGroup extends HttpApiGroup.make("privacy")
  .add(
    HttpApiEndpoint.post("eraseLearner", "/back-office/organizations/:organizationId/learners/:learnerId/erasure", {
      params: learnerParams,
      success: PrivacySchemas.Erased,
      error: problems
    }).annotate(OpenApi.Summary, "Effacer les données personnelles d’un élève (Pix Admin)"),
    HttpApiEndpoint.post("eraseUser", "/back-office/users/:userId/erasure", {
      params: userParams,
      success: PrivacySchemas.Erased,
      error: problems
    }).annotate(OpenApi.Summary, "Effacer les données personnelles d’un utilisateur (Pix Admin)"),
    HttpApiEndpoint.get("learnerData", "/back-office/organizations/:organizationId/learners/:learnerId/personal-data", {
      params: learnerParams,
      success: PrivacySchemas.DataExport,
      error: problems
    }).annotate(OpenApi.Summary, "Exporter tout ce qui est conservé sur un élève, en JSON (droit d’accès, Pix Admin)"),
    HttpApiEndpoint.get("userData", "/back-office/users/:userId/personal-data", {
      params: userParams,
      success: PrivacySchemas.DataExport,
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Exporter tout ce qui est conservé sur un utilisateur, en JSON (droit d’accès, Pix Admin)"
    ),
    HttpApiEndpoint.post("applyRetention", "/back-office/retention", {
      query: {
        disabledSchoolYears: Schema.optional(Schema.String),
        inactiveDays: Schema.optional(Schema.String),
        dryRun: Schema.optional(Schema.Literals(["true", "false"]))
      },
      success: PrivacySchemas.RetentionOutcome,
      error: problems
    }).annotate(OpenApi.Summary, "Appliquer la règle de conservation des données personnelles (Pix Admin)")
  )
  .annotate(OpenApi.Title, "Données personnelles") {}
