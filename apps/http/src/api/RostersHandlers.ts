/**
 * The roster group's handlers. A SIECLE upload is read from its multipart `file` part in the raw request (the
 * session is checked before the body; the router refused a declared body over 20 MB before reading it; the parser
 * caps a chunked one).
 *
 * @since 0.1.0
 */
import { Rosters } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpServerRequest, Multipart } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as ReadCache from "../position/ReadCache.ts"
import * as AppError from "../server/AppError.ts"
import * as BodyLimit from "../server/BodyLimit.ts"
import * as ErrorStatus from "../server/ErrorStatus.ts"
import * as Problem from "../server/Problem.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"
import * as S from "./Schemas.ts"

const noFile = () =>
  Problem.make(422, "SIECLE_FILE_REQUIRED", "Ajoutez le fichier SIECLE (champ « file ») au formulaire envoyé.")

const notMultipart = () =>
  Problem.make(
    400,
    "MULTIPART_REQUIRED",
    "Envoyez le fichier SIECLE dans un formulaire multipart/form-data (champ « file »).",
    {}
  )

/**
 * The `file` part of a SIECLE upload, whole (at most 20 MB: the parser's limits). Read from the raw request so
 * that the session is checked before the body, and a request that is not multipart gets a French problem.
 */
const uploadedFile = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function* () {
    if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data"))
      return yield* Effect.fail(notMultipart())
    let found: { fileName: string; bytes: Uint8Array } | undefined
    // The id of this file's preview, when the form names it: the import then uses the preview's plan.
    let previewId: string | undefined
    yield* Stream.runForEach(request.multipartStream, (part) =>
      part._tag === "File" && part.key === "file" && found === undefined
        ? Effect.map(part.contentEffect, (bytes) => {
            found = { fileName: part.name, bytes }
          })
        : part._tag === "File"
          ? Stream.runDrain(part.content)
          : Effect.sync(() => {
              if (part.key === "previewId") previewId = part.value
            })
    )
    if (found === undefined) return yield* Effect.fail(noFile())
    return previewId === undefined ? found : { ...found, previewId }
  }).pipe(
    Effect.provideContext(Multipart.limitsServices({ maxFileSize: BodyLimit.uploadLimitBytes, maxParts: 4 })),
    Effect.catchTag("MultipartError", (error) =>
      Effect.fail(
        error.reason._tag === "FileTooLarge" || error.reason._tag === "BodyTooLarge"
          ? ErrorStatus.toProblem(AppError.payloadTooLarge(BodyLimit.uploadLimitBytes))
          : ErrorStatus.toProblem(AppError.malformedRequest({ reason: error.reason._tag }))
      )
    )
  )

/**
 * The learner list's filters and page from the query string, as given: the library checks the values (an unknown
 * certificability, a page that is not a whole number ≥ 1: a French `InvalidInput`, 422).
 */
const learnersFilter = (query: {
  readonly division?: string | ReadonlyArray<string> | undefined
  readonly search?: string | undefined
  readonly includeDisabled?: "true" | "false" | undefined
  readonly certificability?: string | ReadonlyArray<string> | undefined
  readonly connectionType?: string | ReadonlyArray<string> | undefined
  readonly page?: string | undefined
  readonly pageSize?: string | undefined
}): Record<string, unknown> => {
  const divisions = Actors.list(query.division)
  const certificability = Actors.list(query.certificability)
  const connectionTypes = Actors.list(query.connectionType)
  return {
    ...(divisions === undefined ? {} : { divisions }),
    ...(query.search === undefined ? {} : { search: query.search }),
    includeDisabled: query.includeDisabled === "true",
    ...(certificability === undefined ? {} : { certificability }),
    ...(connectionTypes === undefined ? {} : { connectionTypes }),
    ...(query.page === undefined ? {} : { page: Number(query.page) }),
    ...(query.pageSize === undefined ? {} : { pageSize: Number(query.pageSize) })
  }
}

/** The learner list's success schema, as `RostersApi` declares it. */
const learnerList = Schema.Array(S.Learner)

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "rosters", (handlers) =>
  handlers
    .handleRaw("previewImport", ({ params, request }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const file = yield* uploadedFile(request)
          return yield* (yield* Rosters.Rosters).previewSiecleImport(actor, { ...params, ...file })
        })
      )
    )
    .handleRaw("importSiecle", ({ params, request }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const file = yield* uploadedFile(request)
          return yield* (yield* Rosters.Rosters).importSiecleFile(
            actor,
            { ...params, ...file },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("importHistory", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).importHistory(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("learners", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const rosters = yield* Rosters.Rosters
          // Encoded once per actor, filters and log head (`ReadCache`): staff reopen the list.
          return yield* ReadCache.encoded(
            ReadCache.requestKey("learners", actor, (yield* HttpServerRequest.HttpServerRequest).url),
            learnerList,
            () =>
              rosters.learners(
                actor,
                params.organizationId,
                learnersFilter(query) as Parameters<Rosters.RostersShape["learners"]>[2]
              )
          )
        })
      )
    )
    .handle("learnersPage", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const rosters = yield* Rosters.Rosters
          // Encoded once per actor, filters, page and log head (`ReadCache`).
          return yield* ReadCache.encoded(
            ReadCache.requestKey("learnersPage", actor, (yield* HttpServerRequest.HttpServerRequest).url),
            S.LearnersPage,
            () =>
              rosters.learnersPage(actor, params.organizationId, learnersFilter(query) as Rosters.LearnersPageFilter)
          )
        })
      )
    )
    .handle("divisions", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).divisions(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("whyRefused", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).whyRefused(yield* Actors.staff, params.organizationId, payload)
        })
      )
    )
    .handle("confirmImport", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Rosters.Rosters).confirmSiecleImport(
            yield* Actors.staff,
            params,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
)
