/**
 * Rate limits applied to requests: by client address on chosen routes (router middleware, before any body is
 * read), and by any key from inside a handler (`guard`, e.g. the account a sign-in names).
 *
 * A refusal is a French 429 problem with `Retry-After` in whole seconds.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpEffect, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Option from "effect/Option"
import * as AppError from "../server/AppError.ts"
import * as Problem from "../server/Problem.ts"
import { pathOf } from "../server/RequestLog.ts"
import * as RateLimit from "./RateLimit.ts"

/**
 * A limited route: its method, a path pattern, a name for its keys, and the rule per client address.
 *
 * @category models
 * @since 0.1.0
 */
export interface Route {
  readonly name: string
  readonly method: string
  readonly path: RegExp
  readonly rule: RateLimit.Rule
}

/**
 * The limits of the app's sensitive routes by client address: sign-in, invitation acceptance, reconciliation
 * (the routes to come keep these paths).
 *
 * @category getters
 * @since 0.1.0
 */
export const defaultRoutes: ReadonlyArray<Route> = [
  { name: "signin", method: "POST", path: /^\/auth\/sign-in$/, rule: { limit: 20, windowMillis: 60_000 } },
  {
    name: "invitation",
    method: "POST",
    path: /^\/invitations\/[^/]+\/accept$/,
    rule: { limit: 20, windowMillis: 60_000 }
  },
  {
    name: "reconciliation",
    method: "POST",
    path: /\/reconciliation$/,
    rule: { limit: 20, windowMillis: 60_000 }
  },
  {
    name: "invitation-read",
    method: "GET",
    path: /^\/organization-invitations\/[^/]+$/,
    rule: { limit: 30, windowMillis: 60_000 }
  },
  // Public and sends an e-mail to a school's mailbox: limited per client address like a sign-in.
  {
    name: "scoInvitation",
    method: "POST",
    path: /^\/organization-invitations\/sco$/,
    rule: { limit: 20, windowMillis: 60_000 }
  }
]

/**
 * Takes a token for each key; fails with `RateLimited` (answered by `Recover` with `Retry-After`) when any is out.
 *
 * @category combinators
 * @since 0.1.0
 */
export const guard = (
  keys: ReadonlyArray<readonly [key: string, rule: RateLimit.Rule]>
): Effect.Effect<void, AppError.RateLimited, RateLimit.RateLimiter> =>
  Effect.gen(function* () {
    const limiter = yield* RateLimit.RateLimiter
    const decision = yield* RateLimit.takeAll(limiter, keys, yield* Clock.currentTimeMillis)
    if (!decision.allowed) return yield* Effect.fail(AppError.rateLimited(decision.retryAfterSeconds))
  })

/**
 * `guard` for HttpApi handlers: the refusal is the declared `Problem.TooManyRequests`, and `Retry-After` is set
 * on the response on its way out.
 *
 * @category combinators
 * @since 0.1.0
 */
export const guardInHandler = (
  keys: ReadonlyArray<readonly [key: string, rule: RateLimit.Rule]>
): Effect.Effect<void, Problem.TooManyRequests, RateLimit.RateLimiter | HttpServerRequest.HttpServerRequest> =>
  guard(keys).pipe(
    Effect.catchTag("RateLimited", (refused) =>
      HttpEffect.appendPreResponseHandler((_request, response) =>
        Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(refused.retryAfterSeconds)))
      ).pipe(
        Effect.andThen(
          Effect.fail(new Problem.TooManyRequests({ code: refused.code, detail: refused.message, meta: refused.meta }))
        )
      )
    )
  )

/**
 * The client's address as the server sees it (behind a proxy, put effect's `HttpMiddleware.xForwardedHeaders`
 * with the proxy's address outside this middleware).
 *
 * @category getters
 * @since 0.1.0
 */
export const clientAddress = (request: HttpServerRequest.HttpServerRequest): string =>
  Option.getOrElse(request.remoteAddress, () => "unknown")

/**
 * The global router middleware limiting `routes` by client address.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (routes: ReadonlyArray<Route> = defaultRoutes) =>
  HttpRouter.middleware(
    Effect.gen(function* () {
      const limiter = yield* RateLimit.RateLimiter
      return (httpEffect) =>
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const path = pathOf(request.url)
          const route = routes.find((candidate) => candidate.method === request.method && candidate.path.test(path))
          if (route !== undefined)
            yield* guard([[`${route.name}:address:${clientAddress(request)}`, route.rule]]).pipe(
              Effect.provideService(RateLimit.RateLimiter, limiter)
            )
          return yield* httpEffect
        })
    }),
    { global: true }
  )
