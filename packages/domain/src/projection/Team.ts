/**
 * The team page ("Équipe") of each organization: members with their roles, and pending invitations with
 * their last sending date ("Date de dernier envoi"). A pure fold of organization events.
 *
 * @since 0.1.0
 */
import type { Projection } from "../Decider.ts"
import * as Organization from "../organization/Organization.ts"
import type * as Ids from "../values/Ids.ts"
import type * as Role from "../values/Role.ts"
import type * as Timestamp from "../values/Timestamp.ts"
import type { ProjectedEvent } from "./ProjectedEvent.ts"
import * as Query from "./Query.ts"

/**
 * An active member.
 *
 * @since 0.1.0
 */
export interface MemberRow {
  readonly userId: Ids.UserId
  readonly role: Role.Role
  readonly joinedAt: Timestamp.Timestamp
}

/**
 * A pending invitation (the e-mail is personal data).
 *
 * @since 0.1.0
 */
export interface InvitationRow {
  readonly invitationId: Ids.InvitationId
  readonly email: string
  readonly role: Role.Role | null
  readonly createdAt: Timestamp.Timestamp
  readonly lastSentAt: Timestamp.Timestamp
}

/**
 * One organization's team.
 *
 * @since 0.1.0
 */
export interface TeamState {
  readonly members: Query.Table<MemberRow>
  readonly invitations: Query.Table<InvitationRow>
}

/**
 * Every organization's team.
 *
 * @since 0.1.0
 */
export type State = Query.Table<TeamState>

const empty: TeamState = { members: Query.emptyTable(), invitations: Query.emptyTable() }

const change = (state: State, organizationId: string, f: (team: TeamState) => TeamState): State => {
  const team = Query.get(state, organizationId) ?? empty
  const next = f(team)
  return next === team ? state : Query.setIn(state, organizationId, next)
}

/**
 * Folds one event; total: other tags change nothing.
 *
 * @since 0.1.0
 */
export const evolve = (state: State, event: ProjectedEvent): State => {
  switch (event._tag) {
    case "MemberInvited":
      return change(state, event.organizationId, (team) => ({
        ...team,
        invitations: Query.setIn(team.invitations, event.invitationId, {
          invitationId: event.invitationId,
          email: event.email,
          role: event.role,
          createdAt: event.occurredAt,
          lastSentAt: event.occurredAt
        })
      }))
    case "InvitationResent":
      return change(state, event.organizationId, (team) => {
        const invitations = Query.updateIn(team.invitations, event.invitationId, (row) => ({
          ...row,
          role: event.role,
          lastSentAt: event.occurredAt
        }))
        return invitations === team.invitations ? team : { ...team, invitations }
      })
    case "InvitationCancelled":
    case "InvitationAccepted":
      return change(state, event.organizationId, (team) => {
        const invitations = Query.deleteIn(team.invitations, event.invitationId)
        return invitations === team.invitations ? team : { ...team, invitations }
      })
    case "MemberJoined":
      return change(state, event.organizationId, (team) => ({
        ...team,
        members: Query.setIn(team.members, event.userId, {
          userId: event.userId,
          role: event.role,
          joinedAt: event.occurredAt
        })
      }))
    case "MemberRoleChanged":
      return change(state, event.organizationId, (team) => {
        const members = Query.updateIn(team.members, event.userId, (row) => ({ ...row, role: event.role }))
        return members === team.members ? team : { ...team, members }
      })
    case "MemberRemoved":
    case "MemberLeft":
      return change(state, event.organizationId, (team) => {
        const members = Query.deleteIn(team.members, event.userId)
        return members === team.members ? team : { ...team, members }
      })
    default:
      return state
  }
}

/**
 * The team projection.
 *
 * @since 0.1.0
 */
export const projection: Projection<State, ProjectedEvent> = { initialState: Query.emptyTable(), evolve }

/**
 * An organization's team: members (admins first, then by arrival), pending invitations (most recently
 * sent first), each marked expired when `now` is given and 30 days passed since the last sending.
 *
 * @since 0.1.0
 */
export const team = (
  state: State,
  organizationId: Ids.OrganizationId,
  now?: Timestamp.Timestamp
): {
  readonly members: ReadonlyArray<MemberRow>
  readonly pendingInvitations: ReadonlyArray<InvitationRow & { readonly isExpired: boolean }>
} => {
  const current = Query.get(state, organizationId) ?? empty
  const members = Query.values(current.members).sort((a, b) =>
    a.role === b.role ? a.joinedAt.localeCompare(b.joinedAt) : a.role === "ADMIN" ? -1 : 1
  )
  const pendingInvitations = Query.values(current.invitations)
    .sort((a, b) => b.lastSentAt.localeCompare(a.lastSentAt))
    .map((row) => ({
      ...row,
      // Same rule as the organization decider (DECISIONS 3).
      isExpired:
        now !== undefined &&
        Date.parse(now) - Date.parse(row.lastSentAt) > Organization.invitationValidityDays * 86_400_000
    }))
  return { members, pendingInvitations }
}
