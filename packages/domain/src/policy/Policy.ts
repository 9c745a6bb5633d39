/**
 * Who may do what in Pix Orga (§3.2, with DECISIONS 4), as pure functions of an actor and the
 * organization's team. Each answers `Result.void` or the domain error to show; deciders call them, and
 * apps may call them before showing a button.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as AccountError from "../account/AccountError.ts"
import * as DomainError from "../DomainError.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Role from "../values/Role.ts"
import type * as Actor from "./Actor.ts"

/**
 * What the policies read of an organization: its kind and its active members with their roles.
 * The organization decider's state has this shape.
 *
 * @since 0.1.0
 */
export interface Team {
  readonly type: "SCO" | "SUP" | "PRO" | null
  readonly isManagingStudents: boolean
  readonly members: ReadonlyMap<Ids.UserId, { readonly role: Role.Role }>
}

/**
 * A policy's answer.
 *
 * @since 0.1.0
 */
export type Decision = Result.Result<void, DomainError.DomainError>

/**
 * Pix's message for a user without any active membership (`PIX_ORGA.NOT_LINKED_ORGANIZATION_MSG`).
 *
 * @since 0.1.0
 */
export const notLinkedOrganizationMessage =
  "L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un administrateur Pix Orga propre à l'organisation qui l'utilise. Contactez-le pour qu'il vous y invite."

const allowed: Decision = Result.void

const unauthenticated = (): Decision => Result.fail(AccountError.unauthenticated())

/**
 * An action reserved to Pix Admin, asked by someone else (`PIX_ADMIN_REQUIRED`).
 *
 * @category constructors
 * @since 0.1.0
 */
export const pixAdminRequiredError = () =>
  DomainError.make("Forbidden", "PIX_ADMIN_REQUIRED", "Cette action est réservée à Pix Admin.")

const insufficient = (meta: Record<string, unknown>): Decision =>
  Result.fail(
    DomainError.make(
      "Forbidden",
      "INSUFFICIENT_PERMISSIONS",
      "Vous n'avez pas les droits suffisants pour effectuer cette action.",
      meta
    )
  )

/**
 * The active role of the actor in the team, if any.
 *
 * @since 0.1.0
 */
export const roleOf = (actor: Actor.Actor, team: Team): Role.Role | undefined =>
  actor._tag === "User" ? team.members.get(actor.userId)?.role : undefined

/**
 * The number of active admins of a team.
 *
 * @since 0.1.0
 */
export const adminCount = (team: Team): number => {
  let count = 0
  for (const member of team.members.values()) if (member.role === "ADMIN") count++
  return count
}

const requireMember = (actor: Actor.Actor, team: Team): Decision => {
  if (actor._tag === "Anonymous") return unauthenticated()
  return roleOf(actor, team) === undefined ? insufficient({ userId: actor.userId, required: "MEMBER" }) : allowed
}

const requireAdmin = (actor: Actor.Actor, team: Team): Decision => {
  if (actor._tag === "Anonymous") return unauthenticated()
  return roleOf(actor, team) === "ADMIN" ? allowed : insufficient({ userId: actor.userId, required: "ADMIN" })
}

/**
 * Log into Pix Orga: any user with at least one active membership (in any organization).
 *
 * @since 0.1.0
 */
export const canLogIn = (actor: Actor.Actor, activeMembershipCount: number): Decision => {
  if (actor._tag === "Anonymous") return unauthenticated()
  return activeMembershipCount > 0
    ? allowed
    : Result.fail(DomainError.make("Forbidden", "NOT_LINKED_ORGANIZATION", notLinkedOrganizationMessage))
}

/**
 * List the members of the organization: any member.
 *
 * @since 0.1.0
 */
export const canListMembers = requireMember

/**
 * See the organization's campaigns (all of them, not only one's own): any member.
 *
 * @since 0.1.0
 */
export const canSeeCampaigns = requireMember

/**
 * See the results, analysis and exports of any campaign of the organization: any member.
 *
 * @since 0.1.0
 */
export const canSeeResults = requireMember

/**
 * Create a campaign: any member.
 *
 * @since 0.1.0
 */
