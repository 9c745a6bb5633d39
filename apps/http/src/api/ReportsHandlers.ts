/**
 * The reports group's handlers; a CSV export streams line by line with the file name Pix gives it
 * (`Resultats-{campaign}-{id}-{date}.csv`, §6.2) in `Content-Disposition`.
 *
 * @since 0.1.0
 */
import { Reports } from "@orga/orga"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as Stream from "effect/Stream"
import * as ReadCache from "../position/ReadCache.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"
import * as S from "./Schemas.ts"

/**
 * The `Content-Disposition` of a download: the name as Pix gives it (RFC 6266 `filename*` in UTF-8, accents
 * kept) and an ASCII fallback for old clients.
 *
 * @category constructors
 * @since 0.1.0
 */
export const contentDisposition = (fileName: string): string => {
  const ascii = fileName
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_")
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "reports", (handlers) =>
  handlers
    .handle("campaignResults", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const reports = yield* Reports.Reports
          const divisions = Actors.list(query.division)
          // Encoded once per actor, query and log head (`ReadCache`): staff reopen these lists.
          return yield* ReadCache.encoded(
            ReadCache.requestKey("campaignResults", actor, (yield* HttpServerRequest.HttpServerRequest).url),
            S.CampaignResults,
            () => reports.campaignResults(actor, params.campaignId, divisions === undefined ? undefined : { divisions })
          )
        })
      )
    )
    .handle("resultsByDivision", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Reports.Reports).resultsByDivision(yield* Actors.staff, params.campaignId)
        })
      )
    )
    .handle("exportResults", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const divisions = Actors.list(query.division)
          const csv = yield* (yield* Reports.Reports).exportResults(
            yield* Actors.staff,
            params.campaignId,
            divisions === undefined ? undefined : { divisions }
          )
          return HttpServerResponse.stream(Stream.encodeText(Stream.fromIterable(csv.lines)), {
            contentType: "text/csv; charset=utf-8",
            headers: { "content-disposition": contentDisposition(csv.fileName) }
          })
        })
      )
    )
    .handle("certificability", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const reports = yield* Reports.Reports
          // Encoded once per actor, log head and day (`ReadCache`): the answer reads the clock only for its days
          // left until the deadline, which change at midnight UTC (the deadline's 23:59:59.999Z).
          const url = ReadCache.dailyUrl(
            (yield* HttpServerRequest.HttpServerRequest).url,
            yield* Clock.currentTimeMillis
          )
          return yield* ReadCache.encoded(
            ReadCache.requestKey("certificability", actor, url),
            S.CertificabilityReport,
            () => reports.certificability(actor, params.organizationId)
          )
        })
      )
    )
    .handle("auditTrail", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Reports.Reports).auditTrail(yield* Actors.staff, params.organizationId, {
            ...(query.limit === undefined ? {} : { limit: query.limit }),
            ...(query.before === undefined ? {} : { before: query.before })
          })
        })
      )
    )
)
