/**
 * The back office group's handlers: Pix Admin's side, signed in is enough (Pix Orga's terms are Orga's, not Pix
 * Admin's); the library refuses anyone not in its `pixAdminIds`.
 *
 * @since 0.1.0
 */
import type { TargetProfileDefinition } from "@orga/domain"
import { BackOffice, type Views } from "@orga/orga"
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
export const handlers = HttpApiBuilder.group(Api, "backOffice", (handlers) =>
  handlers
    .handle("registerOrganization", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).registerOrganization(
            actor,
            payload,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("inviteFirstAdmin", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).inviteFirstAdmin(
            actor,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("setOrganizationFeature", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          // The feature's name is checked by the library (an unknown one is an `InvalidInput` in French).
          yield* (yield* BackOffice.BackOffice).setOrganizationFeature(
            actor,
            {
              organizationId: params.organizationId,
              feature: params.feature as Views.OrganizationFeature,
              enabled: payload.enabled
            },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("organizationFeatures", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).organizationFeatures(actor, params.organizationId)
        })
      )
    )
    .handle("createTargetProfile", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          // The definition is decoded by the library (its shape, bounds and rules, every problem in French).
          return yield* (yield* BackOffice.BackOffice).createTargetProfile(
            actor,
            payload as { readonly definition: TargetProfileDefinition.Definition },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("attachTargetProfile", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).attachTargetProfile(actor, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("detachTargetProfile", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).detachTargetProfile(actor, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("availableTargetProfiles", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).availableTargetProfiles(actor, params.organizationId)
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
          yield* (yield* BackOffice.BackOffice).archiveOrganization(actor, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("addPlacesLot", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* BackOffice.BackOffice).addPlacesLot(
            actor,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("deletePlacesLot", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).deletePlacesLot(actor, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("setPlacesLimit", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          yield* (yield* BackOffice.BackOffice).setPlacesLimit(
            actor,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
)
