/**
 * Sessions and API tokens: open one for an account, authenticate a request's secret, revoke on sign-out.
 *
 * The client holds 256 random bits (`node:crypto`), base64url; the store holds their SHA-256 (a fast hash is
 * enough for a secret with that much entropy, unlike a password). A browser gets the secret in an httpOnly cookie
 * (`SessionCookie`) with a CSRF token to echo on changes; an API client gets a bearer token (`orga_…`, so secret
 * scanners recognise a leaked one), exempt from CSRF since a browser never sends it by itself. Both expire
 * (absolute expiry: 12 hours for a browser session, a school day and its evening; 90 days for a token) and are
 * revoked at sign-out (`revoke`) or all at once (`revokeAccount`, after a password reset).
 *
 * @since 0.1.0
 */
import { createHash, randomBytes } from "node:crypto"
import * as Effect from "effect/Effect"
import type { Kind, SessionRecord, SessionStoreError, Store } from "./SessionStore.ts"

/**
 * How long each kind lives, in milliseconds.
 *
 * @category getters
 * @since 0.1.0
 */
export const lifetimes: Record<Kind, number> = {
  cookie: 12 * 60 * 60 * 1000,
  token: 90 * 24 * 60 * 60 * 1000
}

/**
 * The prefix of bearer tokens.
 *
 * @category getters
 * @since 0.1.0
 */
export const tokenPrefix = "orga_"

/**
 * The store key of a secret.
 *
 * @category getters
 * @since 0.1.0
 */
export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex")

const randomSecret = (): string => randomBytes(32).toString("base64url")

/**
 * A session just opened: the secret to give the client (once: it is not stored) and the record.
 *
 * @category models
 * @since 0.1.0
 */
export interface Opened {
  readonly secret: string
  readonly record: SessionRecord
}

/**
 * Opens a session (`cookie`) or a token (`token`) for an account at `now` (epoch ms).
 *
 * @category constructors
 * @since 0.1.0
 */
export const open = (
  store: Store,
  accountId: string,
  kind: Kind,
  now: number
): Effect.Effect<Opened, SessionStoreError> => {
  const secret = kind === "token" ? `${tokenPrefix}${randomSecret()}` : randomSecret()
  const record: SessionRecord = {
    idHash: hashSecret(secret),
    kind,
    accountId,
    csrfToken: kind === "cookie" ? randomSecret() : "",
    createdAt: now,
    expiresAt: now + lifetimes[kind],
    revokedAt: null
  }
  return store.insert(record).pipe(Effect.as({ secret, record }))
}

/**
 * Whether a presented secret could be one of ours (length and alphabet): junk is refused without asking the store
 * (a query, and its log, spared).
 *
 * @category guards
 * @since 0.3.0
 */
export const wellFormed = (secret: string): boolean =>
  secret.length >= 40 && secret.length <= 100 && /^[A-Za-z0-9_-]+$/.test(secret)

/**
 * The record found for a secret presented as `kind` when it is live at `now`: undefined when unknown, of the other
 * kind (a token sent as a cookie), revoked or expired. The one rule of {@link authenticate} and of the fast path,
 * which reads the store without effect's machinery (`FastPath`).
 *
 * @category guards
 * @since 0.3.0
 */
export const live = (record: SessionRecord | undefined, kind: Kind, now: number): SessionRecord | undefined =>
  record !== undefined && record.kind === kind && record.revokedAt === null && now < record.expiresAt
    ? record
    : undefined

/**
 * The live record of a secret presented as `kind` at `now`: undefined when unknown, of the other kind (a token
 * sent as a cookie), revoked or expired.
 *
 * @category combinators
 * @since 0.1.0
 */
export const authenticate = (
  store: Store,
  secret: string,
  kind: Kind,
  now: number
): Effect.Effect<SessionRecord | undefined, SessionStoreError> => {
  if (!wellFormed(secret)) return Effect.succeed(undefined)
  return store.find(hashSecret(secret)).pipe(Effect.map((record) => live(record, kind, now)))
}

/**
 * Revokes the session or token of a secret (sign-out); nothing happens for an unknown secret.
 *
 * @category combinators
 * @since 0.1.0
 */
export const revoke = (store: Store, secret: string, now: number): Effect.Effect<void, SessionStoreError> =>
  store.revoke(hashSecret(secret), now)
