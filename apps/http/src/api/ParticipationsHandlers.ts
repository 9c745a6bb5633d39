/**
 * The student's group's handlers: joining is limited per account (and per client address by the router).
 *
 * @since 0.1.0
 */
import { Participations } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as Throttle from "../safety/Throttle.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "participations", (handlers) =>
  handlers
    .handle("joinCampaign", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor, userId } = yield* Actors.signedIn
          yield* Throttle.guardInHandler([[`reconciliation:account:${userId}`, Actors.joinPerAccount]])
          return yield* (yield* Participations.Participations).joinCampaign(
            actor,
            payload,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("recordAssessmentOutcome", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Participations.Participations).recordAssessmentOutcome(
            yield* Actors.student,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("shareResults", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Participations.Participations).shareResults(
            yield* Actors.student,
            params,
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("shareProfile", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Participations.Participations).shareProfile(
            yield* Actors.student,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("myParticipations", () =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Participations.Participations).myParticipations(yield* Actors.student)
        })
      )
    )
)
