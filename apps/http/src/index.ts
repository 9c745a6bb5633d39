/**
 * `@orga/http`: the reference HTTP app's modules (its API and typed client, for other services and the pages of issue 14).
 *
 * @since 0.1.0
 */

/** The whole app from its settings. */
export * as App from "./App.ts"
/** The accounts group (sign-up, sign-in, terms, organizations, password resets). */
export * as AccountsApi from "./api/AccountsApi.ts"
/** The accounts group's handlers. */
export * as AccountsHandlers from "./api/AccountsHandlers.ts"
/** Who a request acts as. */
export * as Actors from "./api/Actors.ts"
/** The Analysis group. */
export * as AnalysisApi from "./api/AnalysisApi.ts"
/** The Analysis group's handlers. */
export * as AnalysisHandlers from "./api/AnalysisHandlers.ts"
/** The BackOffice group. */
export * as BackOfficeApi from "./api/BackOfficeApi.ts"
/** The BackOffice group's handlers. */
export * as BackOfficeHandlers from "./api/BackOfficeHandlers.ts"
/** The Campaigns group. */
export * as CampaignsApi from "./api/CampaignsApi.ts"
/** The Campaigns group's handlers. */
export * as CampaignsHandlers from "./api/CampaignsHandlers.ts"
/** The typed client for other TypeScript services. */
export * as Client from "./api/Client.ts"
/** The library's services behind the endpoints. */
export * as Library from "./api/Library.ts"
/** The library's services as endpoint groups, and the app's API. */
export * as OrgaApi from "./api/OrgaApi.ts"
/** The handlers of the library's groups. */
export * as OrgaHandlers from "./api/OrgaHandlers.ts"
/** The Participations group. */
export * as ParticipationsApi from "./api/ParticipationsApi.ts"
/** The Participations group's handlers. */
export * as ParticipationsHandlers from "./api/ParticipationsHandlers.ts"
/** The personal-data group (Pix Admin: erasure, a person's data export, retention). */
export * as PrivacyApi from "./api/PrivacyApi.ts"
/** The personal-data group's handlers. */
export * as PrivacyHandlers from "./api/PrivacyHandlers.ts"
/** The Reports group. */
export * as ReportsApi from "./api/ReportsApi.ts"
/** The Reports group's handlers. */
export * as ReportsHandlers from "./api/ReportsHandlers.ts"
/** The Rosters group. */
export * as RostersApi from "./api/RostersApi.ts"
/** The Rosters group's handlers. */
export * as RostersHandlers from "./api/RostersHandlers.ts"
/** The views' schemas. */
export * as Schemas from "./api/Schemas.ts"
/** The Team group. */
export * as TeamApi from "./api/TeamApi.ts"
/** The Team group's handlers. */
export * as TeamHandlers from "./api/TeamHandlers.ts"
/** The credentials port. */
export * as CredentialStore from "./auth/CredentialStore.ts"
/** CSRF synchronizer tokens for cookie sessions. */
export * as Csrf from "./auth/Csrf.ts"
/** The session of the request being handled. */
export * as CurrentSession from "./auth/CurrentSession.ts"
/** argon2id password hashing. */
export * as Password from "./auth/Password.ts"
/** The credentials on PostgreSQL. */
export * as PostgresCredentialStore from "./auth/PostgresCredentialStore.ts"
/** The session store on PostgreSQL. */
export * as PostgresSessionStore from "./auth/PostgresSessionStore.ts"
/** The session cookie and a request's credentials. */
export * as SessionCookie from "./auth/SessionCookie.ts"
/** The session store port. */
export * as SessionStore from "./auth/SessionStore.ts"
/** Sessions and bearer tokens. */
export * as Sessions from "./auth/Sessions.ts"
/** The credentials in their own SQLite file. */
export * as SqliteCredentialStore from "./auth/SqliteCredentialStore.ts"
/** The session store in its own SQLite file. */
export * as SqliteSessionStore from "./auth/SqliteSessionStore.ts"
/** Settings from the environment. */
export * as Config from "./Config.ts"
/** The demo school on first start. */
export * as Demo from "./demo/Demo.ts"
/** `Idempotency-Key` on every POST, mapped to the library's command ids. */
export * as Idempotency from "./idempotency/Idempotency.ts"
/** Where the first response per key is kept (port). */
export * as IdempotencyStore from "./idempotency/IdempotencyStore.ts"
/** Invitations read by id and code (the e-mail's link): the organization, its name, whether still acceptable. */
export * as InvitationIndex from "./invitations/InvitationIndex.ts"
/** Mail through SMTP or the outbox. */
export * as Mail from "./mail/Mail.ts"
/** The invitation e-mail and its French message. */
export * as Invitation from "./outbox/Invitation.ts"
/** The delivery ledger (port). */
export * as Ledger from "./outbox/Ledger.ts"
/** The invitation outbox of the running app. */
export * as Outbox from "./outbox/Outbox.ts"
/** The invitation sender over the log. */
export * as Sender from "./outbox/Sender.ts"
/** Read-your-writes by log position (`Orga-Position`). */
export * as Position from "./position/Position.ts"
/** Encoded answers of heavy reads kept per key and log head. */
export * as ReadCache from "./position/ReadCache.ts"
/** Token buckets and the limiter port. */
export * as RateLimit from "./safety/RateLimit.ts"
/** Rate limits applied to requests. */
export * as Throttle from "./safety/Throttle.ts"
/** The app's own errors. */
export * as AppError from "./server/AppError.ts"
/** Body size limits. */
export * as BodyLimit from "./server/BodyLimit.ts"
/** The table from error tags to HTTP statuses. */
export * as ErrorStatus from "./server/ErrorStatus.ts"
/** The problem+json classes. */
export * as Problem from "./server/Problem.ts"
/** Readiness probes. */
export * as Readiness from "./server/Readiness.ts"
/** Failures answered as problems. */
export * as Recover from "./server/Recover.ts"
/** The API reference page. */
export * as ReferencePage from "./server/ReferencePage.ts"
/** Request ids and the JSON request log. */
export * as RequestLog from "./server/RequestLog.ts"
/** Security headers. */
export * as SecurityHeaders from "./server/SecurityHeaders.ts"
/** The server: routes, middleware, Node. */
export * as Server from "./server/Server.ts"
/** Liveness, readiness, and the API the library's groups join. */
export * as SystemApi from "./server/SystemApi.ts"
/** French validation problems. */
export * as Validation from "./server/Validation.ts"
/** The web pages (server-rendered French HTML, ADR 0047). */
export * as Web from "./web/Web.ts"
