/**
 * Cached API reads answered before effect's router: a GET of a heavy read (results, whole or paged, analysis,
 * learners, whole or paged, certificability by class) by a bearer token whose answer `ReadCache` holds at the log's
 * current head is written straight from Node's `request` event, without the router, fibers and middleware of the
 * normal path.
 *
 * Why: measured in `bench/http` (ADR 0054), a cached page of 50 spends a few % of its time in the app's own code;
 * the rest is effect's per-request machinery. The normal path reached 33 % of a bare `node:http` handler; only
 * skipping that machinery for a hit can reach the 50 % target.
 *
 * It answers exactly what the normal path would, by the normal path's own functions: the session check
 * (`CurrentSession.ofCredentials`: same store, expiry, revocation), the key (`ReadCache.requestKey`), the content
 * type, the security headers, the request id and the log line. The staff gate (account, Pix Orga's terms) and the
 * library's rights need no second check: they are folds of the log, and an entry exists for an actor at a head
 * only if the normal path let that actor read it at that head (a removed member, terms or rights changed: the head
 * moved, the entry is never served again). Anything else goes to the normal path unchanged: another method or
 * path, no bearer token (cookie sessions and their CSRF rules), a position to wait for, an `Idempotency-Key`, a
 * route the rate limits cover, a session that is not live, a miss, a store that fails.
 *
 * @since 0.3.0
 */
import type * as Http from "node:http"
import { EventStore } from "@orga/event-store"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Actors from "../api/Actors.ts"
import * as SessionCookie from "../auth/SessionCookie.ts"
import { type SessionRecord, SessionStore } from "../auth/SessionStore.ts"
import * as Sessions from "../auth/Sessions.ts"
import { behindTls, Config } from "../Config.ts"
import * as Position from "../position/Position.ts"
import * as ReadCache from "../position/ReadCache.ts"
import * as Throttle from "../safety/Throttle.ts"
import * as RequestLog from "./RequestLog.ts"
import * as SecurityHeaders from "./SecurityHeaders.ts"

/**
 * The fast-pathed endpoints: the handler's endpoint name (its cache key's), its path, and whether its key names the
 * day as well (`ReadCache.dailyUrl`: an answer that counts days, as certificability's days left do).
 *
 * @category getters
 * @since 0.3.0
 */
export const routes: ReadonlyArray<{ readonly endpoint: string; readonly path: RegExp; readonly daily?: true }> = [
  { endpoint: "campaignResults", path: /^\/campaigns\/[^/]+\/results$/ },
  { endpoint: "resultsPage", path: /^\/campaigns\/[^/]+\/participants$/ },
  { endpoint: "campaignAnalysis", path: /^\/campaigns\/[^/]+\/analysis$/ },
  { endpoint: "learners", path: /^\/organizations\/[^/]+\/learners$/ },
  { endpoint: "learnersPage", path: /^\/organizations\/[^/]+\/learners\/page$/ },
  { endpoint: "certificability", path: /^\/organizations\/[^/]+\/certificability$/, daily: true }
]

/**
 * Answers a request from the cache: true when answered, false when the normal path must answer it, or a promise of
 * either when the stores answer asynchronously (PostgreSQL; SQLite and the in-memory store answer at once).
 *
 * @category models
 * @since 0.3.0
 */
export type Answer = (request: Http.IncomingMessage, response: Http.ServerResponse) => boolean | Promise<boolean>

/**
 * Where the server finds the fast path once the app's services are built (`Server.serve` creates the server
 * before them).
 *
 * @category models
 * @since 0.3.0
 */
export interface Slot {
  answer: Answer | undefined
}

/**
 * How many requests the fast path answered in this process (the tests check which path answered).
 *
 * @category getters
 * @since 0.3.0
 */
export const stats = { answered: 0 }

/**
 * The value of an effect run at once when it can be, else a promise of it (a store that answers asynchronously);
 * throws its failure.
 */
const settle = <A, E>(effect: Effect.Effect<A, E>): A | Promise<A> => {
  const exit = Effect.runSyncExit(effect)
  if (exit._tag === "Success") return exit.value
  const pending = Cause.squash(exit.cause)
  if (Cause.isAsyncFiberError(pending)) return Effect.runPromise(Fiber.join(pending.fiber)) as Promise<A>
  throw pending
}

