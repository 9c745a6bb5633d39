/**
 * The personal-data group's handlers: Pix Admin's side, signed in is enough (Pix Orga's terms are Orga's, not Pix
 * Admin's); the library refuses anyone not in its `pixAdminIds`. The erasures pass the request's idempotency key
 * to the library as its command id, so a retried erasure answers as the first one did.
 *
 * @since 0.1.0
 */
import { Privacy } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

// A limit as typed in the address: a number when it reads as one, otherwise NaN, which the library refuses with
// its French message (as it refuses 1.5 school years).
const numberParam = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : value.trim() === "" ? Number.NaN : Number(value)

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "privacy", (handlers) =>
  handlers
    .handle("eraseLearner", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* Privacy.Privacy).eraseLearner(actor, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("eraseUser", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* Privacy.Privacy).eraseUser(actor, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("learnerData", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* Privacy.Privacy).learnerData(actor, params)
        })
      )
    )
    .handle("userData", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          return yield* (yield* Privacy.Privacy).userData(actor, params)
        })
      )
    )
    .handle("applyRetention", ({ query }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor } = yield* Actors.signedIn
          const disabledSchoolYears = numberParam(query.disabledSchoolYears)
          const inactiveDays = numberParam(query.inactiveDays)
          // Each erasure it makes is its own use case; a second run finds no one left to erase (idempotent).
          return yield* (yield* Privacy.Privacy).applyRetention(
            actor,
            {
              ...(disabledSchoolYears === undefined ? {} : { disabledSchoolYears }),
              ...(inactiveDays === undefined ? {} : { inactiveDays })
            },
            { dryRun: query.dryRun === "true" }
          )
        })
      )
    )
)
