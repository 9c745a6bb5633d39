/**
 * The app's own failures (not the library's): each carries Pix's `code`, the French message and `meta`, like the
 * library's errors, so `ErrorStatus` maps them in the same table.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const fields = {
  code: Schema.String,
  message: Schema.String,
  meta: Schema.Record(Schema.String, Schema.Unknown)
}

/**
 * The request cannot be read: malformed JSON, wrong types, missing fields.
 *
 * @category errors
 * @since 0.1.0
 */
export class MalformedRequest extends Schema.TaggedError<MalformedRequest>()("MalformedRequest", fields) {}

/**
 * No valid session or token came with the request.
 *
 * @category errors
 * @since 0.1.0
 */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", fields) {}

/**
 * A cookie-authenticated request that changes state came without a valid CSRF token.
 *
 * @category errors
 * @since 0.1.0
 */
export class CsrfRejected extends Schema.TaggedError<CsrfRejected>()("CsrfRejected", fields) {}

/**
 * The body is larger than the route accepts.
 *
 * @category errors
 * @since 0.1.0
 */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", fields) {}

/**
 * Too many attempts for a key (an account, a client address); `retryAfterSeconds` says when to try again.
 *
 * @category errors
 * @since 0.1.0
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  ...fields,
  retryAfterSeconds: Schema.Number
}) {}

/**
 * Builds the 400 of an unreadable request.
 *
 * @category constructors
 * @since 0.1.0
 */
export const malformedRequest = (meta: Record<string, unknown> = {}): MalformedRequest =>
  new MalformedRequest({
    code: "INVALID_REQUEST",
    message: "La requête est invalide : vérifiez le format des données envoyées.",
    meta
  })

/**
 * Builds the 401 of a request without a valid session or token.
 *
 * @category constructors
 * @since 0.1.0
 */
export const unauthenticated = (): Unauthenticated =>
  new Unauthenticated({
    code: "UNAUTHENTICATED",
    message: "Vous devez être connecté pour accéder à cette page.",
    meta: {}
  })

/**
 * Builds the 403 of a missing or wrong CSRF token.
 *
 * @category constructors
 * @since 0.1.0
 */
export const csrfRejected = (): CsrfRejected =>
  new CsrfRejected({
    code: "CSRF_TOKEN_INVALID",
    message: "La demande n'a pas pu être vérifiée. Rechargez la page puis réessayez.",
    meta: {}
  })

/**
 * Builds the 413 of a body over `limitBytes`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const payloadTooLarge = (limitBytes: number): PayloadTooLarge =>
  new PayloadTooLarge({
    code: "PAYLOAD_TOO_LARGE",
    message: `Le contenu envoyé est trop volumineux (au plus ${formatBytes(limitBytes)}).`,
    meta: { maxSizeInBytes: limitBytes }
  })

/**
 * Builds the 429 of too many attempts.
 *
 * @category constructors
 * @since 0.1.0
 */
export const rateLimited = (retryAfterSeconds: number): RateLimited =>
  new RateLimited({
    code: "TOO_MANY_REQUESTS",
    message: `Trop de tentatives. Réessayez dans ${retryAfterSeconds} seconde${retryAfterSeconds > 1 ? "s" : ""}.`,
    meta: { retryAfterSeconds },
    retryAfterSeconds
  })

/** `20 Mo`, `64 Ko`: the French units people read. */
const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} Mo`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} Ko`
      : `${bytes} octets`
