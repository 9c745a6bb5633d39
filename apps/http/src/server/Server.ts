/**
 * The HTTP server: an API's routes, the reference page and the global middleware, on Node's `http` server.
 *
 * `app` composes what any API of the app needs (request log and id, security headers, body limits, rate limits
 * by client address, CSRF checks of cookie sessions, French problems for validation failures, `/openapi.json`,
 * `/docs`); `serve` binds it to a port. On SIGTERM the runtime
 * interrupts the server's scope: the listening socket closes, requests in flight get `shutdownGraceMillis` to
 * finish (`gracefulShutdownTimeout`), then the process exits.
 *
 * @since 0.1.0
 */
import type * as Http from "node:http"
import { createServer } from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { HttpRouter } from "effect/http"
import { type HttpApi, HttpApiBuilder, type HttpApiGroup } from "effect/http-api"
import * as Layer from "effect/Layer"
import * as Csrf from "../auth/Csrf.ts"
import type { AppConfig } from "../Config.ts"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as Position from "../position/Position.ts"
import * as Throttle from "../safety/Throttle.ts"
import * as BodyLimit from "./BodyLimit.ts"
import * as FastPath from "./FastPath.ts"
import * as Recover from "./Recover.ts"
import * as ReferencePage from "./ReferencePage.ts"
import * as RequestLog from "./RequestLog.ts"
import * as SecurityHeaders from "./SecurityHeaders.ts"
import * as Validation from "./Validation.ts"

/**
 * The routes and middleware of an API whose groups' handlers are `handlers`.
 *
 * @category layers
 * @since 0.1.0
 */
export const app = <Id extends string, Groups extends HttpApiGroup.Constraint, E, R>(
  api: HttpApi.HttpApi<Id, Groups>,
  handlers: Layer.Layer<HttpApiGroup.ToService<Id, Groups>, E, R>
) =>
  Layer.mergeAll(
    HttpApiBuilder.layer(api, { openapiPath: "/openapi.json" }).pipe(
      Layer.provide(handlers),
      // provideMerge: the router also resolves the middleware when routes are built
      Layer.provideMerge(Validation.layer)
    ),
    ReferencePage.layer(api),
    // Global middleware, outermost first: the log line sees the final response, every answer carries the
    // security headers, every failure (a body over the limit included) is answered as a problem.
    RequestLog.layer,
    SecurityHeaders.layer,
    Recover.layer,
    BodyLimit.layer,
    Throttle.layer(),
    Csrf.layer,
    // Read-your-writes by log position, then `Idempotency-Key` (innermost: a refused request stores nothing).
    Position.layer,
    Idempotency.layer
  )

/**
 * A Node HTTP server that, once closing, closes each keep-alive connection as soon as its last response is sent.
 * Node's `close` closes the connections idle at that moment only; a connection whose request was in flight would
 * otherwise stay open for its keep-alive timeout after answering, and hold the process that long.
 *
 * Given a fast path's slot, each request is offered to it first (`FastPath`): effect's handler only sees the
 * requests it leaves.
 *
 * @category constructors
 * @since 0.1.0
 */
export const drainingServer = (fast?: FastPath.Slot): Http.Server => {
  const server = createServer()
  let closing = false
  const close = server.close.bind(server)
  server.close = (callback?: (error?: Error) => void) => {
    closing = true
    return close(callback)
  }
  const drain = (response: Http.ServerResponse) =>
    response.on("finish", () => {
      if (closing) setImmediate(() => server.closeIdleConnections())
    })
  server.on("request", (_request, response) => drain(response))
  if (fast === undefined) return server
  // Effect's handler is a `request` listener: the fast path goes before every listener, and hands the requests
  // it does not answer to them all (this one included).
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: Array<unknown>) => boolean
  server.emit = ((event: string | symbol, ...args: Array<unknown>) => {
    const answer = fast.answer
    if (event !== "request" || answer === undefined) return emit(event, ...args)
    const request = args[0] as Http.IncomingMessage
    const response = args[1] as Http.ServerResponse
    const answered = answer(request, response)
    if (answered === true) {
      drain(response)
      return true
    }
    if (answered === false) return emit(event, ...args)
    answered.then(
      (done) => (done ? drain(response) : emit(event, ...args)),
      () => emit(event, ...args)
    )
    return true
  }) as Http.Server["emit"]
  return server
}

/**
 * Serves an app layer on the configured host and port, cached API reads first through the fast path (`FastPath`,
 * unless the config turns it off).
 *
 * @category layers
 * @since 0.1.0
 */
export const serve = <A, E, R>(appLayer: Layer.Layer<A, E, R>, config: AppConfig) => {
  const slot: FastPath.Slot = { answer: undefined }
  return HttpRouter.serve(appLayer, { disableLogger: true, disableListenLog: true }).pipe(
    // provideMerge: the caller reads the bound address from `HttpServer` (port 0 picks a free one)
    Layer.provideMerge(
      NodeHttpServer.layer(() => drainingServer(slot), {
        port: config.port,
        host: config.host,
        gracefulShutdownTimeout: config.shutdownGraceMillis
      })
    ),
    Layer.merge(FastPath.layer(slot))
  )
}
