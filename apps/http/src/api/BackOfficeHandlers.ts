/**
 * The back office group's handlers: Pix Admin's side, signed in is enough (Pix Orga's terms are Orga's, not Pix
 * Admin's); the library refuses anyone not in its `pixAdminIds`.
 *
 * @since 0.1.0
 */
import { BackOffice } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "backOffice", (handlers) =>
  handlers
    .handle("registerOrganization", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).registerOrganization(actor, payload)
        })
      )
    )
    .handle("inviteFirstAdmin", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(actor, { ...params, ...payload })
        })
      )
    )
    .handle("organizationsForAdmin", ({ query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          const { archived, ...rest } = query
          return yield* (yield* BackOffice.BackOffice).organizationsForAdmin(actor, {
            ...rest,
            ...(archived === undefined ? {} : { archived: archived === "true" })
          })
        })
      )
    )
    .handle("organizationForAdmin", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).organizationForAdmin(actor, params.organizationId)
        })
      )
    )
    .handle("archiveOrganization", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).archiveOrganization(actor, params)
        })
      )
    )
    .handle("addPlacesLot", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).addPlacesLot(actor, { ...params, ...payload })
        })
      )
    )
    .handle("deletePlacesLot", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).deletePlacesLot(actor, params)
        })
      )
    )
    .handle("setPlacesLimit", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).setPlacesLimit(actor, { ...params, ...payload })
        })
      )
    )
)
