/**
 * `@orga/http`: the reference HTTP app's modules, for the endpoints to come and for the pages of issue 14.
 *
 * @since 0.1.0
 */

/** The whole app from its settings. */
export * as App from "./App.ts"
/** CSRF synchronizer tokens for cookie sessions. */
export * as Csrf from "./auth/Csrf.ts"
/** The session of the request being handled. */
export * as CurrentSession from "./auth/CurrentSession.ts"
/** argon2id password hashing. */
export * as Password from "./auth/Password.ts"
/** The session store on PostgreSQL. */
export * as PostgresSessionStore from "./auth/PostgresSessionStore.ts"
/** The session cookie and a request's credentials. */
export * as SessionCookie from "./auth/SessionCookie.ts"
/** The session store port. */
export * as SessionStore from "./auth/SessionStore.ts"
/** Sessions and bearer tokens. */
export * as Sessions from "./auth/Sessions.ts"
/** The session store in its own SQLite file. */
export * as SqliteSessionStore from "./auth/SqliteSessionStore.ts"
/** Settings from the environment. */
export * as Config from "./Config.ts"
/** `Idempotency-Key` on every POST, mapped to the library's command ids. */
export * as Idempotency from "./idempotency/Idempotency.ts"
/** Where the first response per key is kept (port). */
export * as IdempotencyStore from "./idempotency/IdempotencyStore.ts"
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
