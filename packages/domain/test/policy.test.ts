import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import * as Actor from "../src/policy/Actor.ts"
import * as Policy from "../src/policy/Policy.ts"
import * as B from "../src/testing/OrganizationBuilders.ts"
import type * as Role from "../src/values/Role.ts"

const team = (
  members: Record<string, Role.Role>,
  kind: Pick<Policy.Team, "type" | "isManagingStudents"> = { type: "SCO", isManagingStudents: true }
): Policy.Team => ({
  ...kind,
  members: new Map(Object.entries(members).map(([id, role]) => [B.userId(id), { role }]))
})

const school = team({ admin: "ADMIN", other: "ADMIN", teacher: "MEMBER", owner: "MEMBER" })
const owner = B.userId("owner")

const actors = {
  anonymous: Actor.anonymous,
  outsider: Actor.user(B.userId("stranger")),
  member: Actor.user(B.userId("teacher")),
  "campaign owner": Actor.user(owner),
  admin: Actor.user(B.userId("admin"))
} as const
type ActorKind = keyof typeof actors

const memberships = (kind: ActorKind) => (kind === "anonymous" || kind === "outsider" ? 0 : 1)

const ok = "ok"
const U = "UNAUTHENTICATED"
const I = "INSUFFICIENT_PERMISSIONS"

// The matrix of §3.2 (with DECISIONS 4 for leaving): action → expected answer per actor kind.
const matrix: ReadonlyArray<
  readonly [string, (actor: Actor.Actor, kind: ActorKind) => Policy.Decision, Record<ActorKind, string>]
> = [
  [
    "log into Pix Orga",
    (a, k) => Policy.canLogIn(a, memberships(k)),
    { anonymous: U, outsider: "NOT_LINKED_ORGANIZATION", member: ok, "campaign owner": ok, admin: ok }
  ],
  [
    "list members",
    (a) => Policy.canListMembers(a, school),
    { anonymous: U, outsider: I, member: ok, "campaign owner": ok, admin: ok }
  ],
  [
    "see all campaigns",
    (a) => Policy.canSeeCampaigns(a, school),
    { anonymous: U, outsider: I, member: ok, "campaign owner": ok, admin: ok }
  ],
  [
    "see results, analysis, exports",
    (a) => Policy.canSeeResults(a, school),
    { anonymous: U, outsider: I, member: ok, "campaign owner": ok, admin: ok }
  ],
  [
    "create a campaign",
    (a) => Policy.canCreateCampaign(a, school),
    { anonymous: U, outsider: I, member: ok, "campaign owner": ok, admin: ok }
  ],
  [
    "update / archive / unarchive a campaign, delete a participation",
    (a) => Policy.canManageCampaign(a, school, owner),
    { anonymous: U, outsider: I, member: I, "campaign owner": ok, admin: ok }
  ],
  [
    "delete campaigns all owned by the owner",
    (a) => Policy.canDeleteCampaigns(a, school, [owner, owner]),
    { anonymous: U, outsider: I, member: I, "campaign owner": ok, admin: ok }
  ],
  [
    "delete campaigns of several owners",
    (a) => Policy.canDeleteCampaigns(a, school, [owner, B.userId("teacher")]),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: ok }
  ],
  [
    "import students (SCO managing students)",
    (a) => Policy.canImportStudents(a, school),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: ok }
  ],
  [
    "invite, list, cancel, resend invitations",
    (a) => Policy.canManageInvitations(a, school),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: ok }
  ],
  [
    "change a member's role",
    (a) => Policy.canChangeRole(a, school),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: ok }
  ],
  [
    "remove a member",
    (a) => Policy.canRemoveMember(a, school),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: ok }
  ],
  [
    "leave (another admin remains)",
    (a) => Policy.canLeave(a, school),
    { anonymous: U, outsider: I, member: ok, "campaign owner": ok, admin: ok }
  ],
  [
    "leave as the last admin",
    (a) => Policy.canLeave(a, team({ admin: "ADMIN", teacher: "MEMBER", owner: "MEMBER" })),
    { anonymous: U, outsider: I, member: ok, "campaign owner": ok, admin: "LAST_ADMIN_CANNOT_LEAVE" }
  ],
  [
    "delete learners of an SCO organization managing students",
    (a) => Policy.canDeleteLearners(a, school),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: "ORGANIZATION_MANAGING_STUDENTS" }
  ],
  [
    "delete learners of a SUP organization",
    (a) =>
      Policy.canDeleteLearners(
        a,
        team({ admin: "ADMIN", teacher: "MEMBER", owner: "MEMBER" }, { type: "SUP", isManagingStudents: true })
      ),
    { anonymous: U, outsider: I, member: I, "campaign owner": I, admin: ok }
  ]
]

const answer = (decision: Policy.Decision): string => (Result.isSuccess(decision) ? ok : decision.failure.code)

describe("policy matrix (§3.2)", () => {
  const cells = matrix.flatMap(([action, policy, expected]) =>
    (Object.keys(actors) as Array<ActorKind>).map((kind) => [action, kind, policy, expected[kind]] as const)
  )
  it.each(cells)("%s × %s", (_action, kind, policy, expected) => {
    expect(answer(policy(actors[kind], kind))).toBe(expected)
  })
})

describe("policy details", () => {
  it("NOT_LINKED_ORGANIZATION carries Pix's exact message", () => {
    const decision = Policy.canLogIn(actors.outsider, 0)
    expect(Result.isFailure(decision) && decision.failure).toMatchObject({
      _tag: "Forbidden",
      code: "NOT_LINKED_ORGANIZATION",
      message:
        "L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un administrateur Pix Orga propre à l'organisation qui l'utilise. Contactez-le pour qu'il vous y invite.",
      meta: {}
    })
  })
  it("importing needs an SCO organization that manages its students", () => {
    for (const kind of [
      { type: "SCO", isManagingStudents: false },
      { type: "SUP", isManagingStudents: true },
      { type: "PRO", isManagingStudents: false }
    ] as const) {
      const decision = Policy.canImportStudents(actors.admin, team({ admin: "ADMIN" }, kind))
      expect(Result.isFailure(decision) && decision.failure).toMatchObject({
        _tag: "Forbidden",
        code: "ORGANIZATION_NOT_MANAGING_STUDENTS",
        meta: kind
      })
    }
  })
  it("an owner who left the organization no longer manages the campaign", () => {
    const decision = Policy.canManageCampaign(actors["campaign owner"], team({ admin: "ADMIN" }), owner)
    expect(answer(decision)).toBe(I)
  })
  it("campaign rights say what was required", () => {
    const manage = Policy.canManageCampaign(actors.member, school, owner)
    expect(Result.isFailure(manage) && manage.failure.meta).toEqual({ userId: "teacher", required: "OWNER_OR_ADMIN" })
    const batch = Policy.canDeleteCampaigns(actors["campaign owner"], school, [owner, B.userId("teacher")])
    expect(Result.isFailure(batch) && batch.failure.meta).toEqual({
      userId: "owner",
      required: "OWNER_OF_ALL_OR_ADMIN"
    })
  })
  it("insufficient permissions say what was required", () => {
    const decision = Policy.canManageInvitations(actors.member, school)
    expect(Result.isFailure(decision) && decision.failure).toMatchObject({
      _tag: "Forbidden",
      message: "Vous n'avez pas les droits suffisants pour effectuer cette action.",
      meta: { userId: "teacher", required: "ADMIN" }
    })
  })
})
