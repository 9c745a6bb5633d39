/**
 * fast-check arbitraries for every command and event of the organization and roster, derived from their
 * schemas (see `FromSchema`), plus a "small pools" variant: ids, INEs, e-mails and codes drawn from a few
 * values, so that generated histories and commands meet each other (the same member joins, is promoted,
 * leaves; the same INE comes back) and properties reach the deep branches of `decide`.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import type * as fc from "fast-check"
import * as Event from "../Event.ts"
import * as OrganizationCommand from "../organization/OrganizationCommand.ts"
import * as OrganizationEvent from "../organization/OrganizationEvent.ts"
import * as RosterCommand from "../roster/RosterCommand.ts"
import * as RosterEvent from "../roster/RosterEvent.ts"
import * as StudentRecord from "../roster/StudentRecord.ts"
import { fromSchema } from "./FromSchema.ts"

export { fromSchema }

/**
 * Any organization event, straight from its schema.
 *
 * @since 0.1.0
 */
export const organizationEvent: fc.Arbitrary<OrganizationEvent.OrganizationEvent> = fromSchema(
  OrganizationEvent.OrganizationEvent
)

/**
 * Any organization command, straight from its schema.
 *
 * @since 0.1.0
 */
export const organizationCommand: fc.Arbitrary<OrganizationCommand.OrganizationCommand> = fromSchema(
  OrganizationCommand.OrganizationCommand
)

/**
 * Any roster event, straight from its schema.
 *
 * @since 0.1.0
 */
export const rosterEvent: fc.Arbitrary<RosterEvent.RosterEvent> = fromSchema(RosterEvent.RosterEvent)

/**
 * Any roster command, straight from its schema.
 *
 * @since 0.1.0
 */
export const rosterCommand: fc.Arbitrary<RosterCommand.RosterCommand> = fromSchema(RosterCommand.RosterCommand)

/**
 * Any student record, straight from its schema.
 *
 * @since 0.1.0
 */
export const studentRecord: fc.Arbitrary<StudentRecord.StudentRecord> = fromSchema(StudentRecord.StudentRecord)

/**
 * Any event of the domain (every stream), straight from the `Event` schema.
 *
 * @since 0.1.0
 */
export const event: fc.Arbitrary<Event.Event> = fromSchema(Event.Event)

const organizationEventSchemas = {
  OrganizationRegistered: OrganizationEvent.OrganizationRegistered,
  OrganizationArchived: OrganizationEvent.OrganizationArchived,
  MemberInvited: OrganizationEvent.MemberInvited,
  InvitationResent: OrganizationEvent.InvitationResent,
  InvitationCancelled: OrganizationEvent.InvitationCancelled,
  InvitationAccepted: OrganizationEvent.InvitationAccepted,
  MemberJoined: OrganizationEvent.MemberJoined,
  MemberRoleChanged: OrganizationEvent.MemberRoleChanged,
  MemberRemoved: OrganizationEvent.MemberRemoved,
  MemberLeft: OrganizationEvent.MemberLeft
} as const

const rosterEventSchemas = {
  StudentImported: RosterEvent.StudentImported,
  StudentDisabled: RosterEvent.StudentDisabled,
  StudentReenabled: RosterEvent.StudentReenabled,
  StudentAccountLinked: RosterEvent.StudentAccountLinked,
  StudentAccountUnlinked: RosterEvent.StudentAccountUnlinked,
  SiecleImportCompleted: RosterEvent.SiecleImportCompleted
} as const

/**
 * The schema of each organization and roster event, by tag.
 *
 * @since 0.1.0
 */
export const eventSchemas: Readonly<Record<string, Schema.Top>> = { ...organizationEventSchemas, ...rosterEventSchemas }

/**
 * One arbitrary per organization and roster event tag.
 *
 * @since 0.1.0
 */
export const eventsByTag: Readonly<Record<string, fc.Arbitrary<unknown>>> = Object.fromEntries(
  Object.entries(eventSchemas).map(([tag, schema]) => [tag, fromSchema(schema as Schema.Constraint)])
)

