/**
 * One table from error tags to HTTP statuses, and the problem each error becomes.
 *
 * The shape follows tRPC's `getHTTPStatusCode.ts`: a record keyed by every tag (so a new tag that is not mapped
 * does not type-check) and one lookup function. The library's `DomainError` tags sort rule violations by what the
 * caller did wrong, so one row per tag is enough; the `code` in the body says which rule. Store failures say
 * nothing of their cause to the client (their messages are internal and English).
 *
 * @since 0.1.0
 */
import type { DomainError } from "@orga/domain"
import type { EventCodec, EventStoreError } from "@orga/event-store"
import type { SiecleError } from "@orga/siecle"
import type { SessionStoreError } from "../auth/SessionStore.ts"
import type { IdempotencyStoreError } from "../idempotency/IdempotencyStore.ts"
import type * as AppError from "./AppError.ts"
import * as Problem from "./Problem.ts"

/**
 * Every error the app answers with a problem.
 *
 * @category models
 * @since 0.1.0
 */
export type KnownError =
  | DomainError.DomainError
  | SiecleError.SiecleImportFailed
  | EventStoreError.WrongExpectedVersion
  | EventStoreError.EventStoreError
  | EventCodec.EventCodecError
  | AppError.MalformedRequest
  | AppError.Unauthenticated
  | AppError.CsrfRejected
  | AppError.PayloadTooLarge
  | AppError.RateLimited
  | SessionStoreError
  | IdempotencyStoreError

/**
 * The HTTP status of each error tag.
 *
 * `InvalidInput` is 422 (the request was read, a rule refused it) and `MalformedRequest` 400 (it could not be
 * read); `WrongExpectedVersion` reaches the app only once the command handler's retries are spent: 409, try again.
 *
 * @category getters
 * @since 0.1.0
 */
export const statusByTag = {
  InvalidInput: 422,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  SiecleImportFailed: 422,
  WrongExpectedVersion: 409,
  EventStoreError: 503,
  EventCodecError: 500,
  MalformedRequest: 400,
  Unauthenticated: 401,
  CsrfRejected: 403,
  PayloadTooLarge: 413,
  RateLimited: 429,
  SessionStoreError: 503,
  IdempotencyStoreError: 503
} as const satisfies Record<KnownError["_tag"], Problem.Status>

/**
 * The status of an error tag; an unknown tag is a failure of the app: 500.
 *
 * @category getters
 * @since 0.1.0
 */
export const statusOf = (tag: string): Problem.Status =>
  Object.hasOwn(statusByTag, tag) ? statusByTag[tag as keyof typeof statusByTag] : 500

/**
 * The problem an error becomes: its status from the table, Pix's code, the French message and meta.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toProblem = (error: KnownError): Problem.Problem => {
  const status = statusOf(error._tag)
  switch (error._tag) {
    case "SiecleImportFailed":
      return Problem.make(status, "SIECLE_IMPORT_FAILED", "Le fichier SIECLE est refusé : corrigez ces erreurs.", {
        errors: error.errors.map((issue) => ({ code: issue.code, detail: issue.message, meta: issue.meta }))
      })
    case "WrongExpectedVersion":
      return Problem.make(
        status,
        "CONCURRENT_MODIFICATION",
        "Une autre modification a eu lieu en même temps. Réessayez."
      )
    case "EventStoreError":
    case "SessionStoreError":
    case "IdempotencyStoreError":
      return Problem.make(
        status,
        "SERVICE_UNAVAILABLE",
        "Le service est momentanément indisponible. Réessayez dans quelques instants."
      )
    case "EventCodecError":
      return internal()
    default:
      return Problem.make(status, error.code, error.message, error.meta)
  }
}

/**
 * The problem of an unexpected failure (a defect, an unknown error): says nothing of its cause.
 *
 * @category constructors
 * @since 0.1.0
 */
export const internal = (): Problem.Problem =>
  Problem.make(500, "INTERNAL_ERROR", "Une erreur inattendue est survenue. Réessayez plus tard.")

/**
 * The HTTP response of an error; a rate limit also says when to try again (`Retry-After`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const toResponse = (error: KnownError) =>
  Problem.toResponse(
    toProblem(error),
    error._tag === "RateLimited" ? { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } : {}
  )
