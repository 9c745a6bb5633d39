/**
 * The app's own endpoints: liveness (`/health`) and readiness (`/ready`), and the `Api` they start.
 *
 * `Api` is the document the library's groups join (`Api.add(TeamApi)...`, once the front door's services exist);
 * every endpoint gets `Validation.FrenchProblems`, so a request that fails decoding reads as a French 400.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import * as Schema from "effect/Schema"
import * as Problem from "./Problem.ts"
import * as Readiness from "./Readiness.ts"
import * as Validation from "./Validation.ts"

/**
 * The liveness and readiness endpoints.
 *
 * @category models
 * @since 0.1.0
 */
export class SystemGroup extends HttpApiGroup.make("system")
  .add(
    HttpApiEndpoint.get("health", "/health", {
      success: Schema.Struct({ status: Schema.Literal("ok") })
    }).annotate(OpenApi.Summary, "Le processus répond (vivacité)"),
    HttpApiEndpoint.get("ready", "/ready", {
      success: Schema.Struct({ status: Schema.Literal("ready") }),
      error: Problem.Unavailable
    }).annotate(OpenApi.Summary, "Les stockages répondent (disponibilité)")
  )
  .annotate(OpenApi.Title, "Système") {}

/**
 * The API before its last step: the system group, to which the library's groups are added. HttpApi applies a
 * middleware only to the endpoints present when `.middleware` is called, so `complete` comes after the last `add`.
 *
 * @category models
 * @since 0.1.0
 */
export const base = HttpApi.make("orga")
  .add(SystemGroup)
  .annotate(OpenApi.Title, "Orga")
  .annotate(OpenApi.Description, "Pix Orga réimplémenté : l'API de référence.")

/**
 * Puts the French validation problems on every endpoint of a complete API (call it after the last `add`).
 *
 * @category combinators
 * @since 0.1.0
 */
export const complete = <Id extends string, Groups extends HttpApiGroup.Constraint>(api: HttpApi.HttpApi<Id, Groups>) =>
  api.middleware(Validation.FrenchProblems)

/**
 * The app's API today: the system group, French validation problems on every endpoint.
 *
 * @category models
 * @since 0.1.0
 */
export const Api = complete(base)

/**
 * The handlers of the system group: `/ready` runs the probes of `Readiness` and answers 503 naming those failing.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(
  Api,
  "system",
  Effect.fn(function* (handlers) {
    const probes = yield* Readiness.Readiness
    return handlers
      .handle("health", () => Effect.succeed({ status: "ok" as const }))
      .handle("ready", () =>
        Readiness.failing(probes).pipe(
          Effect.flatMap((failing) =>
            failing.length === 0
              ? Effect.succeed({ status: "ready" as const })
              : Effect.fail(
                  new Problem.Unavailable({
                    code: "SERVICE_UNAVAILABLE",
                    detail: "Le service n'est pas prêt : un stockage ne répond pas.",
                    meta: { failing }
                  })
                )
          )
        )
      )
  })
)
