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
    .handle("campaigns", ({ params, query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const filter = {
            ...(query.mine === undefined ? {} : { mine: query.mine === "true" }),
            ...(query.status === undefined ? {} : { status: query.status }),
            ...(query.ownerId === undefined ? {} : { ownerId: query.ownerId }),
            ...(query.ownerName === undefined ? {} : { ownerName: query.ownerName }),
            ...(query.name === undefined ? {} : { name: query.name })
          }
          // The status is checked by the library (a French `InvalidInput`, not a 400 of the router).
          return yield* (yield* Campaigns.Campaigns).campaigns(
            yield* Actors.staff,
            params.organizationId,
            filter as Campaigns.CampaignsFilter
          )
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
    .handle("deleteCampaigns", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Campaigns.Campaigns).deleteCampaigns(
            yield* Actors.staff,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("deleteParticipation", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Campaigns.Campaigns).deleteParticipation(
            yield* Actors.staff,
            params,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
)
