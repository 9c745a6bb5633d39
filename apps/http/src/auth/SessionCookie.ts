/**
 * The session cookie and the credentials of a request.
 *
 * The cookie is httpOnly (scripts cannot read it), `SameSite=Lax`, `Path=/`, and `Secure` behind TLS, where it
 * is also named with the `__Host-` prefix (the browser then refuses it without Secure, from another path or with
 * a Domain). Lax rather than Strict: a staff member who follows an invitation or a results link from their
 * e-mail arrives signed in (Strict would drop the cookie on that first cross-site navigation and show the
 * sign-in page to someone who is signed in); Lax still withholds the cookie from cross-site POSTs, and the CSRF
 * token (`Csrf`) covers same-site ones.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import { Cookies } from "effect/http"

/**
 * The cookie's name: `__Host-orga_session` behind TLS, `orga_session` on plain HTTP (the prefix requires Secure).
 *
 * @category getters
 * @since 0.1.0
 */
export const name = (tls: boolean): string => (tls ? "__Host-orga_session" : "orga_session")

/**
 * The `Set-Cookie` value of a session secret valid for `maxAgeSeconds`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const serialize = (secret: string, tls: boolean, maxAgeSeconds: number): string =>
  Cookies.serializeCookie(
    Cookies.makeCookieUnsafe(name(tls), secret, {
      httpOnly: true,
      sameSite: "lax",
      secure: tls,
      path: "/",
      // effect reads a bare number as milliseconds
      maxAge: Duration.seconds(maxAgeSeconds)
    })
  )

/**
 * The `Set-Cookie` value that removes the session cookie (sign-out).
 *
 * @category constructors
 * @since 0.1.0
 */
export const clear = (tls: boolean): string =>
  Cookies.serializeCookie(
    Cookies.makeCookieUnsafe(name(tls), "", {
      httpOnly: true,
      sameSite: "lax",
      secure: tls,
      path: "/",
      maxAge: 0
    })
  )

/**
 * What a request presents: a bearer token (an API client), a session cookie (a browser), or nothing.
 *
 * @category models
 * @since 0.1.0
 */
export type Credentials =
  | { readonly _tag: "Bearer"; readonly secret: string }
  | { readonly _tag: "Cookie"; readonly secret: string }
  | { readonly _tag: "None" }

/**
 * The credentials of a request: `Authorization: Bearer …` first (an API client's request may carry a stale cookie
 * too), then the session cookie.
 *
 * @category getters
 * @since 0.1.0
 */
export const credentials = (
  headers: Readonly<Record<string, string | undefined>>,
  cookies: Readonly<Record<string, string>>,
  tls: boolean
): Credentials => {
  const authorization = headers.authorization
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]
  if (bearer !== undefined) return { _tag: "Bearer", secret: bearer }
  const cookie = cookies[name(tls)]
  if (cookie !== undefined && cookie !== "") return { _tag: "Cookie", secret: cookie }
  return { _tag: "None" }
}
