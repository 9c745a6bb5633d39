/**
 * The organization's state as the decider sees it: its registration, whether it is archived, its active
 * members and its invitations. It also has the `Policy.Team` shape, so policies read it directly.
 *
 * @since 0.1.0
 */
import type * as Email from "../values/Email.ts"
import type * as Ids from "../values/Ids.ts"
import type * as InvitationCode from "../values/InvitationCode.ts"
import type * as Role from "../values/Role.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type * as Uai from "../values/Uai.ts"
import type { IdentityProvider, OrganizationType } from "./OrganizationEvent.ts"

/**
 * The stream of an organization: `organization-<id>`.
 *
 * @since 0.1.0
 */
export const streamName = (organizationId: Ids.OrganizationId): string => `organization-${organizationId}`

/**
 * Days an invitation stays valid after its last sending (DECISIONS 3).
 *
 * @since 0.1.0
 */
export const invitationValidityDays = 30

/**
 * An active membership.
 *
 * @since 0.1.0
 */
export interface Member {
  readonly userId: Ids.UserId
  readonly role: Role.Role
  readonly since: Timestamp.Timestamp
}

/**
 * Invitation statuses (Pix stores them lower-case).
 *
 * @since 0.1.0
 */
export type InvitationStatus = "pending" | "accepted" | "cancelled"

/**
 * An invitation; `lastSentAt` is Pix's `updatedAt` ("Date de dernier envoi").
 *
 * @since 0.1.0
 */
export interface Invitation {
  readonly invitationId: Ids.InvitationId
  readonly email: Email.Email
  readonly role: Role.Role | null
  readonly code: InvitationCode.InvitationCode
  readonly status: InvitationStatus
  readonly createdAt: Timestamp.Timestamp
  readonly lastSentAt: Timestamp.Timestamp
}

/**
 * The organization's registration facts.
 *
 * @since 0.1.0
 */
export interface Registration {
  readonly organizationId: Ids.OrganizationId
  readonly name: string
  readonly uai: Uai.Uai | null
  readonly identityProviderForCampaigns: IdentityProvider
  readonly contactEmail: Email.Email | null
  readonly registeredAt: Timestamp.Timestamp
}

/**
 * The decider's state.
 *
 * @since 0.1.0
 */
export interface Organization {
  readonly registration: Registration | null
  readonly type: OrganizationType | null
  readonly isManagingStudents: boolean
  readonly archivedAt: Timestamp.Timestamp | null
  readonly members: ReadonlyMap<Ids.UserId, Member>
  readonly invitations: ReadonlyMap<Ids.InvitationId, Invitation>
}

/**
 * Before any event: not registered, nobody in it.
 *
 * @since 0.1.0
 */
export const initial: Organization = {
  registration: null,
  type: null,
  isManagingStudents: false,
  archivedAt: null,
  members: new Map(),
  invitations: new Map()
}

/**
 * Whether the organization is SCO, manages its students and uses the GAR (`hasGarIdentityProvider`).
 *
 * @since 0.1.0
 */
export const hasGarIdentityProvider = (state: Organization): boolean =>
  state.type === "SCO" && state.isManagingStudents && state.registration?.identityProviderForCampaigns === "GAR"

/**
 * The pending invitation of an e-mail, if any.
 *
 * @since 0.1.0
 */
export const pendingInvitationOf = (state: Organization, email: Email.Email): Invitation | undefined => {
  for (const invitation of state.invitations.values())
    if (invitation.status === "pending" && invitation.email === email) return invitation
  return undefined
}

/**
 * Whether an invitation has expired at `now` (30 days after its last sending).
 *
 * @since 0.1.0
 */
export const isExpired = (invitation: Invitation, now: Timestamp.Timestamp): boolean =>
  Date.parse(now) - Date.parse(invitation.lastSentAt) > invitationValidityDays * 86_400_000
