/**
 * Builders for organization tests: valid values with readable defaults, overridable field by field.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Command from "../organization/OrganizationCommand.ts"
import * as Event from "../organization/OrganizationEvent.ts"
import * as Email from "../values/Email.ts"
import * as Ids from "../values/Ids.ts"
import * as InvitationCode from "../values/InvitationCode.ts"
import type * as Role from "../values/Role.ts"
import * as Timestamp from "../values/Timestamp.ts"
import * as Uai from "../values/Uai.ts"

/** @since 0.1.0 */
export const organizationId = (id = "org-1") => Schema.decodeSync(Ids.OrganizationId)(id)
/** @since 0.1.0 */
export const userId = (id = "user-1") => Schema.decodeSync(Ids.UserId)(id)
/** @since 0.1.0 */
export const invitationId = (id = "inv-1") => Schema.decodeSync(Ids.InvitationId)(id)
/** @since 0.1.0 */
export const invitationCode = (code = "ABCDE12345") => Schema.decodeSync(InvitationCode.InvitationCode)(code)
/** @since 0.1.0 */
export const email = (address = "jean.dupont@ecole.fr") => Schema.decodeSync(Email.Email)(address)
/** @since 0.1.0 */
export const timestamp = (iso = "2026-09-01T08:00:00.000Z") => Schema.decodeSync(Timestamp.Timestamp)(iso)
/** @since 0.1.0 */
export const uai = (code = "0751234A") => Schema.decodeSync(Uai.Uai)(code)

/**
 * An `OrganizationRegistered` event: an SCO school managing its students, UAI 0751234A.
 *
 * @since 0.1.0
 */
export const anOrganization = (overrides: Partial<Event.OrganizationRegistered> = {}): Event.OrganizationRegistered =>
  Event.OrganizationRegistered.make({
    organizationId: organizationId(),
    name: "Collège Victor Hugo",
    type: "SCO",
    uai: uai(),
    isManagingStudents: true,
    identityProviderForCampaigns: null,
    contactEmail: email("ce.0751234a@ac-paris.fr"),
    actorId: null,
    occurredAt: timestamp("2026-08-01T08:00:00.000Z"),
    ...overrides
  })

/**
 * A `MemberJoined` event.
 *
 * @since 0.1.0
 */
export const aMemberJoined = (user: string, role: Role.Role, overrides: Partial<Event.MemberJoined> = {}) =>
  Event.MemberJoined.make({
    organizationId: organizationId(),
    userId: userId(user),
    role,
    invitationId: null,
    occurredAt: timestamp("2026-08-02T08:00:00.000Z"),
    ...overrides
  })

/**
 * A `MemberInvited` event.
 *
 * @since 0.1.0
 */
export const aMemberInvited = (overrides: Partial<Event.MemberInvited> = {}) =>
  Event.MemberInvited.make({
    organizationId: organizationId(),
    invitationId: invitationId(),
    email: email(),
    role: null,
    code: invitationCode(),
    actorId: userId("admin"),
    occurredAt: timestamp(),
    ...overrides
  })

/**
 * An `InviteMembers` command by `admin`, with enough fresh ids for its e-mails.
 *
 * @since 0.1.0
 */
export const anInvitation = (
  emails: ReadonlyArray<string>,
  overrides: Partial<Command.InviteMembers> = {}
): Command.InviteMembers =>
  Command.InviteMembers.make({
    organizationId: organizationId(),
    actorId: userId("admin"),
    emails,
    role: null,
    freshInvitations: emails.map((_, i) => ({
      invitationId: invitationId(`inv-${i + 1}`),
      code: invitationCode(`CODE${String(i + 1).padStart(6, "0")}`)
    })),
    now: timestamp(),
    ...overrides
  })

/**
 * The usual start: a registered school whose only admin is `admin`.
 *
 * @since 0.1.0
 */
export const aSchoolWithAnAdmin = (): ReadonlyArray<Event.OrganizationEvent> => [
  anOrganization(),
  aMemberJoined("admin", "ADMIN")
]
