/**
 * The organization decider: registration, archiving and the team (§3.3, DECISIONS 3 and 4).
 * `decide` checks, in Pix's order, existence, then the actor's rights (policies), then the state and
 * the input; it returns events or one domain error and never throws. `evolve` is total.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { Decider } from "../Decider.ts"
import * as DomainError from "../DomainError.ts"
import * as Actor from "../policy/Actor.ts"
import * as Policy from "../policy/Policy.ts"
import * as Email from "../values/Email.ts"
import type * as Ids from "../values/Ids.ts"
import * as Role from "../values/Role.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import * as Organization from "./Organization.ts"
import * as Command from "./OrganizationCommand.ts"
import * as OrganizationError from "./OrganizationError.ts"
import * as Event from "./OrganizationEvent.ts"

type Decision = Result.Result<ReadonlyArray<Event.OrganizationEvent>, DomainError.DomainError>

const none: Decision = Result.succeed([])

const registered = (state: Organization.Organization, organizationId: Ids.OrganizationId) =>
  state.registration !== null && state.registration.organizationId === organizationId
    ? Result.void
    : Result.fail(OrganizationError.organizationNotFound(organizationId))

const notArchived = (state: Organization.Organization, organizationId: Ids.OrganizationId) =>
  state.archivedAt === null ? Result.void : Result.fail(OrganizationError.organizationArchived(organizationId))

const OrganizationName = Schema.String.pipe(
  Schema.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(255))
)

const register = (command: Command.RegisterOrganization, state: Organization.Organization): Decision => {
  if (state.registration !== null)
    return Result.fail(OrganizationError.organizationAlreadyRegistered(command.organizationId))
  const name = command.name.trim()
  if (!Schema.is(OrganizationName)(name)) return Result.fail(OrganizationError.invalidOrganizationName(command.name))
  return Result.succeed([
    Event.OrganizationRegistered.make({
      organizationId: command.organizationId,
      name,
      type: command.type,
      uai: command.uai,
      isManagingStudents: command.isManagingStudents,
      identityProviderForCampaigns: command.identityProviderForCampaigns,
      contactEmail: command.contactEmail,
      actorId: command.actorId,
      occurredAt: command.now
    })
  ])
}

const archive = (command: Command.ArchiveOrganization, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* notArchived(state, command.organizationId)
    return [
      Event.OrganizationArchived.make({
        organizationId: command.organizationId,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

// Trim, validate and de-duplicate, keeping the order people typed.
const parseEmails = (raw: ReadonlyArray<string>) =>
  Result.gen(function* () {
    const emails: Array<Email.Email> = []
    for (const input of raw) {
      const email = yield* Email.parse(input)
      if (!emails.includes(email)) emails.push(email)
    }
    if (emails.length === 0) return yield* Result.fail(OrganizationError.noEmail())
    return emails
  })

const parseOptionalRole = (raw: string | null) => (raw === null ? Result.succeed(null) : Role.parse(raw))

const invite = (command: Command.InviteMembers, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* Policy.canManageInvitations(Actor.user(command.actorId), state)
    yield* notArchived(state, command.organizationId)
    const role = yield* parseOptionalRole(command.role)
    const emails = yield* parseEmails(command.emails)
    const events: Array<Event.OrganizationEvent> = []
    const used = new Set<string>(state.invitations.keys())
    let next = 0
    for (const email of emails) {
      const pending = Organization.pendingInvitationOf(state, email)
      if (pending !== undefined) {
        events.push(
          Event.InvitationResent.make({
            organizationId: command.organizationId,
            invitationId: pending.invitationId,
            role,
            actorId: command.actorId,
            occurredAt: command.now
          })
        )
        continue
      }
      const fresh = command.freshInvitations[next]
      next++
      if (fresh === undefined) {
        const needed = emails.filter((e) => Organization.pendingInvitationOf(state, e) === undefined).length
        return yield* Result.fail(OrganizationError.missingFreshInvitations(needed, command.freshInvitations.length))
      }
      if (used.has(fresh.invitationId))
        return yield* Result.fail(OrganizationError.invitationIdAlreadyUsed(fresh.invitationId))
      used.add(fresh.invitationId)
      events.push(
        Event.MemberInvited.make({
          organizationId: command.organizationId,
          invitationId: fresh.invitationId,
          email,
          role,
          code: fresh.code,
          actorId: command.actorId,
          occurredAt: command.now
        })
      )
    }
    return events
  })

const inviteScoAdministrator = (command: Command.InviteScoAdministrator, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* notArchived(state, command.organizationId)
    const email = state.registration?.contactEmail ?? null
    if (email === null)
      return yield* Result.fail(
        OrganizationError.organizationWithoutEmail(command.organizationId, state.registration?.uai ?? null)
      )
    const pending = Organization.pendingInvitationOf(state, email)
    if (pending !== undefined)
      return [
        Event.InvitationResent.make({
          organizationId: command.organizationId,
          invitationId: pending.invitationId,
          role: "ADMIN",
          actorId: null,
          occurredAt: command.now
        })
      ]
    if (state.invitations.has(command.freshInvitation.invitationId))
      return yield* Result.fail(OrganizationError.invitationIdAlreadyUsed(command.freshInvitation.invitationId))
    return [
      Event.MemberInvited.make({
        organizationId: command.organizationId,
        invitationId: command.freshInvitation.invitationId,
        email,
        role: "ADMIN",
        code: command.freshInvitation.code,
        actorId: null,
        occurredAt: command.now
      })
    ]
  })

/**
 * Finds the SCO organization of a UAI among candidates (the organizations a read model found for it):
 * the UAI is trimmed and upper-cased; none → `UAI_NOT_RECOGNIZED` with Pix's UAI message, several →
 * `MANY_ORGANIZATIONS_FOUND`.
 *
 * @since 0.1.0
 */
