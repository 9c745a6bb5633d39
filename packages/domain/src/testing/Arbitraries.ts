/**
 * fast-check arbitraries for every command and event of the organization and roster, and for the commands of
 * campaigns and participations, derived from their schemas (see `FromSchema`), plus a "small pools" variant: ids, INEs, e-mails and codes drawn from a few
 * values, so that generated histories and commands meet each other (the same member joins, is promoted,
 * leaves; the same INE comes back) and properties reach the deep branches of `decide`.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import * as fc from "fast-check"
import * as CampaignCommand from "../campaign/CampaignCommand.ts"
import * as Event from "../Event.ts"
import * as OrganizationCommand from "../organization/OrganizationCommand.ts"
import * as OrganizationEvent from "../organization/OrganizationEvent.ts"
import * as ParticipationCommand from "../participation/ParticipationCommand.ts"
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
 * Any campaign command, straight from its schema.
 *
 * @since 0.1.0
 */
export const campaignCommand: fc.Arbitrary<CampaignCommand.CampaignCommand> = fromSchema(
  CampaignCommand.CampaignCommand
)

/**
 * Any participation command, straight from its schema.
 *
 * @since 0.1.0
 */
export const participationCommand: fc.Arbitrary<ParticipationCommand.ParticipationCommand> = fromSchema(
  ParticipationCommand.ParticipationCommand
)

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

const scenarioUsers = ["INE0000001", "INE0000002", "INE0000003", "INE0000004"] as const
const scenarioInvitations = ["inv-1", "inv-2", "inv-3", "inv-4", "inv-5"] as const
const scenarioTime = fc.constantFrom(...timePool)
const scenarioUser = fc.constantFrom(...scenarioUsers)
// Mostly the first admin, so that admin-only commands get past the policies.
const scenarioActor = fc.oneof(
  { weight: 4, arbitrary: fc.constant("INE0000001") },
  { weight: 1, arbitrary: scenarioUser }
)

/**
 * Organization commands that play a team's life on `org-1` (first admin `INE0000001`): invitations with
 * pooled e-mails, ids and codes, acceptances that often match them, role changes, removals, departures,
 * sometimes an archiving. Hand-written over the same pools so that most commands reach deep rules.
 *
 * @since 0.1.0
 */
export const organizationScenarioCommand: fc.Arbitrary<OrganizationCommand.OrganizationCommand> = fc
  .oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        _tag: fc.constant("InviteMembers"),
        organizationId: fc.constant("org-1"),
        actorId: scenarioActor,
        emails: fc.oneof(
          { weight: 4, arbitrary: fc.subarray(emailPool, { minLength: 1 }) },
          { weight: 1, arbitrary: fc.subarray(rawEmailPool, { minLength: 1 }) }
        ),
        role: fc.constantFrom(null, null, "ADMIN", "MEMBER", "OWNER"),
        freshInvitations: fc.shuffledSubarray(
          scenarioInvitations.map((invitationId, i) => ({ invitationId, code: codePool[i % codePool.length] })),
          { minLength: 3 }
        ),
        now: scenarioTime
      })
    },
    {
      weight: 8,
      arbitrary: fc
        .record({
          _tag: fc.constant("AcceptInvitation"),
          organizationId: fc.constant("org-1"),
          invitationId: fc.constantFrom(...scenarioInvitations),
          wrongCode: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
          userId: scenarioUser,
          email: fc.constantFrom(...emailPool),
          now: scenarioTime
        })
        .map(({ wrongCode, ...accept }) => {
          // The code the invitation got from the scenario's InviteMembers, unless a wrong one is wanted.
          const index = scenarioInvitations.indexOf(accept.invitationId) + (wrongCode ? 1 : 0)
          return { ...accept, code: codePool[index % codePool.length] }
        })
    },
    {
      weight: 2,
      arbitrary: fc.record({
        _tag: fc.constantFrom("ResendInvitation", "CancelInvitation"),
        organizationId: fc.constant("org-1"),
        actorId: scenarioActor,
        invitationId: fc.constantFrom(...scenarioInvitations),
        now: scenarioTime
      })
    },
    {
      weight: 2,
      arbitrary: fc.record({
        _tag: fc.constant("ChangeMemberRole"),
        organizationId: fc.constant("org-1"),
        actorId: scenarioActor,
        userId: scenarioUser,
        role: fc.constantFrom("ADMIN", "MEMBER"),
        now: scenarioTime
      })
    },
    {
      weight: 1,
      arbitrary: fc.record({
        _tag: fc.constant("RemoveMember"),
        organizationId: fc.constant("org-1"),
        actorId: scenarioActor,
        userId: scenarioUser,
        now: scenarioTime
      })
    },
    {
      weight: 1,
      arbitrary: fc.record({
        _tag: fc.constant("LeaveOrganization"),
        organizationId: fc.constant("org-1"),
        userId: scenarioUser,
        now: scenarioTime
      })
    },
    {
      arbitrary: fc.record({
        _tag: fc.constant("ArchiveOrganization"),
        organizationId: fc.constant("org-1"),
        actorId: fc.constant(null),
        now: scenarioTime
      }),
      weight: 1
    }
  )
  .map((command) => command as unknown as OrganizationCommand.OrganizationCommand)

