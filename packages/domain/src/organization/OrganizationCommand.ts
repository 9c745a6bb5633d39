/**
 * Commands of the organization and its team. Commands bring everything the domain must not draw itself:
 * the time (`now`), fresh ids and random invitation codes. Fields people type (e-mails, role) arrive
 * raw and are validated by the decider, so that a bad one gets Pix's code and message.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Email from "../values/Email.ts"
import * as Ids from "../values/Ids.ts"
import * as InvitationCode from "../values/InvitationCode.ts"
import * as Timestamp from "../values/Timestamp.ts"
import * as Uai from "../values/Uai.ts"
import { IdentityProvider, OrganizationType } from "./OrganizationEvent.ts"

/**
 * Register an organization (Pix Admin's act; no Orga member exists yet).
 *
 * @since 0.1.0
 */
export const RegisterOrganization = Schema.TaggedStruct("RegisterOrganization", {
  organizationId: Ids.OrganizationId,
  name: Schema.String,
  type: OrganizationType,
  uai: Schema.NullOr(Uai.Uai),
  isManagingStudents: Schema.Boolean,
  identityProviderForCampaigns: IdentityProvider,
  contactEmail: Schema.NullOr(Email.Email).annotate({ personalData: false }),
  actorId: Schema.NullOr(Ids.UserId),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type RegisterOrganization = typeof RegisterOrganization.Type

/**
 * Archive an organization (Pix Admin's act).
 *
 * @since 0.1.0
 */
export const ArchiveOrganization = Schema.TaggedStruct("ArchiveOrganization", {
  organizationId: Ids.OrganizationId,
  actorId: Schema.NullOr(Ids.UserId),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ArchiveOrganization = typeof ArchiveOrganization.Type

/**
 * A fresh invitation id and its random code, drawn by the caller for an e-mail that has no pending
 * invitation yet.
 *
 * @since 0.1.0
 */
export const FreshInvitation = Schema.Struct({
  invitationId: Ids.InvitationId,
  code: InvitationCode.InvitationCode
})
/** @since 0.1.0 */
export type FreshInvitation = typeof FreshInvitation.Type

/**
 * Invite one or several e-mails, with a role or without (the role is then decided on acceptance).
 * `freshInvitations` are consumed in e-mail order for e-mails without a pending invitation; give one per
 * e-mail to be safe (unused ones are ignored).
 *
 * @since 0.1.0
 */
export const InviteMembers = Schema.TaggedStruct("InviteMembers", {
  organizationId: Ids.OrganizationId,
  actorId: Ids.UserId,
  emails: Schema.Array(Schema.String).annotate({ personalData: true }),
  role: Schema.NullOr(Schema.String),
  freshInvitations: Schema.Array(FreshInvitation),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type InviteMembers = typeof InviteMembers.Type

/**
 * The SCO self-service invitation ("Activez ou récupérez votre espace Pix Orga"): an ADMIN invitation
 * sent to the organization's own contact mailbox, not to the person who asked. Find the organization
 * first with `OrganizationDecider.findScoOrganizationByUai`.
 *
 * @since 0.1.0
 */
export const InviteScoAdministrator = Schema.TaggedStruct("InviteScoAdministrator", {
  organizationId: Ids.OrganizationId,
  freshInvitation: FreshInvitation,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type InviteScoAdministrator = typeof InviteScoAdministrator.Type

/**
 * Send a pending invitation again (same code, validity renewed).
 *
 * @since 0.1.0
 */
export const ResendInvitation = Schema.TaggedStruct("ResendInvitation", {
  organizationId: Ids.OrganizationId,
  actorId: Ids.UserId,
  invitationId: Ids.InvitationId,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ResendInvitation = typeof ResendInvitation.Type

/**
 * Cancel a pending invitation.
 *
 * @since 0.1.0
 */
export const CancelInvitation = Schema.TaggedStruct("CancelInvitation", {
  organizationId: Ids.OrganizationId,
  actorId: Ids.UserId,
  invitationId: Ids.InvitationId,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type CancelInvitation = typeof CancelInvitation.Type

/**
 * Accept an invitation, as the logged user `userId` whose account e-mail is `email`.
 *
 * @since 0.1.0
 */
export const AcceptInvitation = Schema.TaggedStruct("AcceptInvitation", {
  organizationId: Ids.OrganizationId,
  invitationId: Ids.InvitationId,
  code: Schema.String,
  userId: Ids.UserId,
  email: Schema.String.annotate({ personalData: true }),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type AcceptInvitation = typeof AcceptInvitation.Type

/**
 * Change a member's role (an admin's act).
 *
 * @since 0.1.0
 */
export const ChangeMemberRole = Schema.TaggedStruct("ChangeMemberRole", {
  organizationId: Ids.OrganizationId,
  actorId: Ids.UserId,
  userId: Ids.UserId,
  role: Schema.String,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ChangeMemberRole = typeof ChangeMemberRole.Type

/**
 * Remove a member from the organization (an admin's act).
 *
 * @since 0.1.0
 */
export const RemoveMember = Schema.TaggedStruct("RemoveMember", {
  organizationId: Ids.OrganizationId,
  actorId: Ids.UserId,
  userId: Ids.UserId,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type RemoveMember = typeof RemoveMember.Type

/**
 * Leave the organization (the member themself).
 *
 * @since 0.1.0
 */
export const LeaveOrganization = Schema.TaggedStruct("LeaveOrganization", {
  organizationId: Ids.OrganizationId,
  userId: Ids.UserId,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type LeaveOrganization = typeof LeaveOrganization.Type

/**
 * Any command of the organization decider.
 *
 * @since 0.1.0
 */
export const OrganizationCommand = Schema.Union([
  RegisterOrganization,
  ArchiveOrganization,
  InviteMembers,
  InviteScoAdministrator,
  ResendInvitation,
  CancelInvitation,
  AcceptInvitation,
  ChangeMemberRole,
  RemoveMember,
  LeaveOrganization
])
/** @since 0.1.0 */
export type OrganizationCommand = typeof OrganizationCommand.Type

/**
 * Splits the comma-separated e-mails of Orga's invitation form into the command's list.
 *
 * @since 0.1.0
 */
export const splitEmails = (raw: string): ReadonlyArray<string> => raw.split(",")
