/**
 * The organization itself: Pix Admin registers it and invites its first admin (an organization starts with no
 * member); its admins set the deadline of the certificability collection.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import type * as Views from "../Views.ts"
import {
  type Actor,
  CollectionDeadline,
  Ids,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  Policy
} from "./Domain.ts"
import * as Inputs from "./Inputs.ts"
import { check, fail, fromResult, outcome, type Plumbing, unauthenticated, userOf } from "./Plumbing.ts"
import * as Team from "./Team.ts"

/**
 * Builds the organization use cases of the front door over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "registerOrganization" | "inviteFirstAdmin" | "setCollectionDeadline"> => {
  const { models, pixAdmins, now: clockNow, newId, write, read, useCase, organizationOf } = plumbing
  const freshInvitationCode = Team.invitationCode(plumbing)

  const requirePixAdmin = (actor: Actor.Actor) =>
    actor._tag === "User" && pixAdmins.has(actor.userId)
      ? Effect.succeed(actor.userId)
      : actor._tag === "Anonymous"
        ? unauthenticated()
        : Effect.fail(Policy.pixAdminRequiredError())

  const registerOrganization: OrgaShape["registerOrganization"] = (actor, raw, options) =>
    useCase(
      "registerOrganization",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.RegisterOrganization)(raw)
        const actorId = yield* requirePixAdmin(actor)
        const organizationId = input.organizationId ?? (yield* newId(Ids.OrganizationId))
        const now = yield* clockNow
        const streamId = Organization.streamName(organizationId)
        const events = yield* fromResult(
          OrganizationDecider.decide(
            {
              _tag: "RegisterOrganization",
              organizationId,
              name: input.name,
              type: input.type,
              uai: input.uai,
              isManagingStudents: input.isManagingStudents,
              identityProviderForCampaigns: input.identityProviderForCampaigns ?? null,
              contactEmail: input.contactEmail ?? null,
              actorId,
              now
            },
            models.organizations.get(organizationId) ?? Organization.initial
          )
        )
        return outcome([write(streamId, events)], { organizationId }, { actorId, organizationId, occurredAt: now })
      }),
      (events) => ({
        organizationId: events.find((event) => event._tag === "OrganizationRegistered")?.organizationId ?? ""
      })
    )

  const inviteFirstAdmin: OrgaShape["inviteFirstAdmin"] = (actor, raw, options) =>
    useCase(
      "inviteFirstAdmin",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.InviteFirstAdmin)(raw)
        const actorId = yield* requirePixAdmin(actor)
        const organization = yield* organizationOf(input.organizationId)
        if (organization.members.size > 0)
          return yield* fail(
            "Conflict",
            "ORGANIZATION_ALREADY_HAS_MEMBERS",
            "Cette organisation a déjà des membres : invitez depuis l'équipe.",
            { organizationId: input.organizationId }
          )
        const email = input.email
        const now = yield* clockNow
        const meta = { actorId, organizationId: input.organizationId, occurredAt: now }
        const streamId = Organization.streamName(input.organizationId)
        const pending = Organization.pendingInvitationOf(organization, email)
        if (pending !== undefined)
          return outcome<Views.SentInvitation>(
            [],
            { invitationId: pending.invitationId, email, code: pending.code },
            meta
          )
        const invitationId = yield* newId(Ids.InvitationId)
        const code = yield* freshInvitationCode
        const invited = OrganizationEvent.MemberInvited.make({
          organizationId: input.organizationId,
          invitationId,
          email,
          role: "ADMIN",
          code,
          actorId: null,
          occurredAt: now
        })
        return outcome<Views.SentInvitation>([write(streamId, [invited])], { invitationId, email, code }, meta)
      }),
      (events) => {
        const invited = events.find((event) => event._tag === "MemberInvited")
        return invited === undefined
          ? { invitationId: "", email: "", code: "" }
          : { invitationId: invited.invitationId, email: invited.email, code: invited.code }
      }
    )

  const setCollectionDeadline: OrgaShape["setCollectionDeadline"] = (actor, raw, options) =>
    useCase(
      "setCollectionDeadline",
      options,
      Effect.gen(function* () {
        const input = yield* Inputs.decode(Inputs.SetCollectionDeadline)(raw)
        const organization = yield* organizationOf(input.organizationId)
        yield* check(Policy.canManageInvitations(actor, organization))
        const actorId = yield* userOf(actor)
        const now = yield* clockNow
        const event = CollectionDeadline.CollectionDeadlineSet.make({
          organizationId: input.organizationId,
          schoolYear: input.schoolYear,
          deadline: input.deadline,
          actorId,
          occurredAt: now
        })
        // Decided on the organization's membership: its stream is read, and checked at append time.
        return outcome(
          [
            write(CollectionDeadline.streamName(input.organizationId), [event]),
            read(Organization.streamName(input.organizationId))
          ],
          undefined,
          { actorId, organizationId: input.organizationId, occurredAt: now }
        )
      }),
      () => undefined
    )

  return { registerOrganization, inviteFirstAdmin, setCollectionDeadline }
}