const scenarioRecord = fc
  .record({
    ine: fc.constantFrom("INE0000001", "INE0000002", "INE0000003", "INE0000004", "INE0000005", "INE0000006"),
    division: fc.constantFrom("3E1", "3E2"),
    lastName: fc.constantFrom("Martin", "Durand")
  })
  .map(({ ine, division, lastName }) => ({
    nationalStudentId: ine,
    firstName: "Léa",
    middleName: null,
    thirdName: null,
    lastName,
    preferredLastName: null,
    sex: "F",
    birthdate: "2012-05-14",
    birthCountryCode: "100",
    birthProvinceCode: "033",
    birthCityCode: "33063",
    birthCity: null,
    MEFCode: null,
    status: "ST",
    division
  }))

/**
 * Roster commands that play a school's years on `org-1`: imports of overlapping files (learner ids
 * `L-<INE>` aligned with records, sometimes accounts known by INE), links and unlinks over the same pools.
 *
 * @since 0.1.0
 */
export const rosterScenarioCommand: fc.Arbitrary<RosterCommand.RosterCommand> = fc
  .oneof(
    fc
      .record({
        records: fc.uniqueArray(scenarioRecord, { maxLength: 6, selector: (r) => r.nationalStudentId }),
        knownAccounts: fc.array(
          fc.record({
            nationalStudentId: fc.constantFrom("INE0000001", "INE0000002", "INE0000003"),
            userId: scenarioUser,
            organizationId: fc.constantFrom("org-1", "org-2"),
            birthdate: fc.constantFrom("2012-05-14", "2011-01-01")
          }),
          { maxLength: 2 }
        ),
        now: scenarioTime
      })
      .map(({ records, knownAccounts, now }) => ({
        _tag: "ImportStudents",
        organizationId: "org-1",
        actorId: "INE0000001",
        records,
        newLearnerIds: records.map((r) => `L-${r.nationalStudentId}`),
        knownAccounts,
        schoolYear: "2026",
        fileName: "ELEVES.zip",
        now
      })),
    fc.record({
      _tag: fc.constant("LinkStudentAccount"),
      organizationId: fc.constant("org-1"),
      learnerId: fc.constantFrom("L-INE0000001", "L-INE0000002", "L-INE0000003", "L-INE0000004"),
      userId: scenarioUser,
      actorId: fc.constant(null),
      now: scenarioTime
    }),
    fc.record({
      _tag: fc.constant("UnlinkStudentAccount"),
      organizationId: fc.constant("org-1"),
      learnerId: fc.constantFrom("L-INE0000001", "L-INE0000002"),
      actorId: fc.constant(null),
      now: scenarioTime
    })
  )
  .map((command) => command as unknown as RosterCommand.RosterCommand)
