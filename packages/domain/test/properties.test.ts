import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CampaignDecider from "../src/campaign/CampaignDecider.ts"
import * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import { fold } from "../src/Decider.ts"
import * as Event from "../src/Event.ts"
import type * as Organization from "../src/organization/Organization.ts"
import * as OrganizationCommand from "../src/organization/OrganizationCommand.ts"
import * as OrganizationDecider from "../src/organization/OrganizationDecider.ts"
import * as OrganizationEvent from "../src/organization/OrganizationEvent.ts"
import * as ParticipationDecider from "../src/participation/ParticipationDecider.ts"
import * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import type * as Roster from "../src/roster/Roster.ts"
import * as RosterDecider from "../src/roster/RosterDecider.ts"
import * as RosterEvent from "../src/roster/RosterEvent.ts"
import * as A from "../src/testing/Arbitraries.ts"
import * as CampaignArbitraries from "../src/testing/CampaignArbitraries.ts"
import { structurallyEqual } from "../src/testing/DeciderSpecification.ts"
import * as B from "../src/testing/OrganizationBuilders.ts"
import * as ParticipationArbitraries from "../src/testing/ParticipationArbitraries.ts"

const runs = { numRuns: 150 }

const organizationConsistent = (state: Organization.Organization): boolean =>
  [...state.members].every(([userId, member]) => member.userId === userId) &&
  [...state.invitations].every(([id, invitation]) => invitation.invitationId === id)

const rosterConsistent = (state: Roster.Roster): boolean =>
  [...state.learners].every(([id, learner]) => learner.learnerId === id) &&
  [...state.byIne.values()].every((id) => state.learners.has(id)) &&
  [...state.byUser].every(([userId, id]) => state.learners.get(id)?.userId === userId) &&
  [...state.learners.values()].every((l) => l.userId === null || state.byUser.get(l.userId) === l.learnerId)

// A registered school whose admin is one of the pooled ids, so pooled commands meet a live organization.
const school = [
  B.anOrganization({ organizationId: B.organizationId("org-1") }),
  B.aMemberJoined("INE0000001", "ADMIN", { organizationId: B.organizationId("org-1") })
]

describe("evolve is total", () => {
  it("organization: any history (schema-derived or pooled) folds into a consistent state", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(A.organizationEvent, A.organizationEventInPools), { maxLength: 30 }), (events) =>
        organizationConsistent(fold(OrganizationDecider.decider, events))
      ),
      runs
    )
  })
  it("roster: any history folds into a state whose indexes agree with its learners", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(A.rosterEvent, A.rosterEventInPools), { maxLength: 30 }), (events) =>
        rosterConsistent(fold(RosterDecider.decider, events))
      ),
      runs
    )
  })
})

describe("decide never throws and decides only valid events", () => {
  it("organization", () => {
    fc.assert(
      fc.property(
        fc.array(A.organizationEventInPools, { maxLength: 20 }),
        fc.oneof(A.organizationCommand, A.organizationCommandInPools, A.organizationScenarioCommand),
        fc.boolean(),
        (events, command, withSchool) => {
          const state = fold(OrganizationDecider.decider, withSchool ? [...school, ...events] : events)
          const result = OrganizationDecider.decide(command, state)
          expect(Result.isResult(result)).toBe(true)
          if (Result.isSuccess(result))
            for (const event of result.success) expect(Schema.is(OrganizationEvent.OrganizationEvent)(event)).toBe(true)
          else expect(typeof result.failure.message).toBe("string")
        }
      ),
      runs
    )
  })
  it("roster", () => {
    fc.assert(
      fc.property(
        fc.array(A.rosterEventInPools, { maxLength: 20 }),
        fc.oneof(A.rosterCommand, A.rosterCommandInPools, A.rosterScenarioCommand),
        (events, command) => {
          const result = RosterDecider.decide(command, fold(RosterDecider.decider, events))
          expect(Result.isResult(result)).toBe(true)
          if (Result.isSuccess(result))
            for (const event of result.success) expect(Schema.is(RosterEvent.RosterEvent)(event)).toBe(true)
        }
      ),
      runs
    )
  })
})

