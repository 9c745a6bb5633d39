/**
 * `Idempotency-Key` on every write (POST, and PUT, PATCH, DELETE alike: their handlers change the log too): a
 * retried request changes nothing and is answered with the first response's status, headers and body, on whichever
 * instance it lands.
 *
 * The middleware keys the first response by account and key (a signed-out request's owner is `anonymous`) in
 * the shared `IdempotencyStore` for 24 hours, and gives the handler a command id derived from the same pair
 * (`commandOptions`), which a handler passes to the library's use case as `{ commandId }`: so even a retry that
 * overtakes a first attempt that died before its response was stored appends nothing twice. A key in flight
 * makes its twin wait for the first response (up to 10 s, then 409); a key reused for a different request
 * (another path or body) is refused (422). Responses are kept when they are worth replaying: below 500, with a
 * byte body, without `Set-Cookie` or `Cache-Control: no-store`. The `/auth/…` routes (sign-in, sign-out, sign-up)
 * and a student's password reset are left out: their answers carry credentials, which are never stored nor
 * handed out twice.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as CurrentSession from "../auth/CurrentSession.ts"
import * as Problem from "../server/Problem.ts"
import { IdempotencyStore, type StoredResponse } from "./IdempotencyStore.ts"

/**
 * The request header.
 *
 * @category getters
 * @since 0.1.0
 */
export const headerName = "idempotency-key"

/**
 * The header a replayed response carries.
 *
 * @category getters
 * @since 0.1.0
 */
export const replayedHeader = "idempotency-replayed"

/** The methods whose requests write, and so take a key. */
const writes: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"])

/** How long a first response is kept, a key in flight is held, and a twin waits for it. */
const ttlMillis = 24 * 3_600_000
const leaseMillis = 30_000
const waitMillis = 10_000

/** The response headers worth replaying (never `Set-Cookie`). */
const kept = ["content-type", "location", "content-disposition", "orga-position"]

/**
 * The command id of the request being handled, when it carries an `Idempotency-Key`.
 *
 * @category services
 * @since 0.1.0
 */
export class RequestCommand extends Context.Service<RequestCommand, { readonly commandId: string }>()(
  "@orga/http/RequestCommand"
) {}

/**
 * The options a handler passes to the library's write use case: `{ commandId }` derived from the request's
 * `Idempotency-Key`, or `{}` without one.
 *
 * @category getters
 * @since 0.1.0
 */
export const commandOptions: Effect.Effect<{ readonly commandId?: string }> = Effect.map(
  Effect.serviceOption(RequestCommand),
  Option.match({ onNone: () => ({}), onSome: (command) => ({ commandId: command.commandId }) })
)

/**
 * The library command id of an account's key: stable across instances and retries, at most 128 characters.
 *
 * @category constructors
 * @since 0.1.0
 */
export const commandIdOf = (owner: string, key: string): string =>
  `http-${createHash("sha256").update(`${owner}\u0000${key}`).digest("hex").slice(0, 48)}`

/**
 * Whether a key is acceptable: 1 to 255 visible ASCII characters.
 *
 * @category guards
 * @since 0.1.0
 */
export const validKey = (key: string): boolean => /^[\x21-\x7e]{1,255}$/.test(key)

const invalidKey = () =>
  Problem.toResponse(
    Problem.make(400, "INVALID_IDEMPOTENCY_KEY", "La clé d'idempotence doit compter de 1 à 255 caractères visibles.")
  )
const reusedKey = () =>
  Problem.toResponse(
    Problem.make(422, "IDEMPOTENCY_KEY_REUSED", "Cette clé d'idempotence a déjà servi pour une autre requête.")
  )
const busyKey = () =>
  Problem.toResponse(
    Problem.make(
      409,
      "IDEMPOTENCY_KEY_IN_USE",
      "Une requête avec la même clé d'idempotence est en cours ; réessayez dans un instant."
    ),
    { "retry-after": "1" }
  )

/**
 * Whether a path is left out of idempotency: the `/auth/…` routes and a student's password reset, whose answers
 * carry credentials (a session, a token, a temporary password) that are never stored nor handed out twice.
 *
 * @category guards
 * @since 0.1.0
 */