const commandSchemas = {
  RegisterOrganization: OrganizationCommand.RegisterOrganization,
  ArchiveOrganization: OrganizationCommand.ArchiveOrganization,
  InviteMembers: OrganizationCommand.InviteMembers,
  InviteScoAdministrator: OrganizationCommand.InviteScoAdministrator,
  ResendInvitation: OrganizationCommand.ResendInvitation,
  CancelInvitation: OrganizationCommand.CancelInvitation,
  AcceptInvitation: OrganizationCommand.AcceptInvitation,
  ChangeMemberRole: OrganizationCommand.ChangeMemberRole,
  RemoveMember: OrganizationCommand.RemoveMember,
  LeaveOrganization: OrganizationCommand.LeaveOrganization,
  ImportStudents: RosterCommand.ImportStudents,
  LinkStudentAccount: RosterCommand.LinkStudentAccount,
  UnlinkStudentAccount: RosterCommand.UnlinkStudentAccount
} as const

/**
 * The schema of each organization and roster command, by tag.
 *
 * @since 0.1.0
 */
export const commandSchemasByTag: Readonly<Record<string, Schema.Top>> = commandSchemas

/**
 * One arbitrary per organization and roster command tag.
 *
 * @since 0.1.0
 */
export const commandsByTag: Readonly<Record<string, fc.Arbitrary<unknown>>> = Object.fromEntries(
  Object.entries(commandSchemas).map(([tag, schema]) => [tag, fromSchema(schema as Schema.Constraint)])
)

// Pools: every value is valid for each schema that can meet it (an INE-looking id is a valid id too).
const idPool = ["INE0000001", "INE0000002", "INE0000003", "INE0000004"]
const organizationPool = ["org-1", "org-2"]
const emailPool = ["anne@ecole.fr", "paul@ecole.fr", "zoe@ecole.fr"]
const rawEmailPool = [...emailPool, " Anne@Ecole.fr ", "pas-une-adresse", ""]
const codePool = ["ABCDE12345", "FGHIJ67890"]
const timePool = [
  "2026-09-01T08:00:00.000Z",
  "2026-09-15T08:00:00.000Z",
  "2026-10-02T08:00:00.000Z",
  "2026-11-30T08:00:00.000Z"
]

const pick = (pool: ReadonlyArray<string>, seed: string): string => {
  let hash = 7
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0
  return pool[Math.abs(hash) % pool.length] ?? seed
}

const narrowValue = (key: string, value: unknown): unknown => {
  if (Array.isArray(value))
    return key === "emails" ? value.map((v) => pick(rawEmailPool, String(v))) : value.map((v) => narrow(v))
  if (value !== null && typeof value === "object") return narrow(value)
  if (typeof value !== "string") return value
  if (key === "organizationId") return pick(organizationPool, value)
  if (key.endsWith("Id")) return pick(idPool, value)
  if (key === "email" || key === "contactEmail") return pick(emailPool, value)
  if (key === "code" && value.length === 10) return pick(codePool, value)
  if (key === "now" || key === "occurredAt") return pick(timePool, value)
  return value
}

/**
 * Maps ids, INEs, e-mails, invitation codes and times of a value to small pools (keeps every schema valid).
 *
 * @since 0.1.0
 */
export const narrow = <A>(value: A): A => {
  if (Array.isArray(value)) return value.map((v) => narrow(v)) as A
  if (value === null || typeof value !== "object") return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) out[key] = narrowValue(key, field)
  return out as A
}

/**
 * Organization events over small pools.
 *
 * @since 0.1.0
 */
export const organizationEventInPools: fc.Arbitrary<OrganizationEvent.OrganizationEvent> = organizationEvent.map(narrow)

/**
 * Organization commands over small pools.
 *
 * @since 0.1.0
 */
export const organizationCommandInPools: fc.Arbitrary<OrganizationCommand.OrganizationCommand> =
  organizationCommand.map(narrow)

/**
 * Roster events over small pools.
 *
 * @since 0.1.0
 */
export const rosterEventInPools: fc.Arbitrary<RosterEvent.RosterEvent> = rosterEvent.map(narrow)

/**
 * Roster commands over small pools (import files then often repeat or overlap).
 *
 * @since 0.1.0
 */
export const rosterCommandInPools: fc.Arbitrary<RosterCommand.RosterCommand> = rosterCommand.map(narrow)