export const canCreateCampaign = requireMember

/**
 * Update, archive or unarchive a campaign, or delete one of its participations: its owner (while a
 * member) or an admin (`CampaignAuthorization.isAllowedToManage`).
 *
 * @since 0.1.0
 */
export const canManageCampaign = (actor: Actor.Actor, team: Team, campaignOwnerId: Ids.UserId): Decision => {
  const member = requireMember(actor, team)
  if (Result.isFailure(member) || actor._tag === "Anonymous") return member
  return roleOf(actor, team) === "ADMIN" || actor.userId === campaignOwnerId
    ? allowed
    : insufficient({ userId: actor.userId, required: "OWNER_OR_ADMIN" })
}

/**
 * Delete campaigns in a batch: an admin, or the owner of every selected campaign.
 *
 * @since 0.1.0
 */
export const canDeleteCampaigns = (
  actor: Actor.Actor,
  team: Team,
  campaignOwnerIds: ReadonlyArray<Ids.UserId>
): Decision => {
  const member = requireMember(actor, team)
  if (Result.isFailure(member) || actor._tag === "Anonymous") return member
  return roleOf(actor, team) === "ADMIN" || campaignOwnerIds.every((ownerId) => ownerId === actor.userId)
    ? allowed
    : insufficient({ userId: actor.userId, required: "OWNER_OF_ALL_OR_ADMIN" })
}

/**
 * Import students from a SIECLE file: an admin of an SCO organization that manages its students.
 *
 * @since 0.1.0
 */
export const canImportStudents = (actor: Actor.Actor, team: Team): Decision => {
  const admin = requireAdmin(actor, team)
  if (Result.isFailure(admin)) return admin
  return team.type === "SCO" && team.isManagingStudents
    ? allowed
    : Result.fail(
        DomainError.make(
          "Forbidden",
          "ORGANIZATION_NOT_MANAGING_STUDENTS",
          "L'import d'élèves est réservé aux établissements scolaires qui gèrent leurs élèves.",
          { type: team.type, isManagingStudents: team.isManagingStudents }
        )
      )
}

/**
 * Invite, list pending invitations, cancel or resend an invitation: an admin.
 *
 * @since 0.1.0
 */
export const canManageInvitations = requireAdmin

/**
 * Change a member's role: an admin.
 *
 * @since 0.1.0
 */
export const canChangeRole = requireAdmin

/**
 * Remove a member: an admin.
 *
 * @since 0.1.0
 */
export const canRemoveMember = requireAdmin

/**
 * The refusal of DECISIONS 4: the last active admin stays.
 *
 * @since 0.1.0
 */
export const lastAdminCannotLeave = (userId: Ids.UserId): DomainError.DomainError =>
  DomainError.make(
    "Conflict",
    "LAST_ADMIN_CANNOT_LEAVE",
    "Vous êtes le dernier administrateur de cet espace Pix Orga : nommez un autre administrateur avant de partir.",
    { userId }
  )

/**
 * Leave the organization (DECISIONS 4): any member may; an admin only while another active admin remains.
 *
 * @since 0.1.0
 */
export const canLeave = (actor: Actor.Actor, team: Team): Decision => {
  const member = requireMember(actor, team)
  if (Result.isFailure(member) || actor._tag === "Anonymous") return member
  return roleOf(actor, team) === "ADMIN" && adminCount(team) <= 1
    ? Result.fail(lastAdminCannotLeave(actor.userId))
    : allowed
}

/**
 * Delete learners: an admin of an organization that does not manage its students through SIECLE.
 *
 * @since 0.1.0
 */
export const canDeleteLearners = (actor: Actor.Actor, team: Team): Decision => {
  const admin = requireAdmin(actor, team)
  if (Result.isFailure(admin)) return admin
  return team.type === "SCO" && team.isManagingStudents
    ? Result.fail(
        DomainError.make(
          "Forbidden",
          "ORGANIZATION_MANAGING_STUDENTS",
          "Les élèves d'un établissement qui importe sa base élèves ne peuvent pas être supprimés.",
          { type: team.type }
        )
      )
    : allowed
}
