/**
 * The app's answers to failures: RFC 9457 `application/problem+json` bodies carrying Pix's `code`, the French
 * message (`detail`) and `meta`, one class per HTTP status.
 *
 * One class per status (not per library error) because HttpApi tells a response's schema by its status: an
 * endpoint declares the statuses it can answer (`error: [Problem.Forbidden, Problem.NotFound]`), the OpenAPI
 * document and the typed client then know them, and `ErrorStatus.toProblem` picks the class from the error's tag.
 * Titles are French and fixed per status, as RFC 9457 wants (`title` does not change between occurrences).
 *
 * @since 0.1.0
 */

import { HttpServerResponse } from "effect/http"
import { HttpApiError } from "effect/http-api"
import * as Schema from "effect/Schema"

const fields = {
  /** Pix's error code (`UAI_MISMATCHED`, `R70`, `PAYLOAD_TOO_LARGE`, ...). */
  code: Schema.String,
  /** Details that go with the code (Pix's `meta`). */
  meta: Schema.Record(Schema.String, Schema.Unknown)
}

/**
 * 400: the request cannot be read (malformed JSON, wrong types, missing fields).
 *
 * @category errors
 * @since 0.1.0
 */
export class BadRequest extends HttpApiError.Problem<BadRequest>()(
  "BadRequest",
  { type: "about:blank", status: 400, title: "Requête invalide" },
  fields
) {}

/**
 * 401: no valid session or token.
 *
 * @category errors
 * @since 0.1.0
 */
export class Unauthorized extends HttpApiError.Problem<Unauthorized>()(
  "Unauthorized",
  { type: "about:blank", status: 401, title: "Authentification requise" },
  fields
) {}

/**
 * 403: the actor may not do this (a role, a missing membership, a CSRF token missing).
 *
 * @category errors
 * @since 0.1.0
 */
export class Forbidden extends HttpApiError.Problem<Forbidden>()(
  "Forbidden",
  { type: "about:blank", status: 403, title: "Accès refusé" },
  fields
) {}

/**
 * 404: what the request names does not exist (or is not visible to the actor).
 *
 * @category errors
 * @since 0.1.0
 */
export class NotFound extends HttpApiError.Problem<NotFound>()(
  "NotFound",
  { type: "about:blank", status: 404, title: "Ressource introuvable" },
  fields
) {}

/**
 * 409: the request conflicts with the current state.
 *
 * @category errors
 * @since 0.1.0
 */
export class Conflict extends HttpApiError.Problem<Conflict>()(
  "Conflict",
  { type: "about:blank", status: 409, title: "Conflit" },
  fields
) {}

/**
 * 413: the body is larger than the route accepts.
 *
 * @category errors
 * @since 0.1.0
 */
export class PayloadTooLarge extends HttpApiError.Problem<PayloadTooLarge>()(
  "PayloadTooLarge",
  { type: "about:blank", status: 413, title: "Contenu trop volumineux" },
  fields
) {}

/**
 * 422: the request is well formed but breaks a rule of the domain (a refused SIECLE file, an invalid value).
 *
 * @category errors
 * @since 0.1.0
 */
export class Unprocessable extends HttpApiError.Problem<Unprocessable>()(
  "Unprocessable",
  { type: "about:blank", status: 422, title: "Données refusées" },
  fields
) {}

/**
 * 429: too many attempts; the response carries `Retry-After`.
 *
 * @category errors
 * @since 0.1.0
 */
export class TooManyRequests extends HttpApiError.Problem<TooManyRequests>()(
  "TooManyRequests",
  { type: "about:blank", status: 429, title: "Trop de tentatives" },
  fields
) {}

/**
 * 500: a failure of the app itself; says nothing of its cause.
 *
 * @category errors
 * @since 0.1.0
 */
export class Internal extends HttpApiError.Problem<Internal>()(
  "Internal",
  { type: "about:blank", status: 500, title: "Erreur interne" },
  fields
) {}

/**
 * 503: the store does not answer; trying again later may work.
 *
 * @category errors
 * @since 0.1.0
 */
export class Unavailable extends HttpApiError.Problem<Unavailable>()(
  "Unavailable",
  { type: "about:blank", status: 503, title: "Service indisponible" },
  fields
) {}

/**
 * Any problem the app answers.
 *
 * @category models
 * @since 0.1.0
 */
export type Problem =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | Unprocessable
  | TooManyRequests
  | Internal
  | Unavailable

/**
 * The problem class of each status the app answers.
 *
 * @category getters
 * @since 0.1.0
 */
export const byStatus = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  413: PayloadTooLarge,
  422: Unprocessable,
  429: TooManyRequests,
  500: Internal,
  503: Unavailable
} as const

/**
 * A status the app answers with a problem.
 *
 * @category models
 * @since 0.1.0
 */
export type Status = keyof typeof byStatus

/**
 * The JSON body of a problem, as sent.
 *
 * @category models
 * @since 0.1.0
 */
export interface Body {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly code: string
  readonly meta: Readonly<Record<string, unknown>>
}

/**
 * Builds the problem of a status from its code, French message and meta.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (status: Status, code: string, detail: string, meta: Record<string, unknown> = {}): Problem =>
  new byStatus[status]({ code, detail, meta })

/**
 * The body of a problem (what `toResponse` sends), for middleware that answer outside HttpApi.
 *
 * @category getters
 * @since 0.1.0
 */
export const body = (problem: Problem): Body => ({
  type: problem.type,
  title: problem.title,
  status: problem.status,
  detail: problem.detail ?? problem.title,
  code: problem.code,
  meta: problem.meta
})

/**
 * The HTTP response of a problem, with extra headers (e.g. `Retry-After`): used by the router middleware
 * (body limit, CSRF, rate limits), which answer before any HttpApi handler runs.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toResponse = (
  problem: Problem,
  headers: Record<string, string> = {}
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(body(problem), {
    status: problem.status,
    contentType: "application/problem+json",
    headers
  })
