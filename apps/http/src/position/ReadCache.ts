/**
 * Encoded answers of heavy reads (a campaign's results and analysis, a school's learners, whole or paged) kept per
 * key and log head: while the event store's head has not moved, the same query for the same actor answers the same
 * bytes, so they are encoded once and served again. A write anywhere (any instance: the head is read from the store
 * on every request, from PostgreSQL when the app runs on it) moves the head and the next read computes afresh.
 *
 * Why: measured in `bench/http`, a 3,000-participant campaign's results page of 50 cost the app's thread about
 * 0.5 ms per request (the `Schema` encoding, `JSON.stringify`, the string's UTF-8 encoding on write), the whole
 * list 12–40 ms; under 50 connections the app answered 6–9 % of a bare handler returning the same bytes. Misses for
 * the same key and head are computed once (the others wait for it), and that computation is not interrupted by
 * a client that leaves (the others would wait forever). The key must name everything the answer depends on, the
 * actor included (the answer is what that actor may see); the cached queries read no clock.
 *
 * Memory is bounded twice: at most `maxEntries` keys and `maxBytes` of encoded answers (the least recently used go
 * first; an answer larger than `maxBytes` is served but not kept). Entries of an older head are dropped as soon as a
 * request sees the head move: they are never served again, and under a busy log (a rentrée: the head moves with
 * every import) they were most of the cache, up to its 64 MB of dead answers a school's pages had left
 * (`bench/scale`, "A school's weight"). The cache holds encoded bytes only, nothing of the read models: a school a
 * follower evicted is not kept alive by it.
 *
 * @since 0.1.0
 */
import { EventStore, type EventStoreError } from "@orga/event-store"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import { HttpServerResponse } from "effect/http"
import * as Schema from "effect/Schema"

interface Entry {
  readonly head: bigint
  readonly bytes: Deferred.Deferred<Uint8Array, unknown>
  /** The answer's size once computed (0 while computing). */
  size: number
  /** The answer once computed (what the fast path serves without waiting). */
  value?: Uint8Array
}

/**
 * The cache's bounds: how many keys, how many bytes of encoded answers.
 *
 * @category models
 * @since 0.2.0
 */
export interface Limits {
  readonly maxEntries: number
  readonly maxBytes: number
}

/**
 * The app's bounds: 256 keys and 64 MB (a whole list of 3,000 results or 5,000 learners is 1.1–1.4 MB, a page of
 * 50 is 15–25 KB).
 *
 * @category getters
 * @since 0.2.0
 */
export const defaultLimits: Limits = { maxEntries: 256, maxBytes: 64 * 1024 * 1024 }

/**
 * The cache.
 *
 * @category models
 * @since 0.2.0
 */
