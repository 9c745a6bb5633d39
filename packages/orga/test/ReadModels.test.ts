/**
 * The roster read model folds the domain's roster events on mutable maps: it must agree with the domain's own
 * `RosterDecider.evolve` on any history.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Roster, RosterDecider, type RosterEvent } from "../src/internal/Domain.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"

const organizationId = "org-1"
const at = "2026-09-01T08:00:00.000Z"

const learnerId = fc.constantFrom("l1", "l2", "l3", "l4")
const userId = fc.constantFrom("u1", "u2", "u3")
const ine = fc.constantFrom("111A", "222B", "333C", "444D", "555E")

const rosterEvent: fc.Arbitrary<RosterEvent.RosterEvent> = fc.oneof(
  fc
    .record({ learnerId, ine, lastName: fc.constantFrom("DUPONT", "MARTIN"), division: fc.constantFrom("6A", "5B") })
    .map(
      ({ learnerId, ine, lastName, division }) =>
        ({
          _tag: "StudentImported",
          organizationId,
          learnerId,
          nationalStudentId: ine,
          firstName: "Camille",
          middleName: null,
          thirdName: null,
          lastName,
          preferredLastName: null,
          sex: "F",
          birthdate: "2012-03-14",
          birthCountryCode: "100",
          birthProvinceCode: "033",
          birthCityCode: "33063",
          birthCity: null,
          MEFCode: null,
          status: "ST",
          division,
          schoolYear: "2026",
          actorId: "admin",
          occurredAt: at
        }) as unknown as RosterEvent.RosterEvent
    ),
  fc.record({ learnerId, tag: fc.constantFrom("StudentDisabled", "StudentReenabled") }).map(
    ({ learnerId, tag }) =>
      ({
        _tag: tag,
        organizationId,
        learnerId,
        actorId: "admin",
        occurredAt: at
      }) as unknown as RosterEvent.RosterEvent
  ),
  fc.record({ learnerId, userId, tag: fc.constantFrom("StudentAccountLinked", "StudentAccountUnlinked") }).map(
    ({ learnerId, userId, tag }) =>
      ({
        _tag: tag,
        organizationId,
        learnerId,
        userId,
        actorId: null,
        occurredAt: at
      }) as unknown as RosterEvent.RosterEvent
  )
)

const view = (roster: {
  learners: ReadonlyMap<string, Roster.Learner>
  byIne: ReadonlyMap<string, string>
  byUser: ReadonlyMap<string, string>
}) => ({
  learners: [...roster.learners.values()]
    .map((l) => ({
      learnerId: l.learnerId,
      ine: l.record.nationalStudentId,
      lastName: l.record.lastName,
      division: l.record.division,
      isDisabled: l.isDisabled,
      userId: l.userId
    }))
    .sort((a, b) => a.learnerId.localeCompare(b.learnerId)),
  byIne: [...roster.byIne.entries()].sort(),
  byUser: [...roster.byUser.entries()].sort()
})

describe("roster read model", () => {
  it("agrees with the domain's RosterDecider.evolve on any history", () => {
    fc.assert(
      fc.property(fc.array(rosterEvent, { maxLength: 40 }), (events) => {
        let domain: Roster.Roster = Roster.initial
        for (const event of events) domain = RosterDecider.evolve(domain, event)
        const models = ReadModels.make()
        models.apply(
          events.map((data, index) => ({
            id: `e${index}`,
            streamId: `roster-${organizationId}`,
            type: data._tag,
            data,
            metadata: {},
            streamVersion: BigInt(index + 1),
            globalPosition: BigInt(index + 1),
            recordedAt: new Date(at),
            commandId: null
          }))
        )
        expect(view(ReadModels.rosterOf(models, organizationId))).toEqual(view(domain))
      }),
      { numRuns: 200 }
    )
  })
})