export const excluded = (url: string): boolean => url.startsWith("/auth/") || /\/password-reset(\?|$)/.test(url)

/** A digest of what makes the request: method, path and query, and its body (its length for a file upload). */
const fingerprintOf = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function* () {
    const hash = createHash("sha256").update(`${request.method} ${request.url}\u0000`)
    const type = request.headers["content-type"] ?? ""
    // A multipart upload is streamed by its handler: it is not read here, its declared size stands for it. The
    // boundary is left out: a client retrying an upload builds its form again, with a fresh random boundary.
    if (type.startsWith("multipart/"))
      hash.update(`${type.split(";")[0]}\u0000${request.headers["content-length"] ?? ""}`)
    else hash.update(new Uint8Array(yield* request.arrayBuffer))
    return hash.digest("hex")
  })

/** The response as stored, or undefined when it is not worth replaying. */
const storable = (response: HttpServerResponse.HttpServerResponse): StoredResponse | undefined => {
  if (response.status >= 500 || response.headers["set-cookie"] !== undefined) return undefined
  if (/no-store/i.test(response.headers["cache-control"] ?? "")) return undefined
  const body = response.body
  const bytes = body._tag === "Uint8Array" ? body.body : body._tag === "Empty" ? new Uint8Array() : undefined
  if (bytes === undefined) return undefined
  const headers: Record<string, string> = {}
  for (const name of kept) {
    const value = response.headers[name]
    if (value !== undefined) headers[name] = value
  }
  if (body._tag === "Uint8Array") headers["content-type"] = body.contentType
  return { status: response.status, headers, body: bytes }
}

const replay = (stored: StoredResponse) => {
  const { "content-type": contentType, ...headers } = stored.headers
  return HttpServerResponse.uint8Array(stored.body, {
    status: stored.status,
    headers: { ...headers, [replayedHeader]: "true" },
    ...(contentType === undefined ? {} : { contentType })
  })
}

/**
 * The global router middleware (innermost: after CSRF and rate limits, so a refused request stores nothing).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const store = yield* IdempotencyStore
    const context = yield* Effect.context<
      import("../auth/SessionStore.ts").SessionStore | import("../Config.ts").Config
    >()
    return (httpEffect) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const key = request.headers[headerName]
        if (!writes.has(request.method) || key === undefined || excluded(request.url)) return yield* httpEffect
        if (!validKey(key)) return invalidKey()
        const session = yield* Effect.provide(CurrentSession.optional, context)
        const owner = session === undefined ? "anonymous" : `account:${session.accountId}`
        const fingerprint = yield* fingerprintOf(request)
        const begin = (now: number) => store.begin({ owner, key, fingerprint, now, leaseMillis, ttlMillis })
        const deadline = Date.now() + waitMillis
        let answer = yield* begin(Date.now())
        while (answer._tag === "Busy" && Date.now() < deadline) {
          yield* Effect.sleep(Duration.millis(50))
          answer = yield* begin(Date.now())
        }
        if (answer._tag === "Busy") return busyKey()
        if (answer._tag === "Mismatch") return reusedKey()
        if (answer._tag === "Done") return replay(answer.response)
        const response = yield* httpEffect.pipe(
          Effect.provideService(RequestCommand, { commandId: commandIdOf(owner, key) }),
          Effect.onExit((exit) => (exit._tag === "Failure" ? Effect.ignore(store.release(owner, key)) : Effect.void))
        )
        const stored = storable(response)
        yield* stored === undefined ? store.release(owner, key) : store.complete(owner, key, stored)
        return response
      })
  }),
  { global: true }
)

/**
 * Deletes expired responses every hour.
 *
 * @category layers
 * @since 0.1.0
 */
export const sweep = Layer.effectDiscard(
  Effect.gen(function* () {
    const store = yield* IdempotencyStore
    yield* Effect.forkScoped(
      Effect.suspend(() => store.deleteExpired(Date.now())).pipe(
        Effect.ignore,
        Effect.repeat(Schedule.spaced(Duration.hours(1)))
      )
    )
  })
)