export const findScoOrganizationByUai = (
  candidates: ReadonlyArray<Organization.Organization>,
  uai: string
): Result.Result<Organization.Organization, DomainError.DomainError> => {
  const wanted = uai.trim().toUpperCase()
  const found = candidates.filter(
    (organization) => organization.type === "SCO" && organization.registration?.uai === wanted
  )
  const [only] = found
  if (only === undefined) return Result.fail(OrganizationError.organizationNotFoundForUai(uai.trim()))
  if (found.length > 1) return Result.fail(OrganizationError.manyOrganizationsFound(wanted, found.length))
  return Result.succeed(only)
}

const invitationOf = (state: Organization.Organization, invitationId: Ids.InvitationId) => {
  const invitation = state.invitations.get(invitationId)
  return invitation === undefined
    ? Result.fail(OrganizationError.invitationNotFound(invitationId))
    : Result.succeed(invitation)
}

const resend = (command: Command.ResendInvitation, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* Policy.canManageInvitations(Actor.user(command.actorId), state)
    yield* notArchived(state, command.organizationId)
    const invitation = yield* invitationOf(state, command.invitationId)
    if (invitation.status !== "pending")
      return yield* Result.fail(OrganizationError.alreadyAcceptedOrCancelled(invitation.invitationId))
    return [
      Event.InvitationResent.make({
        organizationId: command.organizationId,
        invitationId: invitation.invitationId,
        role: invitation.role,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

const cancel = (command: Command.CancelInvitation, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* Policy.canManageInvitations(Actor.user(command.actorId), state)
    const invitation = yield* invitationOf(state, command.invitationId)
    if (invitation.status !== "pending")
      return yield* Result.fail(OrganizationError.uncancellableInvitation(invitation.invitationId, invitation.status))
    return [
      Event.InvitationCancelled.make({
        organizationId: command.organizationId,
        invitationId: invitation.invitationId,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

/**
 * Reads an invitation by id and code as the public invitation page does: a cancelled one says
 * `CANCELLED_INVITATION`, an accepted one `ALREADY_EXISTING_INVITATION`, a wrong code `INVITATION_NOT_FOUND`,
 * and, when `now` is given, one last sent more than 30 days ago `INVITATION_EXPIRED` (DECISIONS 3).
 *
 * @since 0.1.0
 */
export const readInvitation = (
  state: Organization.Organization,
  invitationId: Ids.InvitationId,
  code: string,
  now?: Timestamp.Timestamp
): Result.Result<Organization.Invitation, DomainError.DomainError> =>
  Result.gen(function* () {
    const invitation = yield* invitationOf(state, invitationId)
    if (invitation.code !== code) return yield* Result.fail(OrganizationError.invitationNotFound(invitationId))
    if (invitation.status === "cancelled")
      return yield* Result.fail(OrganizationError.cancelledInvitation(invitationId))
    if (invitation.status === "accepted")
      return yield* Result.fail(OrganizationError.alreadyExistingInvitation(invitationId))
    if (now !== undefined) yield* notExpired(invitation, now)
    return invitation
  })

const notExpired = (invitation: Organization.Invitation, now: Timestamp.Timestamp) =>
  Organization.isExpired(invitation, now)
    ? Result.fail(OrganizationError.invitationExpired(invitation.invitationId, invitation.lastSentAt))
    : Result.void

const accept = (command: Command.AcceptInvitation, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    const invitation = yield* invitationOf(state, command.invitationId)
    if (invitation.code !== command.code)
      return yield* Result.fail(OrganizationError.invitationNotFound(command.invitationId))
    if (invitation.status !== "pending")
      return yield* Result.fail(OrganizationError.alreadyAcceptedOrCancelled(invitation.invitationId))
    yield* notArchived(state, command.organizationId)
    yield* notExpired(invitation, command.now)
    if (command.email.trim().toLowerCase() !== invitation.email)
      return yield* Result.fail(OrganizationError.invitationEmailMismatch(invitation.invitationId))
    const member = state.members.get(command.userId)
    const base = { organizationId: command.organizationId, occurredAt: command.now }
    if (member !== undefined) {
      // §3.3: a member accepting an invitation without role gets Pix's error; with a role, the role applies.
      if (invitation.role === null)
        return yield* Result.fail(OrganizationError.alreadyExistingMembership(command.userId))
      const accepted = Event.InvitationAccepted.make({
        ...base,
        invitationId: invitation.invitationId,
        userId: command.userId,
        role: invitation.role
      })
      if (member.role === invitation.role) return [accepted]
      if (member.role === "ADMIN" && Policy.adminCount(state) <= 1)
        return yield* Result.fail(Policy.lastAdminCannotLeave(command.userId))
      return [
        accepted,
        Event.MemberRoleChanged.make({
          ...base,
          userId: command.userId,
          role: invitation.role,
          previousRole: member.role,
          actorId: command.userId
        })
      ]
    }
    const role: Role.Role = invitation.role ?? (state.members.size === 0 ? "ADMIN" : "MEMBER")
    return [
      Event.InvitationAccepted.make({ ...base, invitationId: invitation.invitationId, userId: command.userId, role }),
      Event.MemberJoined.make({ ...base, userId: command.userId, role, invitationId: invitation.invitationId })
    ]
  })

const memberOf = (state: Organization.Organization, userId: Ids.UserId) => {
  const member = state.members.get(userId)
  return member === undefined ? Result.fail(OrganizationError.membershipNotFound(userId)) : Result.succeed(member)
}

const changeRole = (command: Command.ChangeMemberRole, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* Policy.canChangeRole(Actor.user(command.actorId), state)
    const role = yield* Role.parse(command.role)
    const member = yield* memberOf(state, command.userId)
    if (member.role === role) return []
    if (member.role === "ADMIN" && Policy.adminCount(state) <= 1)
      return yield* Result.fail(Policy.lastAdminCannotLeave(command.userId))
    return [
      Event.MemberRoleChanged.make({
        organizationId: command.organizationId,
        userId: command.userId,
        role,
        previousRole: member.role,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

const remove = (command: Command.RemoveMember, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* Policy.canRemoveMember(Actor.user(command.actorId), state)
    const member = yield* memberOf(state, command.userId)
    if (member.role === "ADMIN" && Policy.adminCount(state) <= 1)
      return yield* Result.fail(Policy.lastAdminCannotLeave(command.userId))
    return [
      Event.MemberRemoved.make({
        organizationId: command.organizationId,
        userId: command.userId,
        actorId: command.actorId,
        occurredAt: command.now
      })
    ]
  })

const leave = (command: Command.LeaveOrganization, state: Organization.Organization): Decision =>
  Result.gen(function* () {
    yield* registered(state, command.organizationId)
    yield* memberOf(state, command.userId)
    yield* Policy.canLeave(Actor.user(command.userId), state)
    return [
      Event.MemberLeft.make({
        organizationId: command.organizationId,
        userId: command.userId,
        occurredAt: command.now
      })
    ]
  })

const isCommand = Schema.is(Command.OrganizationCommand)

/**
 * Decides a command against the organization's state.
 *
 * @since 0.1.0
 */
export const decide = (command: Command.OrganizationCommand, state: Organization.Organization): Decision => {
  // A command that bypassed its schema (a cast, unchecked input) is refused, never thrown on.
  if (!isCommand(command)) return Result.fail(DomainError.invalidCommand(command))
  switch (command._tag) {
    case "RegisterOrganization":
      return register(command, state)
    case "ArchiveOrganization":
      return archive(command, state)
    case "InviteMembers":
      return invite(command, state)
    case "InviteScoAdministrator":
      return inviteScoAdministrator(command, state)
    case "ResendInvitation":
      return resend(command, state)
    case "CancelInvitation":
      return cancel(command, state)
    case "AcceptInvitation":
      return accept(command, state)
    case "ChangeMemberRole":
      return changeRole(command, state)
    case "RemoveMember":
      return remove(command, state)
    case "LeaveOrganization":
      return leave(command, state)
    default:
      return none
  }
}

const withInvitation = (
  state: Organization.Organization,
  invitationId: Ids.InvitationId,
  update: (invitation: Organization.Invitation) => Organization.Invitation
): Organization.Organization => {
  const invitation = state.invitations.get(invitationId)
  if (invitation === undefined) return state
  const invitations = new Map(state.invitations)
  invitations.set(invitationId, update(invitation))
  return { ...state, invitations }
}

const withMembers = (
  state: Organization.Organization,
  change: (members: Map<Ids.UserId, Organization.Member>) => void
): Organization.Organization => {
  const members = new Map(state.members)
  change(members)
  return { ...state, members }
}

/**
 * Folds one event into the state. Total: an event about an unknown invitation or member leaves the state
 * as it is, and a second registration does not overwrite the first.
 *
 * @since 0.1.0
 */
export const evolve = (state: Organization.Organization, event: Event.OrganizationEvent): Organization.Organization => {
  switch (event._tag) {
    case "OrganizationRegistered":
      if (state.registration !== null) return state
      return {
        ...state,
        registration: {
          organizationId: event.organizationId,
          name: event.name,
          uai: event.uai,
          identityProviderForCampaigns: event.identityProviderForCampaigns,
          contactEmail: event.contactEmail,
          registeredAt: event.occurredAt
        },
        type: event.type,
        isManagingStudents: event.isManagingStudents
      }
    case "OrganizationArchived":
      return state.archivedAt === null ? { ...state, archivedAt: event.occurredAt } : state
    case "MemberInvited": {
      if (state.invitations.has(event.invitationId)) return state
      const invitations = new Map(state.invitations)
      invitations.set(event.invitationId, {
        invitationId: event.invitationId,
        email: event.email,
        role: event.role,
        code: event.code,
        status: "pending",
        createdAt: event.occurredAt,
        lastSentAt: event.occurredAt
      })
      return { ...state, invitations }
    }
    case "InvitationResent":
      return withInvitation(state, event.invitationId, (invitation) =>
        invitation.status === "pending" ? { ...invitation, role: event.role, lastSentAt: event.occurredAt } : invitation
      )
    case "InvitationCancelled":
      return withInvitation(state, event.invitationId, (invitation) => ({ ...invitation, status: "cancelled" }))
    case "InvitationAccepted":
      return withInvitation(state, event.invitationId, (invitation) => ({ ...invitation, status: "accepted" }))
    case "MemberJoined":
      return withMembers(state, (members) =>
        members.set(event.userId, { userId: event.userId, role: event.role, since: event.occurredAt })
      )
    case "MemberRoleChanged": {
      const member = state.members.get(event.userId)
      if (member === undefined) return state
      return withMembers(state, (members) => members.set(event.userId, { ...member, role: event.role }))
    }
    case "MemberRemoved":
    case "MemberLeft":
      return state.members.has(event.userId) ? withMembers(state, (members) => members.delete(event.userId)) : state
    default:
      return state
  }
}

/**
 * The organization decider.
 *
 * @since 0.1.0
 */
export const decider: Decider<
  Command.OrganizationCommand,
  Organization.Organization,
  Event.OrganizationEvent,
  DomainError.DomainError
> = {
  initialState: Organization.initial,
  evolve,
  decide
}
