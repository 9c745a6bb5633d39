/**
 * The back office group's handlers: Pix Admin's side, signed in is enough (Pix Orga's terms are Orga's, not Pix
 * Admin's); the library refuses anyone not in its `pixAdminIds`.
 *
 * @since 0.1.0
 */
import { BackOffice } from "@orga/orga"
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
)