describe("decide never throws and decides only valid events: campaign and participation", () => {
  it("campaign", () => {
    fc.assert(
      fc.property(
        fc.array(CampaignArbitraries.event, { maxLength: 10 }),
        fc.oneof(A.campaignCommand, CampaignArbitraries.command),
        (events, command) => {
          const result = CampaignDecider.decide(command, fold(CampaignDecider.decider, events))
          expect(Result.isResult(result)).toBe(true)
          if (Result.isSuccess(result))
            for (const event of result.success) expect(Schema.is(CampaignEvent.CampaignEvent)(event)).toBe(true)
          else expect(typeof result.failure.message).toBe("string")
        }
      ),
      runs
    )
  })
  it("participation", () => {
    fc.assert(
      fc.property(
        fc.array(ParticipationArbitraries.event, { maxLength: 10 }),
        fc.oneof(A.participationCommand, ParticipationArbitraries.command),
        (events, command) => {
          const result = ParticipationDecider.decide(command, fold(ParticipationDecider.decider, events))
          expect(Result.isResult(result)).toBe(true)
          if (Result.isSuccess(result))
            for (const event of result.success)
              expect(Schema.is(ParticipationEvent.ParticipationEvent)(event)).toBe(true)
          else expect(typeof result.failure.message).toBe("string")
        }
      ),
      runs
    )
  })
})

// Decide command after command, appending what is decided; then replay the stored (JSON) history.
const replayRebuilds = <C, S, E>(
  decider: {
    readonly initialState: S
    readonly evolve: (s: S, e: E) => S
    readonly decide: (c: C, s: S) => Result.Result<ReadonlyArray<E>, unknown>
  },
  start: ReadonlyArray<E>,
  commands: ReadonlyArray<C | ((state: S) => C | undefined)>
): { decided: number; same: boolean; tags: ReadonlySet<string> } => {
  let state = start.reduce(decider.evolve, decider.initialState)
  const history: Array<E> = [...start]
  for (const intent of commands) {
    const command = typeof intent === "function" ? (intent as (state: S) => C | undefined)(state) : intent
    if (command === undefined) continue
    const result = decider.decide(command, state)
    if (Result.isFailure(result)) continue
    for (const event of result.success) {
      history.push(event)
      state = decider.evolve(state, event)
    }
  }
  const stored = history.map((event) => JSON.stringify(Result.getOrThrow(Event.encode(event as Event.Event))))
  const replayed = stored.map((text) => Result.getOrThrow(Event.decodeUnknown(JSON.parse(text))) as E)
  const tags = new Set(history.slice(start.length).map((event) => (event as { _tag: string })._tag))
  return {
    decided: history.length - start.length,
    tags,
    same: structurallyEqual(replayed.reduce(decider.evolve, decider.initialState), state)
  }
}

// An acceptance that reads the state, as a real invitee holds the code and e-mail of their invitation.
const acceptAnInvitation = fc
  .record({ pick: fc.nat(), userId: fc.constantFrom("INE0000002", "INE0000003", "INE0000004", "INE0000001") })
  .map(
    ({ pick, userId }) =>
      (state: Organization.Organization): OrganizationCommand.OrganizationCommand | undefined => {
        const invitations = [...state.invitations.values()]
        const invitation = invitations[pick % Math.max(1, invitations.length)]
        if (invitation === undefined) return undefined
        return OrganizationCommand.AcceptInvitation.make({
          organizationId: B.organizationId("org-1"),
          invitationId: invitation.invitationId,
          code: invitation.code,
          userId: B.userId(userId),
          email: invitation.email,
          now: B.timestamp("2026-09-20T08:00:00.000Z")
        })
      }
  )

