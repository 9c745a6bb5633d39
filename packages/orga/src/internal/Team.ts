/**
 * The team of an organization: its admins invite members (by e-mail, with a code), resend or cancel an
 * invitation, change a member's role or remove a member; a user accepts an invitation or leaves.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { CommandOptions, OrgaActor, OrgaError, OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import {
  AccountError,
  Ids,
  InvitationCode,
  Organization,
  OrganizationCommand,
  OrganizationDecider,
  type Timestamp
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { brand, fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"

/**
 * Draws a fresh 10-character invitation code (Pix's alphabet: capitals and digits).
 *
 * @since 0.1.0
 */
export const invitationCode = (plumbing: Plumbing) =>
  Effect.gen(function* () {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    let code = ""
    for (let i = 0; i < 10; i++) code += alphabet[yield* plumbing.randomness.int(alphabet.length)]
    return yield* brand(InvitationCode.InvitationCode)(code)
  })

/**
 * Builds the team use cases of the front door over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<
  OrgaShape,
  | "inviteMembers"
  | "resendInvitation"
  | "cancelInvitation"
  | "acceptInvitation"
  | "changeMemberRole"
  | "removeMember"
  | "leaveOrganization"
> => {
  const { now: clockNow, newId, models, write, run, organizationOf } = plumbing
  const freshInvitationCode = invitationCode(plumbing)

  // Every team command is decided on the organization's stream alone.
  const teamCommand = (
    useCaseName: string,
    organizationId: Ids.OrganizationId,
    options: CommandOptions | undefined,
    build: (now: Timestamp.Timestamp) => Effect.Effect<OrganizationCommand.OrganizationCommand, OrgaError>
  ) =>
    run(
      useCaseName,
      options,
      Effect.gen(function* () {
        const state = yield* organizationOf(organizationId)
        const now = yield* clockNow
        const command = yield* build(now)
        const events = yield* fromResult(OrganizationDecider.decide(command, state))
        const actorId = "actorId" in command ? command.actorId : "userId" in command ? command.userId : null
        return outcome([write(Organization.streamName(organizationId), events)], undefined, {
          actorId,
          organizationId,
          occurredAt: now
        })
      }),
      () => undefined
    ).pipe(Effect.map((result) => result.events))

  const inviteMembers: OrgaShape["inviteMembers"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(Inputs.InviteMembers)(raw)
      const actorId = yield* userOf(actor)
      const fresh = yield* Effect.forEach(input.emails, () =>
        Effect.all({ invitationId: newId(Ids.InvitationId), code: freshInvitationCode })
      )
      const events = yield* teamCommand("inviteMembers", input.organizationId, options, (now) =>
        Effect.succeed(
          OrganizationCommand.InviteMembers.make({
            organizationId: input.organizationId,
            actorId,
            emails: input.emails,
            role: input.role,
            freshInvitations: fresh,
            now
          })
        )
      )
      const state = models.organizations.get(input.organizationId)
      return events.flatMap((event): Array<Views.SentInvitation> => {
        if (event._tag !== "MemberInvited" && event._tag !== "InvitationResent") return []
        const invitation = state?.invitations.get(event.invitationId)
        return invitation === undefined
          ? []
          : [{ invitationId: invitation.invitationId, email: invitation.email, code: invitation.code }]
      })
    })

  // Resending and cancelling differ only by the command the decider gets.
  const invitationAction =
    (useCaseName: "resendInvitation" | "cancelInvitation", tag: "ResendInvitation" | "CancelInvitation") =>
    (
      actor: OrgaActor,
      raw: { readonly organizationId: string; readonly invitationId: string },
      options?: CommandOptions
    ) =>
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.InvitationRef)(raw)
        const actorId = yield* userOf(actor)
        yield* teamCommand(useCaseName, input.organizationId, options, (now) =>
          Effect.succeed({
            _tag: tag,
            organizationId: input.organizationId,
            actorId,
            invitationId: input.invitationId,
            now
          })
        )
      })

  const resendInvitation: OrgaShape["resendInvitation"] = invitationAction("resendInvitation", "ResendInvitation")
  const cancelInvitation: OrgaShape["cancelInvitation"] = invitationAction("cancelInvitation", "CancelInvitation")

  const acceptInvitation: OrgaShape["acceptInvitation"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(Inputs.AcceptInvitation)(raw)
      const userId = yield* userOf(actor)
      yield* teamCommand("acceptInvitation", input.organizationId, options, (now) =>
        Effect.gen(function* () {
          const account = models.accounts.get(userId)
          if (account === undefined) return yield* Effect.fail(AccountError.userNotFound(userId))
          return OrganizationCommand.AcceptInvitation.make({
            organizationId: input.organizationId,
            invitationId: input.invitationId,
            code: input.code,
            userId,
            email: account.email ?? "",
            now
          })
        })
      )
    })

  const changeMemberRole: OrgaShape["changeMemberRole"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(Inputs.ChangeMemberRole)(raw)
      const actorId = yield* userOf(actor)
      yield* teamCommand("changeMemberRole", input.organizationId, options, (now) =>
        Effect.succeed(
          OrganizationCommand.ChangeMemberRole.make({
            organizationId: input.organizationId,
            actorId,
            userId: input.userId,
            role: input.role,
            now
          })
        )
      )
    })

  const removeMember: OrgaShape["removeMember"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(Inputs.MemberRef)(raw)
      const actorId = yield* userOf(actor)
      yield* teamCommand("removeMember", input.organizationId, options, (now) =>
        Effect.succeed(
          OrganizationCommand.RemoveMember.make({
            organizationId: input.organizationId,
            actorId,
            userId: input.userId,
            now
          })
        )
      )
    })

  const leaveOrganization: OrgaShape["leaveOrganization"] = (actor, raw, options) =>
    Effect.gen(function* () {
      const input = yield* Inputs.decode(Inputs.OrganizationRef)(raw)
      const userId = yield* userOf(actor)
      yield* teamCommand("leaveOrganization", input.organizationId, options, (now) =>
        Effect.succeed(
          OrganizationCommand.LeaveOrganization.make({ organizationId: input.organizationId, userId, now })
        )
      )
    })

  return {
    inviteMembers,
    resendInvitation,
    cancelInvitation,
    acceptInvitation,
    changeMemberRole,
    removeMember,
    leaveOrganization
  }
}
