/**
 * Where session and token records live: a small port with two adapters (`SqliteSessionStore`, a table in its own
 * SQLite file under the data dir; `PostgresSessionStore`, for instances sharing one database).
 *
 * Records are keyed by the SHA-256 of the secret the client holds, never the secret itself: a leaked table
 * opens no session. Revocation marks the record (kept until it expires, so an audit can see it) rather than
 * deleting it.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * A cookie session (a browser) or a bearer token (an API client).
 *
 * @category models
 * @since 0.1.0
 */
export type Kind = "cookie" | "token"

/**
 * One session or token.
 *
 * @category models
 * @since 0.1.0
 */
export interface SessionRecord {
  /** Hex SHA-256 of the secret. */
  readonly idHash: string
  readonly kind: Kind
  readonly accountId: string
  /** The synchronizer CSRF token of a cookie session (empty for tokens, which are exempt). */
  readonly csrfToken: string
  /** Epoch milliseconds. */
  readonly createdAt: number
  readonly expiresAt: number
  readonly revokedAt: number | null
}

/**
 * The store failed (I/O, connection); the request gets a 503.
 *
 * @category errors
 * @since 0.1.0
 */
export class SessionStoreError extends Schema.TaggedError<SessionStoreError>()("SessionStoreError", {
  message: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {}

/**
 * The port.
 *
 * @category models
 * @since 0.1.0
 */
export interface Store {
  /** Stores a new record (its `idHash` is new: 256 random bits). */
  readonly insert: (record: SessionRecord) => Effect.Effect<void, SessionStoreError>
  /** The record of an id hash, revoked or expired ones included. */
  readonly find: (idHash: string) => Effect.Effect<SessionRecord | undefined, SessionStoreError>
  /** Marks one record revoked at `at` (no-op when unknown or already revoked). */
  readonly revoke: (idHash: string, at: number) => Effect.Effect<void, SessionStoreError>
  /** Marks every live record of an account revoked (e.g. after a password reset); returns how many. */
  readonly revokeAccount: (accountId: string, at: number) => Effect.Effect<number, SessionStoreError>
  /** Deletes records expired before `now`; returns how many. */
  readonly deleteExpired: (now: number) => Effect.Effect<number, SessionStoreError>
  /** Succeeds when the store answers (readiness). */
  readonly ping: Effect.Effect<void, SessionStoreError>
}

/**
 * The store of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class SessionStore extends Context.Service<SessionStore, Store>()("@orga/http/SessionStore") {}