const single = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : undefined

/**
 * The endpoint of a request the fast path may answer, with its bearer credentials; undefined otherwise.
 *
 * @category getters
 * @since 0.3.0
 */
export const candidate = (
  request: Http.IncomingMessage
):
  | {
      readonly endpoint: string
      readonly daily: boolean
      readonly credentials: Extract<SessionCookie.Credentials, { readonly _tag: "Bearer" }>
    }
  | undefined => {
  if (request.method !== "GET" || request.url === undefined) return undefined
  const headers = request.headers
  if (headers[Position.headerName] !== undefined || headers["idempotency-key"] !== undefined) return undefined
  // The position cookie is waited for by the normal path: any cookie header naming it goes there.
  if (headers.cookie?.includes(Position.cookieName)) return undefined
  const path = RequestLog.pathOf(request.url)
  const route = routes.find((candidate) => candidate.path.test(path))
  if (route === undefined) return undefined
  if (Throttle.defaultRoutes.some((limited) => limited.method === "GET" && limited.path.test(path))) return undefined
  const credentials = SessionCookie.credentials({ authorization: single(headers.authorization) }, {}, false)
  if (credentials._tag !== "Bearer") return undefined
  return { endpoint: route.endpoint, daily: route.daily === true, credentials }
}

/**
 * The fast path over the app's services: installs its answer in `slot` while the layer lives (none when the
 * config turns it off).
 *
 * @category layers
 * @since 0.3.0
 */
export const layer = (slot: Slot) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const config = yield* Config
      if (config.fastPath === false) return
      const sessions = yield* SessionStore
      const store = yield* EventStore.EventStore
      const cache = (yield* ReadCache.ReadCache)(store)
      const sink = yield* RequestLog.LogSink
      // The headers every answer shares, flat (`writeHead` takes [name, value, name, value, …]): built once.
      const shared = Object.entries({
        ...SecurityHeaders.headers(behindTls(config)),
        "content-type": ReadCache.contentType
      }).flat()
      const write = (
        request: Http.IncomingMessage,
        response: Http.ServerResponse,
        bytes: Uint8Array,
        started: number
      ) => {
        const requestId = RequestLog.requestIdOf(single(request.headers["x-request-id"]))
        response.writeHead(200, [...shared, "content-length", String(bytes.length), "x-request-id", requestId])
        response.end(bytes)
        stats.answered++
        sink(RequestLog.line(requestId, "GET", request.url as string, 200, started))
        return true
      }
      // The session, then the cached bytes: `CurrentSession.ofCredentials`'s rule (`Sessions.live`) and
      // `ReadCache.peek`, each store call run at once when the store answers at once (SQLite, memory), without a
      // generator and fiber around them (a few µs a request, measured in bench/http); awaited when it does not
      // (PostgreSQL). A store that fails: the normal path answers it (503).
      const cached = (
        endpoint: string,
        url: string,
        record: SessionRecord | undefined,
        now: number
      ): Uint8Array | undefined | Promise<Uint8Array | undefined> => {
        const session = Sessions.live(record, "token", now)
        if (session === undefined) return undefined
        return settle(cache.peek(ReadCache.requestKey(endpoint, Actors.user(session.accountId), url)))
      }
      const answer: Answer = (request, response) => {
        const started = performance.now()
        const found = candidate(request)
        if (found === undefined) return false
        const secret = found.credentials.secret
        if (!Sessions.wellFormed(secret)) return false
        const now = Date.now()
        const url = found.daily ? ReadCache.dailyUrl(request.url as string, now) : (request.url as string)
        const respond = (bytes: Uint8Array | undefined) =>
          bytes === undefined ? false : write(request, response, bytes, started)
        try {
          const record = settle(sessions.find(Sessions.hashSecret(secret)))
          const bytes =
            record instanceof Promise
              ? record.then((record) => cached(found.endpoint, url, record, now))
              : cached(found.endpoint, url, record, now)
          return bytes instanceof Promise ? bytes.then(respond, () => false) : respond(bytes)
        } catch {
          return false
        }
      }
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          slot.answer = answer
        }),
        () =>
          Effect.sync(() => {
            slot.answer = undefined
          })
      )
    })
  )
