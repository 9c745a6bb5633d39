/**
 * The team group's handlers; accepting an invitation needs a session only (the invitee has no organization yet), and
 * is limited per account.
 *
 * @since 0.1.0
 */
import { Orga, Team } from "@orga/orga"
import * as Effect from "effect/Effect"
import { HttpApiBuilder } from "effect/http-api"
import * as Idempotency from "../idempotency/Idempotency.ts"
import * as InvitationIndex from "../invitations/InvitationIndex.ts"
import * as Throttle from "../safety/Throttle.ts"
import * as Actors from "./Actors.ts"
import { Api } from "./OrgaApi.ts"

/**
 * The handlers.
 *
 * @category layers
 * @since 0.1.0
 */
export const handlers = HttpApiBuilder.group(Api, "team", (handlers) =>
  handlers
    .handle("organization", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).organization(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("members", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).members(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("invitations", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).invitations(yield* Actors.staff, params.organizationId)
        })
      )
    )
    .handle("inviteMembers", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).inviteMembers(
            yield* Actors.staff,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("resendInvitation", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).resendInvitation(yield* Actors.staff, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("cancelInvitation", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).cancelInvitation(yield* Actors.staff, params, yield* Idempotency.commandOptions)
        })
      )
    )
    // The invitee may not have accepted the terms yet (he has no organization before accepting): signed in is enough.
    .handle("acceptInvitation", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const { actor, userId } = yield* Actors.signedIn
          yield* Throttle.guardInHandler([[`invitation:account:${userId}`, Actors.joinPerAccount]])
          yield* (yield* Team.Team).acceptInvitation(
            actor,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("changeMemberRole", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).changeMemberRole(
            yield* Actors.staff,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    .handle("removeMember", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).removeMember(yield* Actors.staff, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("leaveOrganization", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).leaveOrganization(yield* Actors.staff, params, yield* Idempotency.commandOptions)
        })
      )
    )
    .handle("setCollectionDeadline", ({ params, payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          yield* (yield* Team.Team).setCollectionDeadline(
            yield* Actors.staff,
            { ...params, ...payload },
            yield* Idempotency.commandOptions
          )
        })
      )
    )
    // Anyone holding the link: the id and the code are the credential (Pix's public read, §3.3).
    .handle("showInvitation", ({ params, query }) =>
      Actors.toProblem(
        Effect.flatMap(InvitationIndex.InvitationIndex, (index) => index.find(params.invitationId, query.code))
      )
    )
    .handle("places", ({ params }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          return yield* (yield* Team.Team).places(yield* Actors.staff, params.organizationId)
        })
      )
    )
    // Public, as Pix's route: the invitation goes to the school's own mailbox, whoever asks (throttled by address).
    .handle("sendScoInvitation", ({ payload }) =>
      Actors.toProblem(
        Effect.gen(function* () {
          const team = yield* Team.Team
          return yield* team.sendScoInvitation(Orga.anonymous, payload, yield* Idempotency.commandOptions)
        })
      )
    )
)
