/**
 * The organization itself: Pix Admin registers it and invites its first admin (an organization starts with no
 * member); its admins set the deadline of the certificability collection.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { OrgaShape } from "../Orga.ts"
import {
  type Actor,
  CollectionDeadline,
  Organization,
  OrganizationDecider,
  OrganizationEvent,
  Policy,
  Uai
} from "./Domain.ts"
import { check, fail, fromResult, outcome, type Plumbing, unauthenticated, userOf } from "./Plumbing.ts"
import * as Team from "./Team.ts"

/**
 * Builds the organization use cases of the `Orga` service over the shared plumbing.
 *
 * @since 0.1.0
 */
export const make = (
  plumbing: Plumbing
): Pick<OrgaShape, "registerOrganization" | "inviteFirstAdmin" | "setCollectionDeadline"> => {
  const { clock, ids, models, pixAdmins, write, useCase, organizationOf } = plumbing
  const freshInvitationCode = Team.invitationCode(plumbing)

  const requirePixAdmin = (actor: Actor.Actor) =>
    actor._tag === "User" && pixAdmins.has(actor.userId)
      ? Effect.succeed(actor.userId as string)
      : actor._tag === "Anonymous"
        ? unauthenticated()
        : fail("Forbidden", "PIX_ADMIN_REQUIRED", "Cette action est réservée à Pix Admin.")

  const registerOrganization: OrgaShape["registerOrganization"] = (actor, input, options) =>
    useCase(
      "registerOrganization",
      options,
      Effect.gen(function* () {
        const actorId = yield* requirePixAdmin(actor)
        const organizationId = input.organizationId ?? (yield* ids.next)
        const uai = input.uai === null ? null : yield* fromResult(Uai.parse(input.uai))
        const now = yield* clock.now
        const streamId = Organization.streamName(organizationId as never)
        const events = yield* fromResult(
          OrganizationDecider.decide(
            {
              _tag: "RegisterOrganization",
              organizationId: organizationId as never,
              name: input.name,
              type: input.type,
              uai,
              isManagingStudents: input.isManagingStudents,
              identityProviderForCampaigns: input.identityProviderForCampaigns ?? null,
              contactEmail: (input.contactEmail ?? null) as never,
              actorId: actorId as never,
              now: now as never
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

  const inviteFirstAdmin: OrgaShape["inviteFirstAdmin"] = (actor, input, options) =>
    useCase(
      "inviteFirstAdmin",
      options,
      Effect.gen(function* () {
        const actorId = yield* requirePixAdmin(actor)
        const organization = yield* organizationOf(input.organizationId)
        if (organization.members.size > 0)
          return yield* fail(
            "Conflict",
            "ORGANIZATION_ALREADY_HAS_MEMBERS",
            "Cette organisation a déjà des membres : invitez depuis l'équipe.",
            { organizationId: input.organizationId }
          )
        const email = input.email.trim().toLowerCase()
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
          return yield* fail("InvalidInput", "INVALID_EMAIL", "Le format de l'adresse e-mail est incorrect.")
        const now = yield* clock.now
        const meta = { actorId, organizationId: input.organizationId, occurredAt: now }
        const streamId = Organization.streamName(input.organizationId as never)
        const pending = Organization.pendingInvitationOf(organization, email as never)
        if (pending !== undefined)
          return outcome(
            [],
            { invitationId: pending.invitationId as string, email, code: pending.code as string },
            meta
          )
        const invitationId = yield* ids.next
        const code = yield* freshInvitationCode
        const invited = OrganizationEvent.MemberInvited.make({
          organizationId: input.organizationId as never,
          invitationId: invitationId as never,
          email: email as never,
          role: "ADMIN",
          code: code as never,
          actorId: null,
          occurredAt: now as never
        })
        return outcome([write(streamId, [invited])], { invitationId, email, code }, meta)
      }),
      (events) => {
        const invited = events.find((event) => event._tag === "MemberInvited")
        return invited === undefined
          ? { invitationId: "", email: "", code: "" }
          : { invitationId: invited.invitationId, email: invited.email, code: invited.code }
      }
    )

  const setCollectionDeadline: OrgaShape["setCollectionDeadline"] = (actor, input, options) =>
    useCase(
      "setCollectionDeadline",
      options,
      Effect.gen(function* () {
        const organization = yield* organizationOf(input.organizationId)
        yield* check(Policy.canManageInvitations(actor, organization))
        const actorId = yield* userOf(actor)
        if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || Number.isNaN(Date.parse(input.deadline)))
          return yield* fail("InvalidInput", "INVALID_DEADLINE", "La date limite est invalide.", {
            deadline: input.deadline
          })
        if (!/^\d{4}$/.test(input.schoolYear))
          return yield* fail("InvalidInput", "INVALID_SCHOOL_YEAR", "L'année scolaire est invalide.", {
            schoolYear: input.schoolYear
          })
        const now = yield* clock.now
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
            plumbing.read(Organization.streamName(input.organizationId as never))
          ],
          undefined,
          { actorId, organizationId: input.organizationId, occurredAt: now }
        )
      }),
      () => undefined
    )

  return { registerOrganization, inviteFirstAdmin, setCollectionDeadline }
}