export interface Shape {
  /** The JSON answer of `compute` for `key` at the store's current head (`JSON.stringify`, once per head). */
  readonly json: <E, R>(
    key: string,
    compute: Effect.Effect<unknown, E, R>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, E | EventStoreError.EventStoreError, R>
  /**
   * The JSON answer of `compute` encoded by `schema` (an endpoint's success schema: the bytes are those the
   * endpoint would answer), once per key and head. Given as a function, the query is not even built on a hit (the
   * library checks its inputs when it is called).
   */
  readonly encoded: <S extends Schema.Top, E, R>(
    key: string,
    schema: S,
    compute: Effect.Effect<S["Type"], E, R> | (() => Effect.Effect<S["Type"], E, R>)
  ) => Effect.Effect<
    HttpServerResponse.HttpServerResponse,
    E | EventStoreError.EventStoreError,
    R | S["EncodingServices"]
  >
  /**
   * The bytes `compute` makes for `key` at the store's current head, made once per head (a web page's HTML: the
   * caller builds the response, with its own headers). Given as a function, nothing is built on a hit.
   */
  readonly bytes: <E, R>(
    key: string,
    compute: () => Effect.Effect<Uint8Array, E, R>
  ) => Effect.Effect<Uint8Array, E | EventStoreError.EventStoreError, R>
  /**
   * The bytes kept for `key` at the store's current head, if computed already (the fast path's look-up: it never
   * computes nor waits).
   */
  readonly peek: (key: string) => Effect.Effect<Uint8Array | undefined, EventStoreError.EventStoreError>
  /** How many keys and bytes are kept now. */
  readonly size: Effect.Effect<{ readonly entries: number; readonly bytes: number }>
}

/**
 * A cache over a store, within `limits` (a number: that many keys, and the default bytes).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (store: EventStore.EventStoreShape, limits: Partial<Limits> | number = {}): Shape => {
  const { maxEntries, maxBytes } =
    typeof limits === "number" ? { ...defaultLimits, maxEntries: limits } : { ...defaultLimits, ...limits }
  const entries = new Map<string, Entry>()
  let bytes = 0
  // The newest head a request has seen: entries of an older one are dropped when it moves.
  let newest = -1n
  const drop = (key: string) => {
    const entry = entries.get(key)
    if (entry === undefined) return
    bytes -= entry.size
    entries.delete(key)
  }
  // Least recently used first: the first keys of the map are evicted.
  const evict = () => {
    for (const key of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) return
      drop(key)
    }
  }
  // Drops the entries of heads older than `head` (one whose computation is running stays reachable to those who
  // wait for it: its end finds it gone from the map and keeps nothing).
  const moved = (head: bigint) => {
    if (head <= newest) return
    newest = head
    for (const [key, entry] of entries) if (entry.head < head) drop(key)
  }
  const cached = <E, R>(key: string, compute: Effect.Effect<Uint8Array, E, R>) =>
    Effect.gen(function* () {
      const head = yield* store.head
      moved(head)
      const found = entries.get(key)
      let entry: Entry
      if (found !== undefined && found.head === head) {
        entry = found
        entries.delete(key)
        entries.set(key, entry)
      } else {
        entry = { head, bytes: yield* Deferred.make<Uint8Array, unknown>(), size: 0 }
        drop(key)
        entries.set(key, entry)
        evict()
        // Not interrupted when its client leaves: other requests may be waiting for this answer.
        yield* Effect.uninterruptible(
          Effect.gen(function* () {
            const computed = yield* Effect.exit(compute)
            if (entries.get(key) === entry) {
              if (computed._tag === "Failure" || computed.value.length > maxBytes) drop(key)
              else {
                entry.size = computed.value.length
                entry.value = computed.value
                bytes += entry.size
                evict()
              }
            }
            yield* Deferred.done(entry.bytes, computed)
          })
        )
      }
      return (yield* Deferred.await(entry.bytes)) as Uint8Array
    }) as Effect.Effect<Uint8Array, E | EventStoreError.EventStoreError, R>
  const jsonResponse = (answer: Uint8Array) => HttpServerResponse.uint8Array(answer, { contentType })
  const encoder = new TextEncoder()
  return {
    json: (key, compute) =>
      Effect.map(
        cached(
          key,
          Effect.map(compute, (value) => encoder.encode(JSON.stringify(value)))
        ),
        jsonResponse
      ),
    encoded: <S extends Schema.Top, E, R>(
      key: string,
      schema: S,
      compute: Effect.Effect<S["Type"], E, R> | (() => Effect.Effect<S["Type"], E, R>)
    ) => {
      // An answer the endpoint's schema cannot encode is the app's bug, as it is for HttpApi (a defect).
      const encode = Schema.encodeUnknownEffect(schema)
      return Effect.map(
        cached(
          key,
          (typeof compute === "function" ? Effect.suspend(compute) : compute).pipe(
            Effect.flatMap((value) => Effect.orDie(encode(value))),
            Effect.map((value) => encoder.encode(JSON.stringify(value)))
          )
        ),
        jsonResponse
      )
    },
    bytes: (key, compute) => cached(key, Effect.suspend(compute)),
    peek: (key) =>
      Effect.map(store.head, (head) => {
        moved(head)
        const found = entries.get(key)
        if (found === undefined || found.head !== head || found.value === undefined) return undefined
        entries.delete(key)
        entries.set(key, found)
        return found.value
      }),
    size: Effect.sync(() => ({ entries: entries.size, bytes }))
  }
}

/**
 * The key of a read: the endpoint, the actor (the answer is what that actor may see) and every parameter.
 *
 * @category constructors
 * @since 0.2.0
 */
export const keyOf = (endpoint: string, actor: unknown, params: unknown, query: unknown): string =>
  JSON.stringify([endpoint, actor, params, query])

/**
 * The key of an API read from its request: the endpoint, the actor and the request's URL as sent (path and query:
 * everything the endpoint decodes its parameters from). The handlers and the fast path (`FastPath`) both key by
 * it, so they cannot drift; two spellings of one query are two keys (a miss, never a wrong answer).
 *
 * @category constructors
 * @since 0.3.0
 */
export const requestKey = (endpoint: string, actor: unknown, url: string): string => keyOf(endpoint, actor, url, null)

/**
 * A request's URL with the UTC day of `millis`: the key's URL for an answer that also depends on the day (the days
 * left until certificability's deadline change at midnight UTC, the deadline's 23:59:59.999Z). The handler keys by
 * its clock, the fast path (`FastPath`) by the time it checks the session with.
 *
 * @category constructors
 * @since 0.3.0
 */
export const dailyUrl = (url: string, millis: number): string => `${url}#${new Date(millis).toISOString().slice(0, 10)}`

/**
 * The content type of the cached JSON answers (the fast path sends the same).
 *
 * @category getters
 * @since 0.3.0
 */
export const contentType = "application/json"

// One cache per event store (a process may serve several apps, as the tests do), kept while the store lives.
const byStore = new WeakMap<EventStore.EventStoreShape, Shape>()

/**
 * The cache of each event store the handlers use: by default one per store within {@link defaultLimits} (no layer
 * to provide: the handlers find the app's store in their context). Provide another value for other limits.
 *
 * @category services
 * @since 0.2.0
 */
export const ReadCache = Context.Reference<(store: EventStore.EventStoreShape) => Shape>("@orga/http/ReadCache", {
  defaultValue: () => (store) => {
    const found = byStore.get(store)
    if (found !== undefined) return found
    const made = make(store)
    byStore.set(store, made)
    return made
  }
})

/**
 * The JSON answer of `compute` encoded by `schema`, through the cache of the app's event store.
 *
 * @category combinators
 * @since 0.2.0
 */
export const encoded = <S extends Schema.Top, E, R>(
  key: string,
  schema: S,
  compute: Effect.Effect<S["Type"], E, R> | (() => Effect.Effect<S["Type"], E, R>)
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  E | EventStoreError.EventStoreError,
  R | S["EncodingServices"] | EventStore.EventStore
> =>
  Effect.gen(function* () {
    const cacheOf = yield* ReadCache
    return yield* cacheOf(yield* EventStore.EventStore).encoded(key, schema, compute)
  })
