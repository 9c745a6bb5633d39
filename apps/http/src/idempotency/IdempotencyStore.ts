/**
 * Where the first response to each `Idempotency-Key` is kept, per account, for a bounded time: in the shared
 * database (PostgreSQL with `DATABASE_URL`, `<dataDir>/idempotency.db` otherwise), so a retry reaching another
 * instance is answered the same.
 *
 * `begin` takes the key in one statement: a new key (or an expired one) is started with a short lease; a key in
 * flight whose lease expired (its instance died) is started again, which is safe because the request's command id
 * is derived from the key, so the library appends nothing twice. A key used for a different request is reported.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * A response as stored and replayed.
 *
 * @category models
 * @since 0.1.0
 */
export interface StoredResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/**
 * What `begin` found.
 *
 * @category models
 * @since 0.1.0
 */
export type Begin =
  | { readonly _tag: "Started" }
  | { readonly _tag: "Done"; readonly response: StoredResponse }
  | { readonly _tag: "Busy" }
  | { readonly _tag: "Mismatch" }

/**
 * The store could not be read or written.
 *
 * @category errors
 * @since 0.1.0
 */
export class IdempotencyStoreError extends Schema.TaggedError<IdempotencyStoreError>()("IdempotencyStoreError", {
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}

/**
 * A key's identity and timing, given to `begin`.
 *
 * @category models
 * @since 0.1.0
 */
export interface Attempt {
  /** The account (or `anonymous`) the key belongs to. */
  readonly owner: string
  readonly key: string
  /** A digest of the request (method, path, body): the same key for another request is a mismatch. */
  readonly fingerprint: string
  readonly now: number
  /** How long a key in flight is held before another attempt may take it over. */
  readonly leaseMillis: number
  /** How long the response is kept. */
  readonly ttlMillis: number
}

/**
 * The port.
 *
 * @category models
 * @since 0.1.0
 */
export interface Store {
  readonly begin: (attempt: Attempt) => Effect.Effect<Begin, IdempotencyStoreError>
  readonly complete: (
    owner: string,
    key: string,
    response: StoredResponse
  ) => Effect.Effect<void, IdempotencyStoreError>
  /** Forgets a key in flight whose request ended without a response worth keeping (a 5xx, a failure). */
  readonly release: (owner: string, key: string) => Effect.Effect<void, IdempotencyStoreError>
  readonly deleteExpired: (now: number) => Effect.Effect<number, IdempotencyStoreError>
}

/**
 * The store of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class IdempotencyStore extends Context.Service<IdempotencyStore, Store>()("@orga/http/IdempotencyStore") {}

/**
 * A stored row as a `begin` answer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const found = (
  row: {
    fingerprint: string
    status: number | string | bigint | null
    headers: string | null
    body: Uint8Array | null
  },
  fingerprint: string
): Begin => {
  if (row.fingerprint !== fingerprint) return { _tag: "Mismatch" }
  if (row.status === null) return { _tag: "Busy" }
  return {
    _tag: "Done",
    response: {
      status: Number(row.status),
      headers: JSON.parse(row.headers ?? "{}") as Record<string, string>,
      body: new Uint8Array(row.body ?? new Uint8Array())
    }
  }
}

/**
 * The failure of a store operation.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fail =
  (what: string) =>
  (cause: unknown): IdempotencyStoreError =>
    new IdempotencyStoreError({ message: `idempotency: ${what} failed`, cause })
