/**
 * Body size limits, enforced before a body is read whole.
 *
 * A declared `Content-Length` over the route's limit is refused at once (413 `PAYLOAD_TOO_LARGE`, nothing read);
 * a body without one (chunked) is read under effect's `MaxBodySize`, which stops at the limit. The limit is per
 * route: JSON bodies get the configured `maxBodyBytes`; the SIECLE upload will get its 20 MB through `limitFor`.
 *
 * @since 0.1.0
 */
import * as ByteSize from "effect/ByteSize"
import * as Effect from "effect/Effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest } from "effect/http"
import { Config } from "../Config.ts"
import * as AppError from "./AppError.ts"
import { pathOf } from "./RequestLog.ts"

/**
 * The largest SIECLE file accepted (Pix's limit).
 *
 * @category getters
 * @since 0.1.0
 */
export const uploadLimitBytes = 20 * 1024 * 1024

/**
 * The limit of a path: uploads (`…/imports…`) get {@link uploadLimitBytes}, everything else `maxBodyBytes`.
 *
 * @category getters
 * @since 0.1.0
 */
export const limitFor = (path: string, maxBodyBytes: number): number =>
  /\/imports(\/|$)/.test(path) ? uploadLimitBytes : maxBodyBytes

/**
 * Whether a declared `Content-Length` is over the limit (an unparsable one counts as over: it cannot be trusted).
 *
 * @category guards
 * @since 0.1.0
 */
export const declaredTooLarge = (contentLength: string | undefined, limit: number): boolean => {
  if (contentLength === undefined) return false
  if (!/^\d+$/.test(contentLength)) return true
  return Number(contentLength) > limit
}

/**
 * The global router middleware that enforces the limits.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const { maxBodyBytes } = yield* Config
    return (httpEffect) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const limit = limitFor(pathOf(request.url), maxBodyBytes)
        if (declaredTooLarge(request.headers["content-length"], limit))
          return yield* Effect.fail(AppError.payloadTooLarge(limit))
        return yield* Effect.provideService(httpEffect, HttpIncomingMessage.MaxBodySize, ByteSize.bytes(limit))
      })
  }),
  { global: true }
)
