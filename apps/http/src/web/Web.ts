/**
 * The web pages (issue 14): server-rendered French HTML over the same services and session as the API, forms that
 * post and redirect, no script (ADR 0047). `layer` adds every page's route to the app's router; the global
 * middleware (security headers, CSRF, rate limits, logs) applies to them as to the API.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import * as Auth from "./pages/Auth.ts"
import * as Campaigns from "./pages/Campaigns.ts"
import * as Certificability from "./pages/Certificability.ts"
import * as Home from "./pages/Home.ts"
import * as Imports from "./pages/Imports.ts"
import * as Learner from "./pages/Learner.ts"
import * as Students from "./pages/Students.ts"
import * as Team from "./pages/Team.ts"
import * as Style from "./Style.ts"

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
  Learner.layer
)
