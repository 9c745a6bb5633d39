import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CampaignDecider from "../src/campaign/CampaignDecider.ts"
import type { Projection } from "../src/Decider.ts"
import * as OrganizationCommand from "../src/organization/OrganizationCommand.ts"
import * as OrganizationDecider from "../src/organization/OrganizationDecider.ts"
import * as OrganizationEvent from "../src/organization/OrganizationEvent.ts"
import * as RosterCommand from "../src/roster/RosterCommand.ts"
import * as RosterEvent from "../src/roster/RosterEvent.ts"
import * as Testing from "../src/testing/index.ts"

const { DeciderSpecification, ProjectionSpecification } = Testing.DeciderSpecification
const B = Testing.OrganizationBuilders
const C = Testing.CampaignBuilders
const A = Testing.Arbitraries
const spec = DeciderSpecification.for(OrganizationDecider.decider)
const leave = OrganizationCommand.LeaveOrganization.make({
  organizationId: B.organizationId(),
  userId: B.userId("admin"),
  now: B.timestamp()
})

describe("DeciderSpecification", () => {
  it("fails when other events are decided", () => {
    expect(() =>
      spec
        .given(B.aSchoolWithAnAdmin())
        .when(B.anInvitation(["a@ecole.fr"]))
        .then([])
    ).toThrow(/other events were decided/)
  })
  it("fails when a success was expected to fail, or on another code, tag, meta or message", () => {
    expect(() =>
      spec
        .given(B.aSchoolWithAnAdmin())
        .when(B.anInvitation(["a@ecole.fr"]))
        .thenFails("X")
    ).toThrow(/succeeded/)
    const given = spec.given(B.aSchoolWithAnAdmin()).when(leave)
    expect(() => given.thenFails("OTHER_CODE")).toThrow(/another error code/)
    expect(() => given.thenFails("LAST_ADMIN_CANNOT_LEAVE", { tag: "Forbidden" })).toThrow(/another error tag/)
    expect(() => given.thenFails("LAST_ADMIN_CANNOT_LEAVE", { meta: { userId: "x" } })).toThrow(/another error meta/)
    expect(() => given.thenFails("LAST_ADMIN_CANNOT_LEAVE", { message: "?" })).toThrow(/another error message/)
    expect(given.thenFails("LAST_ADMIN_CANNOT_LEAVE", { tag: "Conflict", meta: { userId: "admin" } }).code).toBe(
      "LAST_ADMIN_CANNOT_LEAVE"
    )
  })
  it("decided: a run of commands tells its history, each on the events before it; a failing one throws", () => {
    const campaigns = DeciderSpecification.for(CampaignDecider.decider)
    const admin = C.anActor("u9", "ADMIN")
    const history = campaigns.decided([C.aCampaignCreation(), C.anArchiving(admin)])
    expect(history.map((event) => event._tag)).toEqual(["CampaignCreated", "CampaignArchived"])
    campaigns.given(history).when(C.anArchiving(admin)).thenFails("CAMPAIGN_ALREADY_ARCHIVED")
    expect(() => campaigns.decided([C.anArchiving(admin)])).toThrow(/a command of the history failed/)
  })
  it("fails thenNothing when events or an error come", () => {
    expect(() => spec.given(B.aSchoolWithAnAdmin()).when(leave).thenNothing()).toThrow(/the command failed/)
    expect(() =>
      spec
        .given(B.aSchoolWithAnAdmin())
        .when(B.anInvitation(["a@ecole.fr"]))
        .thenNothing()
    ).toThrow(/events were decided/)
  })
})

describe("ProjectionSpecification", () => {
  const memberCount: Projection<number, OrganizationEvent.OrganizationEvent> = {
    initialState: 0,
    evolve: (n, e) => (e._tag === "MemberJoined" ? n + 1 : e._tag === "MemberLeft" ? n - 1 : n)
  }
  it("checks the folded read model", () => {
    ProjectionSpecification.for(memberCount).given(B.aSchoolWithAnAdmin()).then(1)
    expect(() => ProjectionSpecification.for(memberCount).given(B.aSchoolWithAnAdmin()).then(2)).toThrow(
      /the read model differs/
    )
    ProjectionSpecification.for(memberCount)
      .given([])
      .thenMatches((n) => n === 0)
  })
})

describe("arbitraries follow the schemas", () => {
  it.each(Object.keys(A.eventSchemas))("%s", (tag) => {
    const schema = A.eventSchemas[tag] as Schema.Codec<unknown, unknown>
    fc.assert(
      fc.property(A.eventsByTag[tag]!, (value) => Schema.is(schema)(value) && (value as { _tag: string })._tag === tag),
      { numRuns: 50 }
    )
  })
  it.each(Object.keys(A.commandSchemasByTag))("command %s", (tag) => {
    const schema = A.commandSchemasByTag[tag] as Schema.Codec<unknown, unknown>
    fc.assert(
      fc.property(
        A.commandsByTag[tag]!,
        (value) => Schema.is(schema)(value) && (value as { _tag: string })._tag === tag
      ),
      { numRuns: 30 }
    )
  })
  it("commands and pooled values too", () => {
    fc.assert(
      fc.property(
        A.organizationCommandInPools,
        A.rosterCommandInPools,
        A.organizationEventInPools,
        A.rosterEventInPools,
        (oc, rc, oe, re) =>
          Schema.is(OrganizationCommand.OrganizationCommand)(oc) &&
          Schema.is(RosterCommand.RosterCommand)(rc) &&
          Schema.is(OrganizationEvent.OrganizationEvent)(oe) &&
          Schema.is(RosterEvent.RosterEvent)(re)
      ),
      { numRuns: 100 }
    )
  })
})

describe("builders", () => {
  it("build valid values and refuse invalid overrides", () => {
    const R = Testing.RosterBuilders
    expect(R.aStudentRecord().nationalStudentId).toBe("123456789AB")
    expect(R.someStudentRecords(3).map((r) => r.nationalStudentId)).toEqual(["INE0000001", "INE0000002", "INE0000003"])
    expect(() => R.aStudentRecord({ birthdate: "14/05/2012" })).toThrow()
    expect(Schema.is(OrganizationEvent.OrganizationRegistered)(B.anOrganization())).toBe(true)
  })
})
