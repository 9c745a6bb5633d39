/**
 * The accounts group: sign-up (students), sign-in by e-mail or username, sign-out, the account, Pix Orga's terms,
 * the organizations one may switch between, and staff resetting a student's password.
 *
 * The current organization is a path parameter of every staff endpoint (`/organizations/:organizationId/…`), not
 * a session field: switching is choosing another id from `GET /me/organizations`, two tabs may show two schools,
 * and every request says which school it acts on (the library checks the membership each time).
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import { problems } from "./Actors.ts"
import { Account, Organization } from "./Schemas.ts"

/**
 * The accounts endpoints.
 *
 * @category models
 * @since 0.1.0
 */
export class AccountsGroup extends HttpApiGroup.make("accounts")
  .add(
    HttpApiEndpoint.post("signUp", "/auth/sign-up", {
      payload: Schema.Struct({
        firstName: Schema.String,
        lastName: Schema.String,
        email: Schema.optional(Schema.String),
        birthdate: Schema.optional(Schema.String),
        password: Schema.String
      }),
      success: Schema.Struct({ userId: Schema.String, username: Schema.NullOr(Schema.String) }),
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Créer un compte élève (avec e-mail, ou sans : un identifiant prenom.nom + JJMM est proposé)"
    ),
    HttpApiEndpoint.post("signIn", "/auth/sign-in", {
      payload: Schema.Struct({
        login: Schema.String,
        password: Schema.String,
        kind: Schema.optional(Schema.Literals(["cookie", "token"])),
        application: Schema.optional(Schema.Literals(["orga", "app"]))
      }),
      success: Schema.Struct({
        userId: Schema.String,
        csrfToken: Schema.optional(Schema.String),
        token: Schema.optional(Schema.String),
        pixOrgaTermsOfServiceAccepted: Schema.Boolean
      }),
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Se connecter par e-mail ou identifiant (Pix Orga : membres actifs seulement ; Pix App : élèves)"
    ),
    HttpApiEndpoint.post("signOut", "/auth/sign-out", { success: HttpApiSchema.NoContent, error: problems }).annotate(
      OpenApi.Summary,
      "Se déconnecter (la session ou le jeton est révoqué)"
    ),
    HttpApiEndpoint.get("me", "/me", { success: Account, error: problems }).annotate(OpenApi.Summary, "Mon compte"),
    HttpApiEndpoint.post("acceptTerms", "/me/pix-orga-terms", {
      success: HttpApiSchema.NoContent,
      error: problems
    }).annotate(OpenApi.Summary, "Accepter les conditions d’utilisation de Pix Orga"),
    HttpApiEndpoint.get("organizations", "/me/organizations", {
      success: Schema.Array(Organization),
      error: problems
    }).annotate(OpenApi.Summary, "Mes organisations (pour changer d’organisation)"),
    HttpApiEndpoint.post("resetStudentPassword", "/organizations/:organizationId/learners/:learnerId/password-reset", {
      params: { organizationId: Schema.String, learnerId: Schema.String },
      success: Schema.Struct({ login: Schema.String, temporaryPassword: Schema.String }),
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Réinitialiser le mot de passe d’un élève (« Mot de passe oublié ? Demandez à un enseignant »)"
    ),
    HttpApiEndpoint.post("usernameProposal", "/organizations/:organizationId/username-proposal", {
      params: { organizationId: Schema.String },
      payload: Schema.Struct({ firstName: Schema.String, lastName: Schema.String, birthdate: Schema.String }),
      success: Schema.Struct({ username: Schema.String }),
      error: problems
    }).annotate(OpenApi.Summary, "Générer un identifiant élève (prenom.nom + JJMM, §5.4.3)"),
    HttpApiEndpoint.post("addUsername", "/organizations/:organizationId/learners/:learnerId/username", {
      params: { organizationId: Schema.String, learnerId: Schema.String },
      success: Schema.Struct({ userId: Schema.String, username: Schema.String }),
      error: problems
    }).annotate(
      OpenApi.Summary,
      "Ajouter un identifiant (prenom.nom + JJMM) au compte d’un élève qui n’en a pas ; il se connecte ensuite avec"
    )
  )
  .annotate(OpenApi.Title, "Comptes") {}
