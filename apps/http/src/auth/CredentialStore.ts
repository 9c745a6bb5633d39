/**
 * The credentials port: one argon2id hash per user id, kept by the app beside its sessions, never in the event
 * log (docs/adr/0039-credentials-outside-the-log.md: a hash must be erasable, replaceable and out of an
 * append-only history that is replayed and copied).
 *
 * Logins (e-mail, username) are not here: the library reserves them and resolves a login to its user id
 * (`Accounts.accountByLogin`); this store only answers "which hash does this user id have".
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { SessionStoreError } from "./SessionStore.ts"

/**
 * The port (its failures are the app stores' `SessionStoreError`: a 503, whatever the table).
 *
 * @category models
 * @since 0.1.0
 */
export interface Store {
  /** The hash of a user id, or undefined when the user has no password (not yet set, or erased). */
  readonly get: (userId: string) => Effect.Effect<string | undefined, SessionStoreError>
  /** Sets (inserts or replaces) the hash of a user id at `at` (epoch ms). */
  readonly set: (userId: string, hash: string, at: number) => Effect.Effect<void, SessionStoreError>
  /** Erases the hash of a user id (GDPR erasure); no-op when none. */
  readonly erase: (userId: string) => Effect.Effect<void, SessionStoreError>
}

/**
 * The store of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class CredentialStore extends Context.Service<CredentialStore, Store>()("@orga/http/CredentialStore") {}
