/**
 * The typed client of the app for other TypeScript services: made from the same API definition as the server
 * (effect `HttpApiClient`), so a request or answer that does not match the server's schemas does not compile.
 *
 * An API client signs in with `kind: "token"` and sends the token as `Authorization: Bearer …` (no cookie, no
 * CSRF token): `make(baseUrl, token)`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import { Api } from "./OrgaApi.ts"

/**
 * A client of the app at `baseUrl`, presenting `token` when given (needs an `HttpClient`, e.g. `FetchHttpClient.layer`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (baseUrl: string, token?: string) =>
  HttpApiClient.make(Api, {
    baseUrl,
    ...(token === undefined
      ? {}
      : {
          transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("authorization", `Bearer ${token}`))
        })
  })

/**
 * The client's type.
 *
 * @category models
 * @since 0.1.0
 */
export type Client = Effect.Success<ReturnType<typeof make>>
