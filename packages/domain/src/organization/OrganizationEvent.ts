/**
 * Events of the `organization-<id>` stream: registration, archiving and the team (invitations and
 * memberships). Each is a fact forever: a stored tag is never renamed; a new shape gets a new tag.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Email from "../values/Email.ts"
import * as Ids from "../values/Ids.ts"
import * as InvitationCode from "../values/InvitationCode.ts"
import * as Role from "../values/Role.ts"
import * as Timestamp from "../values/Timestamp.ts"
import * as Uai from "../values/Uai.ts"

/**
 * Organization types Orga handles (§9): school (SCO), higher education (SUP), professional (PRO).
 *
 * @since 0.1.0
 */
export const OrganizationType = Schema.Literals(["SCO", "SUP", "PRO"])
/** @since 0.1.0 */
export type OrganizationType = typeof OrganizationType.Type

/**
 * Identity provider for campaigns: `GAR` (students come through their ENT's Mediacentre) or none.
 *
 * @since 0.1.0
 */
export const IdentityProvider = Schema.NullOr(Schema.Literal("GAR"))
/** @since 0.1.0 */
export type IdentityProvider = typeof IdentityProvider.Type

/**
 * An organization was registered (by Pix Admin or an import of organizations).
 *
 * @since 0.1.0
 */
export const OrganizationRegistered = Schema.TaggedStruct("OrganizationRegistered", {
  organizationId: Ids.OrganizationId,
  name: Schema.String.pipe(Schema.check(Schema.isTrimmed(), Schema.isMinLength(1), Schema.isMaxLength(255))),
  type: OrganizationType,
  /** The school's UAI (Pix's `externalId`), for SCO organizations. */
  uai: Schema.NullOr(Uai.Uai),
  isManagingStudents: Schema.Boolean,
  identityProviderForCampaigns: IdentityProvider,
  /** The organization's contact mailbox (an institutional address, not a person's). */
  contactEmail: Schema.NullOr(Email.Email).annotate({ personalData: false }),
  actorId: Schema.NullOr(Ids.UserId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type OrganizationRegistered = typeof OrganizationRegistered.Type

/**
 * An organization was archived: it takes no new invitation and no one joins it any more.
 *
 * @since 0.1.0
 */
export const OrganizationArchived = Schema.TaggedStruct("OrganizationArchived", {
  organizationId: Ids.OrganizationId,
  actorId: Schema.NullOr(Ids.UserId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type OrganizationArchived = typeof OrganizationArchived.Type

/**
 * Someone was invited to join the organization (a new pending invitation with its random code).
 * `role` null means "decided on acceptance" (§3.3). Tag fixed by the product brief.
 *
 * @since 0.1.0
 */
export const MemberInvited = Schema.TaggedStruct("MemberInvited", {
  organizationId: Ids.OrganizationId,
  invitationId: Ids.InvitationId,
  email: Email.Email,
  role: Schema.NullOr(Role.Role),
  code: InvitationCode.InvitationCode,
  actorId: Schema.NullOr(Ids.UserId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type MemberInvited = typeof MemberInvited.Type

/**
 * A pending invitation was sent again (same code); its 30-day validity starts again (DECISIONS 3).
 * `role` is the role asked by this sending (the latest intent wins).
 *
 * @since 0.1.0
 */
export const InvitationResent = Schema.TaggedStruct("InvitationResent", {
  organizationId: Ids.OrganizationId,
  invitationId: Ids.InvitationId,
  role: Schema.NullOr(Role.Role),
  actorId: Schema.NullOr(Ids.UserId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type InvitationResent = typeof InvitationResent.Type

/**
 * A pending invitation was cancelled by an admin.
 *
 * @since 0.1.0
 */
export const InvitationCancelled = Schema.TaggedStruct("InvitationCancelled", {
  organizationId: Ids.OrganizationId,
  invitationId: Ids.InvitationId,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type InvitationCancelled = typeof InvitationCancelled.Type

/**
 * An invitation was accepted by a user; `role` is the role the membership got from it.
 *
 * @since 0.1.0
 */
export const InvitationAccepted = Schema.TaggedStruct("InvitationAccepted", {
  organizationId: Ids.OrganizationId,
  invitationId: Ids.InvitationId,
  userId: Ids.UserId,
  role: Role.Role,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type InvitationAccepted = typeof InvitationAccepted.Type

/**
 * A user became an active member of the organization (through an invitation).
 *
 * @since 0.1.0
 */
export const MemberJoined = Schema.TaggedStruct("MemberJoined", {
  organizationId: Ids.OrganizationId,
  userId: Ids.UserId,
  role: Role.Role,
  invitationId: Schema.NullOr(Ids.InvitationId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type MemberJoined = typeof MemberJoined.Type

/**
 * A member's role changed (by an admin, or by accepting an invitation with a role).
 *
 * @since 0.1.0
 */
export const MemberRoleChanged = Schema.TaggedStruct("MemberRoleChanged", {
  organizationId: Ids.OrganizationId,
  userId: Ids.UserId,
  role: Role.Role,
  previousRole: Role.Role,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type MemberRoleChanged = typeof MemberRoleChanged.Type

/**
 * An admin removed a member (Pix sets the membership's `disabledAt` and `updatedByUserId`).
 *
 * @since 0.1.0
 */
export const MemberRemoved = Schema.TaggedStruct("MemberRemoved", {
  organizationId: Ids.OrganizationId,
  userId: Ids.UserId,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type MemberRemoved = typeof MemberRemoved.Type

/**
 * A member left the organization of their own accord.
 *
 * @since 0.1.0
 */
export const MemberLeft = Schema.TaggedStruct("MemberLeft", {
  organizationId: Ids.OrganizationId,
  userId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type MemberLeft = typeof MemberLeft.Type

/**
 * Any event of the organization stream.
 *
 * @since 0.1.0
 */
export const OrganizationEvent = Schema.Union([
  OrganizationRegistered,
  OrganizationArchived,
  MemberInvited,
  InvitationResent,
  InvitationCancelled,
  InvitationAccepted,
  MemberJoined,
  MemberRoleChanged,
  MemberRemoved,
  MemberLeft
])
/** @since 0.1.0 */
export type OrganizationEvent = typeof OrganizationEvent.Type

/**
 * Every tag of the organization stream.
 *
 * @since 0.1.0
 */
export const tags = [
  "OrganizationRegistered",
  "OrganizationArchived",
  "MemberInvited",
  "InvitationResent",
  "InvitationCancelled",
  "InvitationAccepted",
  "MemberJoined",
  "MemberRoleChanged",
  "MemberRemoved",
  "MemberLeft"
] as const satisfies ReadonlyArray<OrganizationEvent["_tag"]>
