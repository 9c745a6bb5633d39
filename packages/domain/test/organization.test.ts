import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Organization from "../src/organization/Organization.ts"
import * as Command from "../src/organization/OrganizationCommand.ts"
import * as OrganizationDecider from "../src/organization/OrganizationDecider.ts"
import * as Event from "../src/organization/OrganizationEvent.ts"
import { DeciderSpecification } from "../src/testing/DeciderSpecification.ts"
import * as B from "../src/testing/OrganizationBuilders.ts"

const spec = DeciderSpecification.for(OrganizationDecider.decider)
const org = B.organizationId()
const admin = B.userId("admin")
const now = B.timestamp()
const base = { organizationId: org, occurredAt: now }

const invited = (id: string, address: string, role: "ADMIN" | "MEMBER" | null = null, at = now) =>
  B.aMemberInvited({
    invitationId: B.invitationId(id),
    email: B.email(address),
    role,
    code: B.invitationCode(`${id.toUpperCase().replace(/[^A-Z0-9]/g, "")}CODE00000`.slice(0, 10)),
    occurredAt: at
  })

describe("registering and archiving an organization", () => {
  const register = Command.RegisterOrganization.make({
    organizationId: org,
    name: "  Lycée Camille Claudel ",
    type: "SCO",
    uai: B.uai("0331234B"),
    isManagingStudents: true,
    identityProviderForCampaigns: "GAR",
    contactEmail: null,
    actorId: null,
    now
  })

  it("registers with a trimmed name", () => {
    spec
      .given([])
      .when(register)
      .then([
        Event.OrganizationRegistered.make({
          organizationId: org,
          name: "Lycée Camille Claudel",
          type: "SCO",
          uai: B.uai("0331234B"),
          isManagingStudents: true,
          identityProviderForCampaigns: "GAR",
          contactEmail: null,
          actorId: null,
          occurredAt: now
        })
      ])
    const state = spec.given([]).when(register).result()
    expect(Result.isSuccess(state)).toBe(true)
    expect(Organization.hasGarIdentityProvider(fold(OrganizationDecider.decider, Result.getOrThrow(state)))).toBe(true)
  })

  it("refuses a second registration: ORGANIZATION_ALREADY_REGISTERED", () => {
    spec
      .given([B.anOrganization()])
      .when(register)
      .thenFails("ORGANIZATION_ALREADY_REGISTERED", {
        tag: "Conflict",
        message: "Cette organisation existe déjà.",
        meta: { organizationId: org }
      })
  })

  it("refuses a blank name: INVALID_ORGANIZATION_NAME", () => {
    spec
      .given([])
      .when({ ...register, name: "   " })
      .thenFails("INVALID_ORGANIZATION_NAME", { tag: "InvalidInput", meta: { name: "   " } })
  })

  it("archives once: ORGANIZATION_ARCHIVED the second time", () => {
    const archive = Command.ArchiveOrganization.make({ organizationId: org, actorId: null, now })
    spec
      .given([B.anOrganization()])
      .when(archive)
      .then([Event.OrganizationArchived.make({ organizationId: org, actorId: null, occurredAt: now })])
    spec
      .given([
        B.anOrganization(),
        Event.OrganizationArchived.make({ organizationId: org, actorId: null, occurredAt: now })
      ])
      .when(archive)
      .thenFails("ORGANIZATION_ARCHIVED", {
        tag: "Conflict",
        message: "L'organisation est archivée.",
        meta: { organizationId: org }
      })
  })

  it("knows no command for an unregistered organization: ORGANIZATION_NOT_FOUND", () => {
    spec
      .given([])
      .when(B.anInvitation(["a@ecole.fr"]))
      .thenFails("ORGANIZATION_NOT_FOUND", {
        tag: "NotFound",
        message: "Cette organisation n'existe pas.",
        meta: { organizationId: org }
      })
    spec
      .given([B.anOrganization({ organizationId: B.organizationId("other") })])
      .when(B.anInvitation(["a@ecole.fr"]))
      .thenFails("ORGANIZATION_NOT_FOUND")
  })
})

