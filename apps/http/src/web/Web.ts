/**
 * The web pages (issue 14): server-rendered French HTML over the same services and session as the API, forms that
 * post and redirect, no script (ADR 0047). `layer` adds every page's route to the app's router; the global
 * middleware (security headers, CSRF, rate limits, logs) applies to them as to the API.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { HttpServerRequest } from "effect/http"
import * as Layer from "effect/Layer"
import * as Problem from "../server/Problem.ts"
import { html } from "./Html.ts"
import * as Page from "./Page.ts"
import * as Auth from "./pages/Auth.ts"
import * as CampaignAnalysis from "./pages/CampaignAnalysis.ts"
import * as CampaignDeletion from "./pages/CampaignDeletion.ts"
import * as Campaigns from "./pages/Campaigns.ts"
import * as Certificability from "./pages/Certificability.ts"
import * as Home from "./pages/Home.ts"
import * as Imports from "./pages/Imports.ts"
import * as Learner from "./pages/Learner.ts"
import * as Students from "./pages/Students.ts"
import * as Team from "./pages/Team.ts"
import * as Style from "./Style.ts"

/**
 * An unknown address: a French page for a browser (it asks for `text/html`), the API's problem for anyone else.
 * The router tries this wildcard last, after every page and endpoint.
 *
 * @category layers
 * @since 0.1.0
 */
export const notFound = Page.route(
  "GET",
  "/*",
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (!(request.headers.accept ?? "").includes("text/html"))
      return Problem.toResponse(Problem.make(404, "ROUTE_NOT_FOUND", "Cette adresse n'existe pas.", {}))
    return Page.respond({
      title: "Page introuvable",
      status: 404,
      viewer: yield* Effect.orElseSucceed(Page.viewer, () => undefined),
      body: html`<h1>Page introuvable</h1><p>Cette adresse n’existe pas. Vérifiez le lien, ou revenez à l’accueil.</p>
<p><a href="/">Revenir à l’accueil</a></p>`
    })
  })
)

/**
 * Every page's route and the stylesheet.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = Layer.mergeAll(
  Style.layer,
  Auth.layer,
  Home.layer,
  Students.layer,
  Imports.layer,
  Team.layer,
  Campaigns.layer,
  Certificability.layer,
  Learner.layer,
  CampaignAnalysis.layer,
  CampaignDeletion.layer,
  notFound
)
