/**
 * One structured JSON line per request, with a request id, and nothing personal in it.
 *
 * A line holds the method, the path without its query string (queries may carry names or e-mails), the status,
 * the duration and the request id; never bodies, headers, cookies or the client's address. The id is taken from
 * `X-Request-Id` when a proxy sent a well-formed one (so logs join up across hops), otherwise made here, and is
 * sent back in `X-Request-Id`. It is the outermost middleware, so its line has the final status; a failure
 * that got past `Recover` is answered here too (as a 500 problem), never left to the server's empty 500.
 *
 * @since 0.1.0
 */
import { randomUUID } from "node:crypto"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type * as Types from "effect/Types"
import { behindTls, Config } from "../Config.ts"
import * as Recover from "./Recover.ts"
import * as SecurityHeaders from "./SecurityHeaders.ts"

/**
 * Where log lines go (one JSON object each). Standard output by default; tests collect them.
 *
 * @category services
 * @since 0.1.0
 */
export const LogSink = Context.Reference<(line: Record<string, unknown>) => void>("@orga/http/LogSink", {
  defaultValue: () => (line) => {
    process.stdout.write(`${JSON.stringify(line)}\n`)
  }
})

const wellFormedId = /^[A-Za-z0-9._-]{8,64}$/

/**
 * The request id of a request: the one sent when well formed, a new random one otherwise.
 *
 * @category getters
 * @since 0.1.0
 */
export const requestIdOf = (sent: string | undefined): string =>
  sent !== undefined && wellFormedId.test(sent) ? sent : randomUUID()

/**
 * The path of a URL without query string or fragment.
 *
 * @category getters
 * @since 0.1.0
 */
export const pathOf = (url: string): string => url.split(/[?#]/, 1)[0] ?? "/"

/**
 * The path as logged: a segment that looks like an e-mail address (an API should not put one in a path, but a
 * client may) is replaced by `:email`.
 *
 * @category getters
 * @since 0.1.0
 */
export const loggedPath = (url: string): string => {
  const path = pathOf(url)
  // Most paths hold no `@`: one test of the whole path instead of one per segment (every request is logged).
  if (!atSign.test(path)) return path
  return path
    .split("/")
    .map((segment) => (atSign.test(segment) ? ":email" : segment))
    .join("/")
}

const atSign = /@|%40/i

/**
 * The log line of a request answered with `status`, `started` being its `performance.now()` on arrival (the
 * middleware's line and the fast path's, `FastPath`).
 *
 * @category constructors
 * @since 0.3.0
 */
export const line = (
  requestId: string,
  method: string,
  url: string,
  status: number,
  started: number
): Record<string, unknown> => ({
  time: new Date().toISOString(),
  level: status >= 500 ? "error" : "info",
  msg: "request",
  requestId,
  method,
  path: loggedPath(url),
  status,
  durationMs: Math.round((performance.now() - started) * 10) / 10
})

/**
 * The global router middleware: request id, problem answers for failures, one log line.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const config = yield* Config
    const maxBodyBytes = config.maxBodyBytes
    const tls = behindTls(config)
    // The router's types ask a middleware to pass on the errors it does not declare; this one answers every
    // failure, so its error channel is empty in fact: the cast only restates the router's marker.
    return (httpEffect) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const sink = yield* LogSink
        const requestId = requestIdOf(request.headers["x-request-id"])
        const started = performance.now()
        const response = yield* httpEffect.pipe(
          Effect.catchCause((cause) =>
            Recover.toResponse(cause, maxBodyBytes).pipe(
              Effect.map(HttpServerResponse.setHeaders(SecurityHeaders.headers(tls)))
            )
          ),
          Effect.annotateLogs({ requestId })
        )
        sink(line(requestId, request.method, request.url, response.status, started))
        return HttpServerResponse.setHeader(response, "x-request-id", requestId)
      }) as Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled, HttpServerRequest.HttpServerRequest>
  }),
  { global: true }
)
