/**
 * The analysis group's handlers: each resolves the staff actor, calls the library's `Analysis` service and maps a
 * failure to its problem.
 *
 * @since 0.2.0
 */
import { Analysis, AnalysisSchemas } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpServerRequest } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import * as ReadCache from "../position/ReadCache.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

// A page number or size as typed in the address: a number when it reads as one, otherwise NaN, which the
// library refuses with its French message (as it refuses 0 or 1.5).
const numberParam = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : value.trim() === "" ? Number.NaN : Number(value)

/**
 * The handlers.
 *
 * @category layers
 * @since 0.2.0
 */
export const handlers = HttpApiBuilder.group(Api, "analysis", (handlers) =>
  handlers
    .handle("campaignAnalysis", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const analysis = yield* Analysis.Analysis
          // Encoded once per actor, query and log head (`ReadCache`).
          return yield* ReadCache.encoded(
            ReadCache.requestKey("campaignAnalysis", actor, (yield* HttpServerRequest.HttpServerRequest).url),
            AnalysisSchemas.CampaignAnalysis,
            () =>
              analysis.campaignAnalysis(
                actor,
                params.campaignId,
                query.division === undefined ? undefined : { division: query.division }
              )
          )
        })
      )
    )
    .handle("participantDetail", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Analysis.Analysis).participantDetail(
            yield* Actors.staff,
            params.campaignId,
            params.participationId
          )
        })
      )
    )
    .handle("campaignActivity", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Analysis.Analysis).campaignActivity(yield* Actors.staff, params.campaignId)
        })
      )
    )
    .handle("resultsPage", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const actor = yield* Actors.staff
          const analysis = yield* Analysis.Analysis
          const statuses = Actors.list(query.status)
          const divisions = Actors.list(query.division)
          // Encoded once per actor, query and log head (`ReadCache`): the page the results screen reopens.
          return yield* ReadCache.encoded(
            ReadCache.requestKey("resultsPage", actor, (yield* HttpServerRequest.HttpServerRequest).url),
            AnalysisSchemas.ResultsPage,
            () =>
              analysis.resultsPage(actor, params.campaignId, {
                page: numberParam(query.page),
                size: numberParam(query.size),
                search: query.search,
                // Checked by the library: an unknown status is its `InvalidInput`.
                statuses: statuses as Analysis.ResultsQuery["statuses"],
                divisions
              })
          )
        })
      )
    )
)