// An admin acting on a member picked in the state: a role change or a removal.
const actOnAMember = fc
  .record({ pick: fc.nat(), by: fc.nat(), role: fc.constantFrom("ADMIN", "MEMBER"), remove: fc.boolean() })
  .map(
    ({ pick, by, role, remove }) =>
      (state: Organization.Organization): OrganizationCommand.OrganizationCommand | undefined => {
        const members = [...state.members.values()]
        const admins = members.filter((member) => member.role === "ADMIN")
        const target = members[pick % Math.max(1, members.length)]
        const actor = admins[by % Math.max(1, admins.length)]
        if (target === undefined || actor === undefined) return undefined
        const base = {
          organizationId: B.organizationId("org-1"),
          actorId: actor.userId,
          userId: target.userId,
          now: B.timestamp("2026-09-21T08:00:00.000Z")
        }
        return remove
          ? OrganizationCommand.RemoveMember.make(base)
          : OrganizationCommand.ChangeMemberRole.make({ ...base, role })
      }
  )

const organizationLife = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: A.organizationScenarioCommand },
    { weight: 2, arbitrary: acceptAnInvitation },
    { weight: 1, arbitrary: actOnAMember },
    { weight: 1, arbitrary: A.organizationCommandInPools }
  ),
  { minLength: 5, maxLength: 25 }
)

const rosterLife = fc.array(fc.oneof({ weight: 4, arbitrary: A.rosterScenarioCommand }, A.rosterCommandInPools), {
  minLength: 3,
  maxLength: 15
})

describe("replaying a decided history rebuilds the same state", () => {
  it("organization", () => {
    fc.assert(
      fc.property(organizationLife, (commands) => replayRebuilds(OrganizationDecider.decider, school, commands).same),
      runs
    )
  })
  it("roster", () => {
    fc.assert(
      fc.property(rosterLife, (commands) => replayRebuilds(RosterDecider.decider, [], commands).same),
      runs
    )
  })
})

// The properties above are only worth something if the generated lives reach every event. Checked on a
// fixed seed, so that this check is deterministic while the properties explore new lives on each run.
describe("the generated lives reach every event", () => {
  const reached = <C, S, E>(
    decider: Parameters<typeof replayRebuilds<C, S, E>>[0],
    start: ReadonlyArray<E>,
    lives: ReadonlyArray<ReadonlyArray<C | ((state: S) => C | undefined)>>
  ) => {
    const seen = new Set<string>()
    let deciding = 0
    for (const life of lives) {
      const { decided, tags } = replayRebuilds(decider, start, life)
      if (decided > 0) deciding++
      for (const tag of tags) seen.add(tag)
    }
    return { seen: [...seen].sort(), deciding }
  }
  it("organization (registration is in the starting history)", () => {
    const { seen, deciding } = reached(
      OrganizationDecider.decider,
      school,
      fc.sample(organizationLife, { numRuns: 200, seed: 7 })
    )
    expect(deciding).toBeGreaterThan(100)
    expect(seen).toEqual(OrganizationEvent.tags.filter((tag) => tag !== "OrganizationRegistered").sort())
  })
  it("roster", () => {
    const { seen, deciding } = reached(RosterDecider.decider, [], fc.sample(rosterLife, { numRuns: 200, seed: 7 }))
    expect(deciding).toBeGreaterThan(100)
    expect(seen).toEqual([...RosterEvent.tags].sort())
  })
})

describe("a command that bypassed its schema is refused, not thrown on", () => {
  it("organization and roster: INVALID_COMMAND", () => {
    const state = fold(OrganizationDecider.decider, school)
    const forged = { _tag: "LeaveOrganization", organizationId: "org 1", userId: "", now: "yesterday" } as never
    const refused = OrganizationDecider.decide(forged, state)
    expect(Result.isFailure(refused) && refused.failure).toMatchObject({
      _tag: "InvalidInput",
      code: "INVALID_COMMAND",
      message: "La commande est invalide.",
      meta: { tag: "LeaveOrganization" }
    })
    const roster = RosterDecider.decide(
      { _tag: "ImportStudents", records: [{}] } as never,
      RosterDecider.decider.initialState
    )
    expect(Result.isFailure(roster) && roster.failure.code).toBe("INVALID_COMMAND")
    expect(Result.isFailure(OrganizationDecider.decide(null as never, state))).toBe(true)
  })
})
