/**
 * The library behind the endpoints: the eight services of `@orga/orga` over the event log the settings name
 * (`<dataDir>/orga.db`, SQLite, or `DATABASE_URL`, PostgreSQL), the app's credentials table beside the
 * sessions, and every group's handlers.
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import { Accounts, Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as App from "../App.ts"
import { CredentialStore } from "../auth/CredentialStore.ts"
import * as PostgresCredentialStore from "../auth/PostgresCredentialStore.ts"
import * as SqliteCredentialStore from "../auth/SqliteCredentialStore.ts"
import type { AppConfig } from "../Config.ts"
import * as InvitationIndex from "../invitations/InvitationIndex.ts"
import * as Readiness from "../server/Readiness.ts"
import * as SystemApi from "../server/SystemApi.ts"
import * as AccountsHandlers from "./AccountsHandlers.ts"
import * as OrgaHandlers from "./OrgaHandlers.ts"

/**
 * What the endpoints' handlers need from the library: the eight services, the credentials table and the
 * invitations read by id and code.
 *
 * @category models
 * @since 0.1.0
 */
export type Services = Orga.Services | CredentialStore | InvitationIndex.InvitationIndex

/**
 * The library's actor of a user id.
 *
 * @category constructors
 * @since 0.1.0
 */
export const actor = (userId: string): Orga.OrgaActor => Orga.user(userId)

/**
 * The credentials table the settings ask for (`<dataDir>/credentials.db`, or `http_credentials` in PostgreSQL).
 *
 * @category layers
 * @since 0.1.0
 */
export const credentialStore = (config: AppConfig, schema?: string) =>
  Layer.effect(
    CredentialStore,
    config.databaseUrl === undefined
      ? SqliteCredentialStore.make(Path.join(config.dataDir, "credentials.db"))
      : PostgresCredentialStore.make({ connectionString: config.databaseUrl, schema })
  )

/**
 * The library's options the app sets: who acts as Pix Admin.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly pixAdminIds: ReadonlyArray<string>
  /** On PostgreSQL: the schema of the event log (default `orga_events`) and of the credentials (default `public`). */
  readonly schemas?: { readonly events?: string | undefined; readonly credentials?: string | undefined } | undefined
}

/**
 * The eight services over the configured log (live clock, ids and randomness), and the credentials table.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  config: AppConfig,
  options: Options,
  events: ReturnType<typeof App.eventStore> = App.eventStore(config, options.schemas?.events)
) =>
  Layer.mergeAll(
    Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: options.pixAdminIds }).pipe(
      Layer.provide(Runtime.live)
    ),
    credentialStore(config, options.schemas?.credentials),
    InvitationIndex.layer
  ).pipe(Layer.provideMerge(events))

/**
 * The app's readiness probes and the library's: its read models answer a query, which waits for them to have
 * folded the log up to its head (a store that does not answer, or read models still behind after the probe's
 * timeout, make `/ready` answer 503).
 *
 * @category layers
 * @since 0.1.0
 */
export const readiness = Layer.effect(
  Readiness.Readiness,
  Effect.gen(function* () {
    const probes = yield* Readiness.Readiness
    const accounts = yield* Accounts.Accounts
    return [...probes, { name: "read-models", check: accounts.account("readiness-probe") }]
  })
)

/**
 * The handlers of every group of `OrgaApi.Api`.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = Layer.mergeAll(
  SystemApi.handlers.pipe(Layer.provide(readiness)),
  AccountsHandlers.handlers,
  OrgaHandlers.handlers
)

/**
 * The Pix Admin ids from `PIX_ADMIN_IDS` (comma-separated user ids).
 *
 * @category getters
 * @since 0.1.0
 */
export const pixAdminIdsFromEnv = (env: Readonly<Record<string, string | undefined>>): ReadonlyArray<string> =>
  (env.PIX_ADMIN_IDS ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "")
