/**
 * Read-your-writes across instances by log position.
 *
 * A state-changing request that succeeds is answered with `Orga-Position: <p>`, the event store's head once its
 * writes are done (at least the position of its last event: the library returns only once its writes are
 * stored). A later request presenting `Orga-Position` (or the `orga_position` cookie a browser client may keep)
 * is handled only once the serving instance's store sees every event up to `p` (`awaitPosition`); the library's
 * queries then fold up to the store's head before answering, so the client reads its own writes whichever
 * instance serves it. An instance that cannot reach `p` within 5 s answers 503 with `Retry-After` (a position
 * from the future, a lagging replica), never a stale read.
 *
 * No library change was needed: the front door's use cases do not return their position, but the store's
 * `head` after the write is a sound upper bound, and `awaitPosition` is part of the store port.
 *
 * @since 0.1.0
 */
import { EventStore } from "@orga/event-store"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Problem from "../server/Problem.ts"

/**
 * The header, on responses (the position of the writes) and requests (the position to read at).
 *
 * @category getters
 * @since 0.1.0
 */
export const headerName = "orga-position"

/**
 * The cookie a client may present instead of the header.
 *
 * @category getters
 * @since 0.1.0
 */
export const cookieName = "orga_position"

/** How long a request waits for its position before the 503. */
const waitFor = Duration.seconds(5)

/**
 * The position a request presents: absent, a position, or invalid (not a non-negative integer of at most 19 digits).
 *
 * @category getters
 * @since 0.1.0
 */
export const presented = (header: string | undefined, cookie: string | undefined): bigint | undefined | "invalid" => {
  const raw = header ?? cookie
  if (raw === undefined || raw === "") return undefined
  return /^\d{1,19}$/.test(raw) ? BigInt(raw) : "invalid"
}

const invalid = () =>
  Problem.toResponse(
    Problem.make(400, "INVALID_POSITION", "La position Orga-Position doit être un entier positif.", {})
  )
const notReached = () =>
  Problem.toResponse(
    Problem.make(
      503,
      "POSITION_NOT_REACHED",
      "Le service n'a pas encore reçu vos dernières modifications ; réessayez dans un instant.",
      {}
    ),
    { "retry-after": "1" }
  )

const changesState = (method: string) => method !== "GET" && method !== "HEAD" && method !== "OPTIONS"

/**
 * The global router middleware (outside the idempotency middleware: a replayed response keeps its position).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const store = yield* EventStore.EventStore
    return (httpEffect) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const position = presented(request.headers[headerName], request.cookies[cookieName])
        if (position === "invalid") return invalid()
        if (position !== undefined) {
          const reached = yield* store.awaitPosition(position, waitFor).pipe(
            Effect.as(true),
            Effect.orElseSucceed(() => false)
          )
          if (!reached) return notReached()
        }
        const response = yield* httpEffect
        if (!changesState(request.method) || response.status >= 400 || response.headers[headerName] !== undefined)
          return response
        const head = yield* store.head.pipe(Effect.orElseSucceed(() => undefined))
        return head === undefined ? response : HttpServerResponse.setHeader(response, headerName, head.toString())
      })
  }),
  { global: true }
)