describe("inviting", () => {
  it("trims, lower-cases and de-duplicates e-mails, one invitation each, with the caller's codes", () => {
    spec
      .given(B.aSchoolWithAnAdmin())
      .when(B.anInvitation([" Anne@Ecole.fr", "anne@ecole.fr ", "paul@ecole.fr"], { role: "MEMBER" }))
      .then([
        Event.MemberInvited.make({
          ...base,
          invitationId: B.invitationId("inv-1"),
          email: B.email("anne@ecole.fr"),
          role: "MEMBER",
          code: B.invitationCode("CODE000001"),
          actorId: admin
        }),
        Event.MemberInvited.make({
          ...base,
          invitationId: B.invitationId("inv-2"),
          email: B.email("paul@ecole.fr"),
          role: "MEMBER",
          code: B.invitationCode("CODE000002"),
          actorId: admin
        })
      ])
  })

  it("reuses the pending invitation of an e-mail (same code, sent again)", () => {
    const later = B.timestamp("2026-09-10T08:00:00.000Z")
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-9", "anne@ecole.fr")])
      .when(B.anInvitation(["anne@ecole.fr", "paul@ecole.fr"], { now: later, role: "ADMIN" }))
      .then([
        Event.InvitationResent.make({
          organizationId: org,
          invitationId: B.invitationId("inv-9"),
          role: "ADMIN",
          actorId: admin,
          occurredAt: later
        }),
        Event.MemberInvited.make({
          organizationId: org,
          invitationId: B.invitationId("inv-1"),
          email: B.email("paul@ecole.fr"),
          role: "ADMIN",
          code: B.invitationCode("CODE000001"),
          actorId: admin,
          occurredAt: later
        })
      ])
  })

  it("creates a new invitation when the previous one was cancelled or accepted", () => {
    const events = [
      ...B.aSchoolWithAnAdmin(),
      invited("inv-9", "anne@ecole.fr"),
      Event.InvitationCancelled.make({ ...base, invitationId: B.invitationId("inv-9"), actorId: admin })
    ]
    const decided = spec
      .given(events)
      .when(B.anInvitation(["anne@ecole.fr"]))
      .result()
    expect(Result.getOrThrow(decided).map((e) => e._tag)).toEqual(["MemberInvited"])
  })

  it.each([["not-an-email"], [""], ["anne@ecole.fr", "paul@"]])(
    "refuses a malformed e-mail: INVALID_EMAIL %j",
    (...emails) => {
      const error = spec.given(B.aSchoolWithAnAdmin()).when(B.anInvitation(emails)).thenFails("INVALID_EMAIL", {
        tag: "InvalidInput",
        message: "Le format de l'adresse e-mail est incorrect."
      })
      expect(error.meta).toHaveProperty("email")
    }
  )

  it("refuses an empty list: INVALID_EMAIL", () => {
    spec
      .given(B.aSchoolWithAnAdmin())
      .when(B.anInvitation([]))
      .thenFails("INVALID_EMAIL", { meta: { emails: [] } })
  })

  it("refuses an unknown role: INVALID_MEMBERSHIP_ROLE", () => {
    spec
      .given(B.aSchoolWithAnAdmin())
      .when(B.anInvitation(["anne@ecole.fr"], { role: "OWNER" }))
      .thenFails("INVALID_MEMBERSHIP_ROLE", {
        tag: "InvalidInput",
        message: "Le rôle du membre est invalide.",
        meta: { role: "OWNER" }
      })
  })

  it("refuses to invite into an archived organization: ORGANIZATION_ARCHIVED", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), Event.OrganizationArchived.make({ ...base, actorId: null })])
      .when(B.anInvitation(["anne@ecole.fr"]))
      .thenFails("ORGANIZATION_ARCHIVED", { tag: "Conflict", message: "L'organisation est archivée." })
  })

  it("refuses a MEMBER or an outsider: INSUFFICIENT_PERMISSIONS", () => {
    const events = [...B.aSchoolWithAnAdmin(), B.aMemberJoined("teacher", "MEMBER")]
    spec
      .given(events)
      .when(B.anInvitation(["anne@ecole.fr"], { actorId: B.userId("teacher") }))
      .thenFails("INSUFFICIENT_PERMISSIONS", {
        tag: "Forbidden",
        message: "Vous n'avez pas les droits suffisants pour effectuer cette action.",
        meta: { userId: "teacher", required: "ADMIN" }
      })
    spec
      .given(events)
      .when(B.anInvitation(["anne@ecole.fr"], { actorId: B.userId("stranger") }))
      .thenFails("INSUFFICIENT_PERMISSIONS")
  })

  it("needs a fresh id and code per new invitation: MISSING_INVITATION_IDS, INVITATION_ID_ALREADY_USED", () => {
    spec
      .given(B.aSchoolWithAnAdmin())
      .when(B.anInvitation(["anne@ecole.fr", "paul@ecole.fr"], { freshInvitations: [] }))
      .thenFails("MISSING_INVITATION_IDS", { tag: "InvalidInput", meta: { needed: 2, given: 0 } })
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "zoe@ecole.fr")])
      .when(B.anInvitation(["anne@ecole.fr"]))
      .thenFails("INVITATION_ID_ALREADY_USED", { meta: { invitationId: "inv-1" } })
  })

  it("splits the form's comma-separated field", () => {
    expect(Command.splitEmails("a@x.fr, b@x.fr")).toEqual(["a@x.fr", " b@x.fr"])
  })
})

