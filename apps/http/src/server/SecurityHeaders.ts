/**
 * Security headers on every response: a CSP without inline scripts, no MIME sniffing, no referrer leaving the
 * site, no framing, and HSTS only when people reach the app over TLS (HSTS sent over plain HTTP on a laptop would
 * pin `localhost` to HTTPS in the browser for a year).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { behindTls, Config } from "../Config.ts"

/**
 * The headers, given whether the app is reached over TLS. Styles and scripts come only from the app itself
 * (`'self'`), never inline, never from a CDN.
 *
 * @category getters
 * @since 0.1.0
 */
export const headers = (tls: boolean): Record<string, string> => ({
  "content-security-policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join("; "),
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  ...(tls ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {})
})

/**
 * The global router middleware that adds {@link headers} to every response, problems included.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const set = headers(behindTls(yield* Config))
    return (httpEffect) => Effect.map(httpEffect, HttpServerResponse.setHeaders(set))
  }),
  { global: true }
)
