import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import type * as Campaign from "../src/campaign/Campaign.ts"
import * as Organization from "../src/organization/Organization.ts"
import * as OrganizationArchive from "../src/organization/OrganizationArchive.ts"
import * as OrganizationDecider from "../src/organization/OrganizationDecider.ts"
import type * as OrganizationEvent from "../src/organization/OrganizationEvent.ts"
import * as B from "../src/testing/OrganizationBuilders.ts"

const fold = (events: ReadonlyArray<OrganizationEvent.OrganizationEvent>) =>
  events.reduce(OrganizationDecider.evolve, Organization.initial)

const pixAdmin = B.userId("pix-admin")
const now = B.timestamp("2026-12-04T10:00:00.000Z")
const campaign = (campaignId: string, extra: Partial<Campaign.Campaign> = {}) =>
  ({
    campaignId,
    organizationId: B.organizationId(),
    archivedAt: null,
    deletedAt: null,
    ...extra
  }) as unknown as Campaign.Campaign

describe("Pix Admin archives an organization (Pix's archive: invitations, memberships, campaigns)", () => {
  const state = fold([...B.aSchoolWithAnAdmin(), B.aMemberInvited({ invitationId: B.invitationId("inv-pending") })])

  it("cancels the pending invitations, ends the memberships, archives the open campaigns, then the organization", () => {
    const archive = Result.getOrThrow(
      OrganizationArchive.decide(
        state,
        [
          campaign("c-open"),
          campaign("c-archived", { archivedAt: B.timestamp() }),
          campaign("c-deleted", { deletedAt: B.timestamp() }),
          campaign("c-elsewhere", { organizationId: B.organizationId("org-2") })
        ],
        { organizationId: B.organizationId(), actorId: pixAdmin, now }
      )
    )
    expect(archive.organization.map((event) => event._tag)).toEqual([
      ...[...state.invitations.values()].filter((i) => i.status === "pending").map(() => "InvitationCancelled"),
      ...[...state.members.values()].map(() => "MemberRemoved"),
      "OrganizationArchived"
    ])
    expect(archive.campaigns.map((event) => event.campaignId)).toEqual(["c-open"])
    const after = fold([
      ...B.aSchoolWithAnAdmin(),
      B.aMemberInvited({ invitationId: B.invitationId("inv-pending") }),
      ...archive.organization
    ])
    expect(after.members.size).toBe(0)
    expect([...after.invitations.values()].every((invitation) => invitation.status !== "pending")).toBe(true)
    expect(after.archivedAt).toBe(now)
  })

  it("refuses an organization archived already, and an unknown one", () => {
    const archived = fold([
      ...B.aSchoolWithAnAdmin(),
      { _tag: "OrganizationArchived", organizationId: B.organizationId(), actorId: pixAdmin, occurredAt: now }
    ])
    const again = OrganizationArchive.decide(archived, [], {
      organizationId: B.organizationId(),
      actorId: pixAdmin,
      now
    })
    expect(Result.isFailure(again) && again.failure.code).toBe("ORGANIZATION_ARCHIVED")
    const unknown = OrganizationArchive.decide(Organization.initial, [], {
      organizationId: B.organizationId(),
      actorId: pixAdmin,
      now
    })
    expect(Result.isFailure(unknown) && unknown.failure.code).toBe("ORGANIZATION_NOT_FOUND")
  })
})
