import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Event from "../src/Event.ts"
import type * as Organization from "../src/organization/Organization.ts"
import * as OrganizationDecider from "../src/organization/OrganizationDecider.ts"
import * as OrganizationEvent from "../src/organization/OrganizationEvent.ts"
import type * as Roster from "../src/roster/Roster.ts"
import * as RosterDecider from "../src/roster/RosterDecider.ts"
import * as RosterEvent from "../src/roster/RosterEvent.ts"
import * as A from "../src/testing/Arbitraries.ts"
import { structurallyEqual } from "../src/testing/DeciderSpecification.ts"
import * as B from "../src/testing/OrganizationBuilders.ts"

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
        fc.oneof(A.organizationCommand, A.organizationCommandInPools),
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
        fc.oneof(A.rosterCommand, A.rosterCommandInPools),
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

// Decide command after command, appending what is decided; then replay the stored (JSON) history.
const replayRebuilds = <C, S, E>(
  decider: {
    readonly initialState: S
    readonly evolve: (s: S, e: E) => S
    readonly decide: (c: C, s: S) => Result.Result<ReadonlyArray<E>, unknown>
  },
  start: ReadonlyArray<E>,
  commands: ReadonlyArray<C>
): { decided: number; same: boolean } => {
  let state = start.reduce(decider.evolve, decider.initialState)
  const history: Array<E> = [...start]
  for (const command of commands) {
    const result = decider.decide(command, state)
    if (Result.isFailure(result)) continue
    for (const event of result.success) {
      history.push(event)
      state = decider.evolve(state, event)
    }
  }
  const stored = history.map((event) => JSON.stringify(Result.getOrThrow(Event.encode(event as Event.Event))))
  const replayed = stored.map((text) => Result.getOrThrow(Event.decodeUnknown(JSON.parse(text))) as E)
  return {
    decided: history.length - start.length,
    same: structurallyEqual(replayed.reduce(decider.evolve, decider.initialState), state)
  }
}

describe("replaying a decided history rebuilds the same state", () => {
  it("organization", () => {
    let decidedSomething = 0
    fc.assert(
      fc.property(fc.array(A.organizationCommandInPools, { maxLength: 25 }), (commands) => {
        const { decided, same } = replayRebuilds(OrganizationDecider.decider, school, commands)
        if (decided > 0) decidedSomething++
        return same
      }),
      runs
    )
    // The property is only worth something if commands do get decided.
    expect(decidedSomething).toBeGreaterThan(10)
  })
  it("roster", () => {
    let decidedSomething = 0
    fc.assert(
      fc.property(fc.array(A.rosterCommandInPools, { maxLength: 15 }), (commands) => {
        const { decided, same } = replayRebuilds(RosterDecider.decider, [], commands)
        if (decided > 0) decidedSomething++
        return same
      }),
      runs
    )
    expect(decidedSomething).toBeGreaterThan(10)
  })
})
