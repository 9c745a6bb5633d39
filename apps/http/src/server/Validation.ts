/**
 * Request validation failures as French 400 problems (HttpApi alone answers an empty 400).
 *
 * Like effect's `HttpApiMiddleware.ProblemDetails`, but the body is the app's problem (`code`, French `detail`,
 * `meta.errors` with one entry per issue: where, and what is wrong in French). Messages never echo the value
 * sent: it may be personal data, and the client has it anyway.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as ErrorReporter from "effect/ErrorReporter"
import { HttpServerRespondable } from "effect/http"
import { HttpApiMiddleware } from "effect/http-api"
import * as SchemaIssue from "effect/SchemaIssue"
import * as ErrorStatus from "./ErrorStatus.ts"
import * as Problem from "./Problem.ts"

/**
 * The middleware to put on every API (`HttpApi.make(...).add(...).middleware(Validation.FrenchProblems)`).
 *
 * @category services
 * @since 0.1.0
 */
export class FrenchProblems extends HttpApiMiddleware.Service<FrenchProblems>()("@orga/http/FrenchProblems", {
  error: [Problem.BadRequest, Problem.Internal]
}) {}

const leafMessage = (issue: SchemaIssue.Leaf): string => {
  switch (issue._tag) {
    case "MissingKey":
      return "Champ obligatoire manquant."
    case "UnexpectedKey":
      return "Champ inattendu."
    case "InvalidType":
      return "Type de valeur incorrect."
    case "Forbidden":
      return "Opération interdite."
    default:
      return "Valeur invalide."
  }
}

const frenchMessages = new Set([
  "Champ obligatoire manquant.",
  "Champ inattendu.",
  "Type de valeur incorrect.",
  "Opération interdite.",
  "Valeur invalide.",
  "Valeur non conforme."
])

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: leafMessage,
  checkHook: () => "Valeur non conforme."
})

const slots: Record<string, string> = {
  Params: "params",
  Headers: "headers",
  Query: "query",
  Payload: "payload"
}

/**
 * The problem of a request that failed validation: `meta.errors` lists `{ path, message }`, the path starting with
 * the request part (`payload`, `query`, `params`, `headers`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidRequest = (kind: string, issue: SchemaIssue.Issue): Problem.BadRequest => {
  const slot = slots[kind] ?? kind.toLowerCase()
  const errors = formatIssues(issue).issues.map((entry) => ({
    path: [slot, ...(entry.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment))],
    // Composite issues (a value matching none of a union's members) get effect's English text: replaced.
    message: frenchMessages.has(entry.message) ? entry.message : "Valeur invalide."
  }))
  return new Problem.BadRequest({
    code: "INVALID_REQUEST",
    detail: "La requête est invalide : vérifiez les champs indiqués.",
    meta: { errors }
  })
}

/**
 * Provides {@link FrenchProblems}: request decoding failures become French 400 problems; response encoding failures
 * (a bug of the app) are reported and become a 500 that says nothing of the cause.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = HttpApiMiddleware.layerSchemaErrorTransform(FrenchProblems, (error) => {
  if (error.kind === "Body" || error.kind === "ResponseHeaders") {
    return Effect.andThen(
      ErrorReporter.report(Cause.fail(error)),
      HttpServerRespondable.toResponse(ErrorStatus.internal())
    )
  }
  return Effect.fail(invalidRequest(error.kind, error.cause.issue))
})
