/**
 * The team of an organization: its admins invite members (by e-mail, with a code), resend or cancel an
 * invitation, change a member's role or remove a member; a user accepts an invitation or leaves.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { CommandOptions, OrgaActor, OrgaError, OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import { AccountError, Organization, OrganizationDecider } from "./Domain.ts"
import { fromResult, outcome, type Plumbing, userOf } from "./Plumbing.ts"

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
    return code
  })

/**
 * Builds the team use cases of the `Orga` service over the shared plumbing.
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
  const { clock, ids, models, write, run, organizationOf } = plumbing
  const freshInvitationCode = invitationCode(plumbing)

  const teamCommand = (
    useCaseName: string,
    organizationId: string,
    options: CommandOptions | undefined,
    build: (now: string) => Effect.Effect<Parameters<typeof OrganizationDecider.decide>[0], OrgaError>
  ) =>
    run(
      useCaseName,
      options,
      Effect.gen(function* () {
        const state = yield* organizationOf(organizationId)
        const now = yield* clock.now
        const command = yield* build(now)
        const events = yield* fromResult(OrganizationDecider.decide(command, state))
        const actorId =
          "actorId" in command
            ? (command.actorId as string | null)
            : "userId" in command
              ? (command.userId as string)
              : null
        return outcome([write(Organization.streamName(organizationId as never), events)], undefined, {
          actorId,
          organizationId,
          occurredAt: now
        })
      }),
      () => undefined
    ).pipe(Effect.map((result) => result.events))

  const inviteMembers: OrgaShape["inviteMembers"] = (actor, input, options) =>
    Effect.gen(function* () {
      const actorId = yield* userOf(actor)
      const fresh = yield* Effect.forEach(input.emails, () =>
        Effect.all({ invitationId: ids.next, code: freshInvitationCode })
      )
      const events = yield* teamCommand("inviteMembers", input.organizationId, options, (now) =>
        Effect.succeed({
          _tag: "InviteMembers",
          organizationId: input.organizationId as never,
          actorId: actorId as never,
          emails: input.emails,
          role: input.role,
          freshInvitations: fresh as never,
          now: now as never
        })
      )
      const state = models.organizations.get(input.organizationId)!
      return events.flatMap((event): Array<Views.SentInvitation> => {
        if (event._tag !== "MemberInvited" && event._tag !== "InvitationResent") return []
        const invitation = state.invitations.get(event.invitationId)
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
      input: { readonly organizationId: string; readonly invitationId: string },
      options?: CommandOptions
    ) =>
      Effect.gen(function* () {
        const actorId = yield* userOf(actor)
        yield* teamCommand(useCaseName, input.organizationId, options, (now) =>
          Effect.succeed({
            _tag: tag,
            organizationId: input.organizationId as never,
            actorId: actorId as never,
            invitationId: input.invitationId as never,
            now: now as never
          })
        )
      })

  const resendInvitation: OrgaShape["resendInvitation"] = invitationAction("resendInvitation", "ResendInvitation")
  const cancelInvitation: OrgaShape["cancelInvitation"] = invitationAction("cancelInvitation", "CancelInvitation")

  const acceptInvitation: OrgaShape["acceptInvitation"] = (actor, input, options) =>
    Effect.gen(function* () {
      const userId = yield* userOf(actor)
      yield* teamCommand("acceptInvitation", input.organizationId, options, (now) =>
        Effect.gen(function* () {
          const account = models.accounts.get(userId)
          if (account === undefined) return yield* Effect.fail(AccountError.userNotFound(userId))
          return {
            _tag: "AcceptInvitation" as const,
            organizationId: input.organizationId as never,
            invitationId: input.invitationId as never,
            code: input.code,
            userId: userId as never,
            email: account.email ?? "",
            now: now as never
          }
        })
      )
    })

  const changeMemberRole: OrgaShape["changeMemberRole"] = (actor, input, options) =>
    Effect.gen(function* () {
      const actorId = yield* userOf(actor)
      yield* teamCommand("changeMemberRole", input.organizationId, options, (now) =>
        Effect.succeed({
          _tag: "ChangeMemberRole",
          organizationId: input.organizationId as never,
          actorId: actorId as never,
          userId: input.userId as never,
          role: input.role,
          now: now as never
        })
      )
    })

  const removeMember: OrgaShape["removeMember"] = (actor, input, options) =>
    Effect.gen(function* () {
      const actorId = yield* userOf(actor)
      yield* teamCommand("removeMember", input.organizationId, options, (now) =>
        Effect.succeed({
          _tag: "RemoveMember",
          organizationId: input.organizationId as never,
          actorId: actorId as never,
          userId: input.userId as never,
          now: now as never
        })
      )
    })

  const leaveOrganization: OrgaShape["leaveOrganization"] = (actor, input, options) =>
    Effect.gen(function* () {
      const userId = yield* userOf(actor)
      yield* teamCommand("leaveOrganization", input.organizationId, options, (now) =>
        Effect.succeed({
          _tag: "LeaveOrganization",
          organizationId: input.organizationId as never,
          userId: userId as never,
          now: now as never
        })
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