describe("resending and cancelling", () => {
  const history = [...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr", "MEMBER")]
  const resend = Command.ResendInvitation.make({
    organizationId: org,
    actorId: admin,
    invitationId: B.invitationId("inv-1"),
    now
  })
  const cancel = Command.CancelInvitation.make({ ...resend, _tag: "CancelInvitation" } as never)

  it("resends a pending invitation with its role", () => {
    spec
      .given(history)
      .when(resend)
      .then([
        Event.InvitationResent.make({ ...base, invitationId: B.invitationId("inv-1"), role: "MEMBER", actorId: admin })
      ])
  })

  it("cancels a pending invitation", () => {
    spec
      .given(history)
      .when(
        Command.CancelInvitation.make({
          organizationId: org,
          actorId: admin,
          invitationId: B.invitationId("inv-1"),
          now
        })
      )
      .then([Event.InvitationCancelled.make({ ...base, invitationId: B.invitationId("inv-1"), actorId: admin })])
    expect(cancel._tag).toBe("CancelInvitation")
  })

  it("cannot cancel twice: UNCANCELLABLE_INVITATION", () => {
    spec
      .given([
        ...history,
        Event.InvitationCancelled.make({ ...base, invitationId: B.invitationId("inv-1"), actorId: admin })
      ])
      .when(
        Command.CancelInvitation.make({
          organizationId: org,
          actorId: admin,
          invitationId: B.invitationId("inv-1"),
          now
        })
      )
      .thenFails("UNCANCELLABLE_INVITATION", {
        tag: "Conflict",
        message: "L'invitation à cette organisation ne peut pas être annulée.",
        meta: { invitationId: "inv-1", status: "cancelled" }
      })
  })

  it("cannot resend an accepted invitation: ALREADY_ACCEPTED_OR_CANCELLED_INVITATION", () => {
    spec
      .given([
        ...history,
        Event.InvitationAccepted.make({
          ...base,
          invitationId: B.invitationId("inv-1"),
          userId: B.userId("anne"),
          role: "MEMBER"
        })
      ])
      .when(resend)
      .thenFails("ALREADY_ACCEPTED_OR_CANCELLED_INVITATION", { tag: "Conflict" })
  })

  it("knows no unknown invitation: INVITATION_NOT_FOUND", () => {
    spec
      .given(history)
      .when({ ...resend, invitationId: B.invitationId("nope") })
      .thenFails("INVITATION_NOT_FOUND", {
        tag: "NotFound",
        message: "Cette invitation n'existe pas.",
        meta: { invitationId: "nope" }
      })
  })
})

describe("accepting (§3.3, DECISIONS 3)", () => {
  const accept = (overrides: Partial<Command.AcceptInvitation> = {}) =>
    Command.AcceptInvitation.make({
      organizationId: org,
      invitationId: B.invitationId("inv-1"),
      code: "INV1CODE00",
      userId: B.userId("anne"),
      email: "Anne@Ecole.fr",
      now: B.timestamp("2026-09-02T08:00:00.000Z"),
      ...overrides
    })
  const at = B.timestamp("2026-09-02T08:00:00.000Z")
  const acceptedBase = { organizationId: org, occurredAt: at, invitationId: B.invitationId("inv-1") }

  it("without role, the first member becomes ADMIN", () => {
    spec
      .given([B.anOrganization(), invited("inv-1", "anne@ecole.fr")])
      .when(accept())
      .then([
        Event.InvitationAccepted.make({ ...acceptedBase, userId: B.userId("anne"), role: "ADMIN" }),
        Event.MemberJoined.make({ ...acceptedBase, userId: B.userId("anne"), role: "ADMIN" })
      ])
  })

  it("without role, later members become MEMBER", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr")])
      .when(accept())
      .then([
        Event.InvitationAccepted.make({ ...acceptedBase, userId: B.userId("anne"), role: "MEMBER" }),
        Event.MemberJoined.make({ ...acceptedBase, userId: B.userId("anne"), role: "MEMBER" })
      ])
  })

  it("with a role, that role", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr", "ADMIN")])
      .when(accept())
      .then([
        Event.InvitationAccepted.make({ ...acceptedBase, userId: B.userId("anne"), role: "ADMIN" }),
        Event.MemberJoined.make({ ...acceptedBase, userId: B.userId("anne"), role: "ADMIN" })
      ])
  })

  it("a member accepting an invitation with a role gets that role", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), B.aMemberJoined("anne", "MEMBER"), invited("inv-1", "anne@ecole.fr", "ADMIN")])
      .when(accept())
      .then([
        Event.InvitationAccepted.make({ ...acceptedBase, userId: B.userId("anne"), role: "ADMIN" }),
        Event.MemberRoleChanged.make({
          organizationId: org,
          occurredAt: at,
          userId: B.userId("anne"),
          role: "ADMIN",
          previousRole: "MEMBER",
          actorId: B.userId("anne")
        })
      ])
  })

  it("a member accepting an invitation without role: ALREADY_EXISTING_MEMBERSHIP", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), B.aMemberJoined("anne", "MEMBER"), invited("inv-1", "anne@ecole.fr")])
      .when(accept())
      .thenFails("ALREADY_EXISTING_MEMBERSHIP", {
        tag: "Conflict",
        message: "Ce membre a déjà été ajouté.",
        meta: { userId: "anne" }
      })
  })

  it("the last admin accepting a MEMBER invitation stays admin: LAST_ADMIN_CANNOT_LEAVE", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr", "MEMBER")])
      .when(accept({ userId: admin }))
      .thenFails("LAST_ADMIN_CANNOT_LEAVE", { tag: "Conflict" })
  })

  it("accepted or cancelled: ALREADY_ACCEPTED_OR_CANCELLED_INVITATION", () => {
    for (const closing of [
      Event.InvitationAccepted.make({ ...acceptedBase, userId: B.userId("bob"), role: "MEMBER" }),
      Event.InvitationCancelled.make({ ...acceptedBase, actorId: admin })
    ])
      spec
        .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr"), closing])
        .when(accept())
        .thenFails("ALREADY_ACCEPTED_OR_CANCELLED_INVITATION", {
          tag: "Conflict",
          message: "Cette invitation a déjà été acceptée ou annulée.",
          meta: { invitationId: "inv-1" }
        })
  })

  it("a wrong code: INVITATION_NOT_FOUND", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr")])
      .when(accept({ code: "WRONGCODE0" }))
      .thenFails("INVITATION_NOT_FOUND", { tag: "NotFound" })
  })

  it("another e-mail: INVITATION_EMAIL_MISMATCH", () => {
    spec
      .given([...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr")])
      .when(accept({ email: "paul@ecole.fr" }))
      .thenFails("INVITATION_EMAIL_MISMATCH", { tag: "Forbidden", meta: { invitationId: "inv-1" } })
  })

  it("an archived organization: ORGANIZATION_ARCHIVED", () => {
    spec
      .given([
        ...B.aSchoolWithAnAdmin(),
        invited("inv-1", "anne@ecole.fr"),
        Event.OrganizationArchived.make({ ...base, actorId: null })
      ])
      .when(accept())
      .thenFails("ORGANIZATION_ARCHIVED")
  })

  it("expires 30 days after the last sending; resending renews it (DECISIONS 3)", () => {
    const sent = B.timestamp("2026-09-01T08:00:00.000Z")
    const history = [...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr", null, sent)]
    spec
      .given(history)
      .when(accept({ now: B.timestamp("2026-10-01T08:00:00.000Z") }))
      .then([
        Event.InvitationAccepted.make({
          ...acceptedBase,
          occurredAt: B.timestamp("2026-10-01T08:00:00.000Z"),
          userId: B.userId("anne"),
          role: "MEMBER"
        }),
        Event.MemberJoined.make({
          ...acceptedBase,
          occurredAt: B.timestamp("2026-10-01T08:00:00.000Z"),
          userId: B.userId("anne"),
          role: "MEMBER"
        })
      ])
    spec
      .given(history)
      .when(accept({ now: B.timestamp("2026-10-01T08:00:00.001Z") }))
      .thenFails("INVITATION_EXPIRED", {
        tag: "Conflict",
        message:
          "Cette invitation a expiré. Demandez à un administrateur de votre espace Pix Orga de vous l'envoyer à nouveau.",
        meta: { invitationId: "inv-1", lastSentAt: sent, validityDays: 30 }
      })
    const renewed = Event.InvitationResent.make({
      organizationId: org,
      invitationId: B.invitationId("inv-1"),
      role: null,
      actorId: admin,
      occurredAt: B.timestamp("2026-09-25T08:00:00.000Z")
    })
    const decided = spec
      .given([...history, renewed])
      .when(accept({ now: B.timestamp("2026-10-20T08:00:00.000Z") }))
      .result()
    expect(Result.isSuccess(decided)).toBe(true)
  })

  it("reading an invitation: CANCELLED_INVITATION, ALREADY_EXISTING_INVITATION, wrong code", () => {
    const history = [...B.aSchoolWithAnAdmin(), invited("inv-1", "anne@ecole.fr")]
    const read = (events: ReadonlyArray<Event.OrganizationEvent>, code = "INV1CODE00") =>
      OrganizationDecider.readInvitation(fold(OrganizationDecider.decider, events), B.invitationId("inv-1"), code)
    expect(Result.isSuccess(read(history))).toBe(true)
    const state = fold(OrganizationDecider.decider, history)
    const late = OrganizationDecider.readInvitation(
      state,
      B.invitationId("inv-1"),
      "INV1CODE00",
      B.timestamp("2026-11-01T08:00:00.000Z")
    )
    expect(Result.isFailure(late) && late.failure.code).toBe("INVITATION_EXPIRED")
    const inTime = OrganizationDecider.readInvitation(state, B.invitationId("inv-1"), "INV1CODE00", now)
    expect(Result.isSuccess(inTime)).toBe(true)
    expect(Result.getFailure(read(history, "XXXXXXXXXX"))).toMatchObject({
      _tag: "Some",
      value: { code: "INVITATION_NOT_FOUND" }
    })
    const cancelled = read([
      ...history,
      Event.InvitationCancelled.make({ ...base, invitationId: B.invitationId("inv-1"), actorId: admin })
    ])
    expect(Result.isFailure(cancelled) && cancelled.failure).toMatchObject({
      _tag: "Conflict",
      code: "CANCELLED_INVITATION",
      message: "Cette invitation n’est plus valide. Contactez l’administrateur de votre espace Pix Orga.",
      meta: { invitationId: "inv-1" }
    })
    const accepted = read([
      ...history,
      Event.InvitationAccepted.make({
        ...base,
        invitationId: B.invitationId("inv-1"),
        userId: B.userId("anne"),
        role: "MEMBER"
      })
    ])
    expect(Result.isFailure(accepted) && accepted.failure).toMatchObject({
      _tag: "Conflict",
      code: "ALREADY_EXISTING_INVITATION",
      message: "Cette invitation a déjà été acceptée.",
      meta: { invitationId: "inv-1" }
    })
  })
})

describe("roles, removal, leaving (DECISIONS 4)", () => {
  const twoAdmins = [...B.aSchoolWithAnAdmin(), B.aMemberJoined("anne", "ADMIN"), B.aMemberJoined("paul", "MEMBER")]
  const change = (userId: string, role: string, actorId = "admin") =>
    Command.ChangeMemberRole.make({
      organizationId: org,
      actorId: B.userId(actorId),
      userId: B.userId(userId),
      role,
      now
    })
  const removal = (userId: string, actorId = "admin") =>
    Command.RemoveMember.make({ organizationId: org, actorId: B.userId(actorId), userId: B.userId(userId), now })
  const leaving = (userId: string) =>
    Command.LeaveOrganization.make({ organizationId: org, userId: B.userId(userId), now })

  it("an admin changes a role; the same role decides nothing", () => {
    spec
      .given(twoAdmins)
      .when(change("paul", "ADMIN"))
      .then([
        Event.MemberRoleChanged.make({
          ...base,
          userId: B.userId("paul"),
          role: "ADMIN",
          previousRole: "MEMBER",
          actorId: admin
        })
      ])
    spec.given(twoAdmins).when(change("paul", "MEMBER")).thenNothing()
  })

  it("an invalid role: INVALID_MEMBERSHIP_ROLE", () => {
    spec.given(twoAdmins).when(change("paul", "SUPERADMIN")).thenFails("INVALID_MEMBERSHIP_ROLE", {
      message: "Le rôle du membre est invalide."
    })
  })

  it("a MEMBER cannot change roles: INSUFFICIENT_PERMISSIONS", () => {
    spec
      .given(twoAdmins)
      .when(change("anne", "MEMBER", "paul"))
      .thenFails("INSUFFICIENT_PERMISSIONS", { tag: "Forbidden" })
  })

  it("an unknown member: MEMBERSHIP_NOT_FOUND", () => {
    spec
      .given(twoAdmins)
      .when(change("ghost", "ADMIN"))
      .thenFails("MEMBERSHIP_NOT_FOUND", {
        tag: "NotFound",
        message: "Ce membre n'appartient pas à l'organisation.",
        meta: { userId: "ghost" }
      })
    spec.given(twoAdmins).when(removal("ghost")).thenFails("MEMBERSHIP_NOT_FOUND")
    spec.given(twoAdmins).when(leaving("ghost")).thenFails("MEMBERSHIP_NOT_FOUND")
  })

  it("the last admin can be neither demoted nor removed nor leave: LAST_ADMIN_CANNOT_LEAVE", () => {
    const one = [...B.aSchoolWithAnAdmin(), B.aMemberJoined("paul", "MEMBER")]
    const expected = {
      tag: "Conflict",
      message:
        "Vous êtes le dernier administrateur de cet espace Pix Orga : nommez un autre administrateur avant de partir.",
      meta: { userId: "admin" }
    }
    spec.given(one).when(change("admin", "MEMBER")).thenFails("LAST_ADMIN_CANNOT_LEAVE", expected)
    spec.given(one).when(removal("admin")).thenFails("LAST_ADMIN_CANNOT_LEAVE", expected)
    spec.given(one).when(leaving("admin")).thenFails("LAST_ADMIN_CANNOT_LEAVE", expected)
  })

  it("with another admin, an admin may be demoted, removed, or leave", () => {
    spec
      .given(twoAdmins)
      .when(change("admin", "MEMBER", "anne"))
      .then([
        Event.MemberRoleChanged.make({
          ...base,
          userId: admin,
          role: "MEMBER",
          previousRole: "ADMIN",
          actorId: B.userId("anne")
        })
      ])
    spec
      .given(twoAdmins)
      .when(removal("anne"))
      .then([Event.MemberRemoved.make({ ...base, userId: B.userId("anne"), actorId: admin })])
    spec
      .given(twoAdmins)
      .when(leaving("admin"))
      .then([Event.MemberLeft.make({ ...base, userId: admin })])
  })

  it("any member may leave; a MEMBER may not remove anyone", () => {
    spec
      .given(twoAdmins)
      .when(leaving("paul"))
      .then([Event.MemberLeft.make({ ...base, userId: B.userId("paul") })])
    spec.given(twoAdmins).when(removal("anne", "paul")).thenFails("INSUFFICIENT_PERMISSIONS")
  })

  it("a removed member is gone from the state", () => {
    const state = spec
      .given([...twoAdmins, Event.MemberRemoved.make({ ...base, userId: B.userId("paul"), actorId: admin })])
      .state()
    expect([...state.members.keys()]).toEqual(["admin", "anne"])
  })
})

describe("SCO self-service invitation (§3.3)", () => {
  const sco = Command.InviteScoAdministrator.make({
    organizationId: org,
    freshInvitation: { invitationId: B.invitationId("inv-sco"), code: B.invitationCode("SCOCODE123") },
    now
  })
  const contact = B.email("ce.0751234a@ac-paris.fr")

  it("invites the organization's contact mailbox as ADMIN, or sends its pending invitation again", () => {
    const invitedEvent = Event.MemberInvited.make({
      ...base,
      invitationId: B.invitationId("inv-sco"),
      email: contact,
      role: "ADMIN",
      code: B.invitationCode("SCOCODE123"),
      actorId: null
    })
    spec.given([B.anOrganization()]).when(sco).then([invitedEvent])
    spec
      .given([B.anOrganization(), invitedEvent])
      .when(sco)
      .then([
        Event.InvitationResent.make({ ...base, invitationId: B.invitationId("inv-sco"), role: "ADMIN", actorId: null })
      ])
  })

  it("an organization without contact e-mail: ORGANIZATION_WITHOUT_EMAIL; archived: ORGANIZATION_ARCHIVED", () => {
    spec
      .given([B.anOrganization({ contactEmail: null })])
      .when(sco)
      .thenFails("ORGANIZATION_WITHOUT_EMAIL", {
        tag: "Conflict",
        message:
          "Nous n’avons pas d’adresse e-mail de contact associée à l'établissement concernant l'UAI/RNE 0751234A.",
        meta: { organizationId: org, uai: "0751234A" }
      })
    spec
      .given([B.anOrganization(), Event.OrganizationArchived.make({ ...base, actorId: null })])
      .when(sco)
      .thenFails("ORGANIZATION_ARCHIVED")
  })

  it("finds the organization by UAI: UAI_NOT_RECOGNIZED with Pix's message, MANY_ORGANIZATIONS_FOUND", () => {
    const state = (events: ReadonlyArray<Event.OrganizationEvent>) => fold(OrganizationDecider.decider, events)
    const school = state([B.anOrganization()])
    const sup = state([
      B.anOrganization({ organizationId: B.organizationId("sup"), type: "SUP", uai: B.uai("0331234B") })
    ])
    const twin = state([B.anOrganization({ organizationId: B.organizationId("twin") })])
    expect(Result.getOrThrow(OrganizationDecider.findScoOrganizationByUai([sup, school], " 0751234a "))).toBe(school)
    const none = OrganizationDecider.findScoOrganizationByUai([sup, school], " 0331234B")
    expect(Result.isFailure(none) && none.failure).toMatchObject({
      _tag: "NotFound",
      code: "UAI_NOT_RECOGNIZED",
      message: "L'UAI/RNE 0331234B de l'établissement n’est pas reconnu.",
      meta: { uai: "0331234B" }
    })
    const many = OrganizationDecider.findScoOrganizationByUai([school, twin], "0751234A")
    expect(Result.isFailure(many) && many.failure).toMatchObject({
      _tag: "Conflict",
      code: "MANY_ORGANIZATIONS_FOUND",
      message: "Plusieurs établissements de type SCO ont été retrouvés pour L'UAI/RNE 0751234A.",
      meta: { uai: "0751234A", count: 2 }
    })
  })
})

describe("stream", () => {
  it("is organization-<id>", () => expect(Organization.streamName(org)).toBe("organization-org-1"))
})
