/**
 * The session of the request being handled, from its bearer token or session cookie.
 *
 * What the endpoints to come build on: `required` answers the declared 401 problem when there is no live
 * session or token, `optional` lets pages show a signed-out view.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpServerRequest } from "effect/http"
import { behindTls, Config } from "../Config.ts"
import * as AppError from "../server/AppError.ts"
import * as Problem from "../server/Problem.ts"
import * as SessionCookie from "./SessionCookie.ts"
import { type SessionRecord, SessionStore, type SessionStoreError, type Store } from "./SessionStore.ts"
import * as Sessions from "./Sessions.ts"

/**
 * The live session or token of the request, if any.
 *
 * @category getters
 * @since 0.1.0
 */
export const optional: Effect.Effect<
  SessionRecord | undefined,
  SessionStoreError,
  HttpServerRequest.HttpServerRequest | SessionStore | Config
> = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const credentials = SessionCookie.credentials(request.headers, request.cookies, behindTls(yield* Config))
  return yield* ofCredentials(yield* SessionStore, credentials, yield* Clock.currentTimeMillis)
})

/**
 * The live session or token of a request's credentials at `now`: a bearer secret must be a token, a cookie's a
 * browser session, neither revoked nor expired. The one check of `optional` and of the fast path (`FastPath`).
 *
 * @category getters
 * @since 0.3.0
 */
export const ofCredentials = (
  store: Store,
  credentials: SessionCookie.Credentials,
  now: number
): Effect.Effect<SessionRecord | undefined, SessionStoreError> =>
  credentials._tag === "None"
    ? Effect.succeed(undefined)
    : Sessions.authenticate(store, credentials.secret, credentials._tag === "Bearer" ? "token" : "cookie", now)

/**
 * The live session or token of the request, or the 401 problem.
 *
 * @category getters
 * @since 0.1.0
 */
export const required: Effect.Effect<
  SessionRecord,
  Problem.Unauthorized | SessionStoreError,
  HttpServerRequest.HttpServerRequest | SessionStore | Config
> = Effect.flatMap(optional, (session) => {
  if (session !== undefined) return Effect.succeed(session)
  const error = AppError.unauthenticated()
  return Effect.fail(new Problem.Unauthorized({ code: error.code, detail: error.message, meta: error.meta }))
})
