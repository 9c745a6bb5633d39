/**
 * The campaigns group's handlers.
 *
 * @since 0.1.0
 */
import { Campaigns } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "campaigns", (handlers) =>
  handlers
    .handle("campaigns", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Campaigns.Campaigns).campaigns(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("createCampaign", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Campaigns.Campaigns).createCampaign(
            yield* Actors.staff,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("updateCampaign", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).updateCampaign(
            yield* Actors.staff,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("archiveCampaign", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).archiveCampaign(
            yield* Actors.staff,
            params,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("unarchiveCampaign", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).unarchiveCampaign(
            yield* Actors.staff,
            params,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
)
