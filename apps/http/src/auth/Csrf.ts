/**
 * CSRF protection for cookie sessions: a synchronizer token.
 *
 * Each cookie session has its own random CSRF token in its server-side record (so every instance on the shared
 * store checks it, no signing key to share). A request that changes state (POST, PUT, PATCH, DELETE) with a live
 * session cookie must echo it: `X-CSRF-Token` from `fetch`, or the `_csrf` field of a urlencoded form (a plain
 * HTML form works without script), or `?_csrf=` for multipart uploads, whose body is not read here. Requests
 * with a bearer token are exempt (a browser never sends one by itself), as are requests without a live session
 * (nothing to ride on; the endpoint answers 401). An `Origin` from another site is refused outright.
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import { behindTls, Config } from "../Config.ts"
import * as AppError from "../server/AppError.ts"
import * as SessionCookie from "./SessionCookie.ts"
import { SessionStore } from "./SessionStore.ts"
import * as Sessions from "./Sessions.ts"

/**
 * The header `fetch` sends the token in.
 *
 * @category getters
 * @since 0.1.0
 */
export const headerName = "x-csrf-token"

/**
 * The form field (and query parameter) forms send the token in.
 *
 * @category getters
 * @since 0.1.0
 */
export const fieldName = "_csrf"

/**
 * Whether a method changes state.
 *
 * @category guards
 * @since 0.1.0
 */
export const changesState = (method: string): boolean => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())

/**
 * Whether a presented token is the session's, compared in constant time.
 *
 * @category guards
 * @since 0.1.0
 */
export const matches = (expected: string, presented: string | undefined): boolean => {
  if (presented === undefined || expected === "") return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Whether an `Origin` header is the app's own (absent counts as own: same-origin GETs and old browsers omit it;
 * the token is the check that matters).
 *
 * @category guards
 * @since 0.1.0
 */
export const sameOrigin = (origin: string | undefined, publicUrl: string, host: string | undefined): boolean => {
  if (origin === undefined) return true
  if (origin === "null") return false
  const own = new URL(publicUrl).origin
  return origin === own || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`))
}

const presentedToken = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function* () {
    const header = request.headers[headerName]
    if (header !== undefined) return header
    const query = new URL(request.url, "http://localhost").searchParams.get(fieldName)
    if (query !== null) return query
    if ((request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      // The body is read once and kept by the request: the handler reads the same form after this.
      const text = yield* request.text
      return new URLSearchParams(text).get(fieldName) ?? undefined
    }
    return undefined
  })

/**
 * The global router middleware.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const config = yield* Config
    const store = yield* SessionStore
    const tls = behindTls(config)
    return (httpEffect) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        if (!changesState(request.method)) return yield* httpEffect
        const credentials = SessionCookie.credentials(request.headers, request.cookies, tls)
        if (credentials._tag !== "Cookie") return yield* httpEffect
        if (!sameOrigin(request.headers.origin, config.publicUrl, request.headers.host))
          return yield* Effect.fail(AppError.csrfRejected())
        const session = yield* Sessions.authenticate(
          store,
          credentials.secret,
          "cookie",
          yield* Clock.currentTimeMillis
        )
        if (session === undefined) return yield* httpEffect
        const presented = yield* presentedToken(request).pipe(Effect.orElseSucceed(() => undefined))
        if (!matches(session.csrfToken, presented)) return yield* Effect.fail(AppError.csrfRejected())
        return yield* httpEffect
      })
  }),
  { global: true }
)
