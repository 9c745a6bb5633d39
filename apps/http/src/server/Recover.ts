/**
 * The last word on a failure that reached the router: every failure becomes a French problem.
 *
 * HttpApi answers its declared errors itself; what is left here is what fails around it: a body that is not JSON
 * or too large (`RequestParseError`), an unknown route, a library error a handler let through, and defects, which
 * become a 500 saying nothing of their cause (the cause is reported to the log by its name only: messages may hold
 * personal data).
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import { HttpRouter, HttpServerRespondable, type HttpServerResponse } from "effect/http"
import { HttpApiError } from "effect/http-api"
import type * as Types from "effect/Types"
import { Config } from "../Config.ts"
import * as AppError from "./AppError.ts"
import * as ErrorStatus from "./ErrorStatus.ts"
import * as Problem from "./Problem.ts"
import * as Validation from "./Validation.ts"

const hasTag = (value: unknown): value is { readonly _tag: string } =>
  typeof value === "object" && value !== null && "_tag" in value && typeof value._tag === "string"

/** The body limit of the request being answered, set by `BodyLimit` for the 413's message. */
const limitOf = (error: unknown): number | undefined => {
  const cause = (error as { readonly cause?: { readonly limit?: unknown } }).cause
  return typeof cause?.limit === "number" ? cause.limit : undefined
}

/**
 * The response of one failure value.
 *
 * @category constructors
 * @since 0.1.0
 */
export const failureResponse = (
  error: unknown,
  maxBodyBytes: number
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  // HttpApi's own decoding failure, where an endpoint lacks `Validation.FrenchProblems`.
  if (HttpApiError.HttpApiSchemaError.is(error) && error.kind !== "Body" && error.kind !== "ResponseHeaders")
    return Effect.succeed(Problem.toResponse(Validation.invalidRequest(error.kind, error.cause.issue)))
  if (hasTag(error) && error._tag === "HttpServerError") {
    const reason = (error as unknown as { readonly reason: { readonly _tag: string; readonly reason?: string } }).reason
    if (reason._tag === "RequestParseError" && reason.reason === "BodyTooLarge")
      return Effect.succeed(ErrorStatus.toResponse(AppError.payloadTooLarge(limitOf(reason) ?? maxBodyBytes)))
    if (reason._tag === "RequestParseError") return Effect.succeed(ErrorStatus.toResponse(AppError.malformedRequest()))
    if (reason._tag === "RouteNotFound")
      return Effect.succeed(Problem.toResponse(Problem.make(404, "ROUTE_NOT_FOUND", "Cette adresse n'existe pas.", {})))
  }
  if (hasTag(error) && Object.hasOwn(ErrorStatus.statusByTag, error._tag))
    return Effect.succeed(ErrorStatus.toResponse(error as ErrorStatus.KnownError))
  // The app's problems (and HttpApi's own errors) know their response.
  if (HttpServerRespondable.isRespondable(error))
    return HttpServerRespondable.toResponseOrElse(error, Problem.toResponse(ErrorStatus.internal()))
  return Effect.succeed(Problem.toResponse(ErrorStatus.internal()))
}

/**
 * The response of a failed request's cause: its first failure, or a 500 for a defect. An interruption (the client
 * went away, the server is stopping) stays an interruption.
 *
 * @category constructors
 * @since 0.1.0
 */
export const toResponse = (
  cause: Cause.Cause<unknown>,
  maxBodyBytes: number
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const failure = cause.reasons.find(Cause.isFailReason)
  if (failure !== undefined) return failureResponse(failure.error, maxBodyBytes)
  if (Cause.hasInterruptsOnly(cause)) return Effect.interrupt
  const defect = cause.reasons.find(Cause.isDieReason)?.defect
  // HttpApi turns a body it could not read (over `MaxBodySize`, cut off) into a defect: still the client's doing.
  if (hasTag(defect) && defect._tag === "HttpServerError") return failureResponse(defect, maxBodyBytes)
  return Effect.logError(
    "defect",
    hasTag(defect) ? defect._tag : defect instanceof Error ? defect.name : "unknown"
  ).pipe(Effect.as(Problem.toResponse(ErrorStatus.internal())))
}

/**
 * The global router middleware that answers every failure with a problem. It sits inside `RequestLog` and
 * `SecurityHeaders`, so its answers are logged and carry the security headers.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpRouter.middleware(
  Effect.gen(function* () {
    const { maxBodyBytes } = yield* Config
    // Every failure is answered: the cast only restates the router's marker for errors passed on (see RequestLog).
    return (httpEffect) =>
      httpEffect.pipe(Effect.catchCause((cause) => toResponse(cause, maxBodyBytes))) as Effect.Effect<
        HttpServerResponse.HttpServerResponse,
        Types.unhandled
      >
  }),
  { global: true }
)
