import * as Result from "effect/Result"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fold } from "../src/Decider.ts"
import * as Roster from "../src/roster/Roster.ts"
import * as Command from "../src/roster/RosterCommand.ts"
import * as RosterDecider from "../src/roster/RosterDecider.ts"
import * as Event from "../src/roster/RosterEvent.ts"
import * as StudentRecord from "../src/roster/StudentRecord.ts"
import { DeciderSpecification } from "../src/testing/DeciderSpecification.ts"
import * as B from "../src/testing/OrganizationBuilders.ts"
import * as R from "../src/testing/RosterBuilders.ts"
import * as PersonalData from "../src/values/PersonalData.ts"

const spec = DeciderSpecification.for(RosterDecider.decider)
const org = B.organizationId()
const admin = B.userId("admin")
const now = B.timestamp()
const base = { organizationId: org, actorId: admin, occurredAt: now }

// What a command decides after a history, and the history it leaves (the specification's own fold).
const decided = (history: ReadonlyArray<Event.RosterEvent>, command: Command.RosterCommand) =>
  Result.getOrThrow(spec.given(history).when(command).result())

const importAll = (history: ReadonlyArray<Event.RosterEvent>, command: Command.RosterCommand) => [
  ...history,
  ...decided(history, command)
]

const link = (learner: string, user: string) =>
  Command.LinkStudentAccount.make({
    organizationId: org,
    learnerId: R.learnerId(learner),
    userId: B.userId(user),
    actorId: null,
    now
  })

describe("importing a SIECLE file (§1.7)", () => {
  const lea = R.aStudentRecord()

  it("creates a learner with the full record: StudentImported then SiecleImportCompleted", () => {
    spec
      .given([])
      .when(R.anImport([lea]))
      .then([
        Event.StudentImported.make({
          ...base,
          learnerId: R.learnerId("learner-123456789AB"),
          ...lea,
          schoolYear: R.schoolYear()
        }),
        Event.SiecleImportCompleted.make({
          ...base,
          schoolYear: R.schoolYear(),
          fileName: "ENT_0751234A_ELEVES.zip",
          importedCount: 1,
          disabledCount: 0,
          reenabledCount: 0,
          linkedCount: 0
        })
      ])
  })

  it("the same records again decide no event at all", () => {
    const history = importAll([], R.anImport(R.someStudentRecords(3)))
    spec
      .given(history)
      .when(R.anImport(R.someStudentRecords(3)))
      .thenNothing()
  })

  it("a changed record is imported again under the same learner id", () => {
    const history = importAll([], R.anImport([lea]))
    const moved = R.aStudentRecord({ division: "4E2", preferredLastName: "Durand" })
    const events = decided(history, R.anImport([moved], { newLearnerIds: [] }))
    expect(events.map((e) => e._tag)).toEqual(["StudentImported", "SiecleImportCompleted"])
    expect(events[0]).toMatchObject({ learnerId: "learner-123456789AB", division: "4E2", preferredLastName: "Durand" })
  })

  it("disables learners absent from the file and re-enables those who come back, keeping links (DECISIONS 7)", () => {
    const [a, b] = R.someStudentRecords(2)
    let history = importAll([], R.anImport([a!, b!]))
    history = importAll(history, link("learner-INE0000002", "student-b"))
    const second = decided(history, R.anImport([a!]))
    expect(second).toEqual([
      Event.StudentDisabled.make({ ...base, learnerId: R.learnerId("learner-INE0000002") }),
      Event.SiecleImportCompleted.make({
        ...base,
        schoolYear: R.schoolYear(),
        fileName: "ENT_0751234A_ELEVES.zip",
        importedCount: 0,
        disabledCount: 1,
        reenabledCount: 0,
        linkedCount: 0
      })
    ])
    history = [...history, ...second]
    const back = decided(history, R.anImport([a!, b!]))
    expect(back.map((e) => e._tag)).toEqual(["StudentReenabled", "SiecleImportCompleted"])
    const state = fold(RosterDecider.decider, [...history, ...back])
    expect(state.learners.get(R.learnerId("learner-INE0000002"))).toMatchObject({
      isDisabled: false,
      userId: "student-b"
    })
  })

  it("an empty file: EMPTY", () => {
    spec.given([]).when(R.anImport([])).thenFails("EMPTY", {
      tag: "InvalidInput",
      message: "Les élèves doivent posséder un INE ainsi qu'une classe.",
      meta: {}
    })
  })

  it("the same INE twice: INE_UNIQUE", () => {
    spec
      .given([])
      .when(R.anImport([lea, R.aStudentRecord({ firstName: "Jules" })]))
      .thenFails("INE_UNIQUE", {
        tag: "InvalidInput",
        message: "L’INE 123456789AB est présent plusieurs fois dans le fichier pour plusieurs élèves.",
        meta: { nationalStudentId: "123456789AB" }
      })
  })

  it("needs fresh ids for new learners: MISSING_LEARNER_IDS, LEARNER_ID_ALREADY_USED", () => {
    spec
      .given([])
      .when(R.anImport(R.someStudentRecords(2), { newLearnerIds: [R.learnerId("x")] }))
      .thenFails("MISSING_LEARNER_IDS", { meta: { needed: 2, given: 1 } })
    const history = importAll([], R.anImport([lea]))
    spec
      .given(history)
      .when(R.anImport(R.someStudentRecords(1), { newLearnerIds: [R.learnerId("learner-123456789AB")] }))
      .thenFails("LEARNER_ID_ALREADY_USED", { meta: { learnerId: "learner-123456789AB" } })
  })

  it("marks the personal fields of StudentImported", () => {
    expect(PersonalData.personalFields(Event.StudentImported)).toEqual([
      "nationalStudentId",
      "firstName",
      "middleName",
      "thirdName",
      "lastName",
      "preferredLastName",
      "sex",
      "birthdate",
      "birthCountryCode",
      "birthProvinceCode",
      "birthCityCode",
      "birthCity"
    ])
  })

  it("the stream is roster-<organizationId>", () => expect(Roster.streamName(org)).toBe("roster-org-1"))
})

describe("carrying account links over by INE (§1.7, DECISIONS 7)", () => {
  const [a, b] = R.someStudentRecords(2)
  const known = (ine: string, user: string, organization = "other-org", birthdate = "2012-05-14") =>
    Command.KnownAccount.make({
      nationalStudentId: R.aStudentRecord({ nationalStudentId: ine }).nationalStudentId,
      userId: B.userId(user),
      organizationId: B.organizationId(organization),
      birthdate: R.aStudentRecord({ birthdate }).birthdate
    })
  const linkedUsers = (events: ReadonlyArray<Event.RosterEvent>) =>
    events.flatMap((e) => (e._tag === "StudentAccountLinked" ? [[e.learnerId, e.userId]] : []))

  it("links an account of the same organization, or of another with the same birthdate", () => {
    const events = decided(
      [],
      R.anImport([a!, b!], {
        knownAccounts: [known("INE0000001", "u1", "org-1", "2011-01-01"), known("INE0000002", "u2")]
      })
    )
    expect(linkedUsers(events)).toEqual([
      ["learner-INE0000001", "u1"],
      ["learner-INE0000002", "u2"]
    ])
    expect(events.at(-1)).toMatchObject({ _tag: "SiecleImportCompleted", linkedCount: 2 })
  })

  it("skips another organization's account with another birthdate, or an account known for several INEs", () => {
    expect(
      linkedUsers(
        decided([], R.anImport([a!, b!], { knownAccounts: [known("INE0000001", "u1", "other", "2011-01-01")] }))
      )
    ).toEqual([])
    expect(
      linkedUsers(
        decided([], R.anImport([a!, b!], { knownAccounts: [known("INE0000001", "u1"), known("INE0000002", "u1")] }))
      )
    ).toEqual([])
  })

  it("never moves a link another learner holds, and keeps a learner's own link", () => {
    let history = importAll([], R.anImport([a!, b!]))
    history = importAll(history, link("learner-INE0000002", "u1"))
    // u1 is known for INE0000001 elsewhere, but already linked here to INE0000002: nothing moves.
    expect(decided(history, R.anImport([a!, b!], { knownAccounts: [known("INE0000001", "u1")] }))).toEqual([])
    // INE0000002 keeps u1 even though another account is known for it.
    expect(decided(history, R.anImport([a!, b!], { knownAccounts: [known("INE0000002", "u9")] }))).toEqual([])
  })
})

describe("linking accounts", () => {
  const history = importAll([], R.anImport(R.someStudentRecords(2)))

  it("links and unlinks", () => {
    spec
      .given(history)
      .when(link("learner-INE0000001", "u1"))
      .then([
        Event.StudentAccountLinked.make({
          organizationId: org,
          learnerId: R.learnerId("learner-INE0000001"),
          userId: B.userId("u1"),
          actorId: null,
          occurredAt: now
        })
      ])
    const linked = importAll(history, link("learner-INE0000001", "u1"))
    spec.given(linked).when(link("learner-INE0000001", "u1")).thenNothing()
    const unlink = Command.UnlinkStudentAccount.make({
      organizationId: org,
      learnerId: R.learnerId("learner-INE0000001"),
      actorId: admin,
      now
    })
    spec
      .given(linked)
      .when(unlink)
      .then([
        Event.StudentAccountUnlinked.make({
          organizationId: org,
          learnerId: R.learnerId("learner-INE0000001"),
          userId: B.userId("u1"),
          actorId: admin,
          occurredAt: now
        })
      ])
    spec.given(history).when(unlink).thenNothing()
  })

  it("a learner has one account: ORGANIZATION_LEARNER_ALREADY_LINKED_TO_USER", () => {
    spec
      .given(importAll(history, link("learner-INE0000001", "u1")))
      .when(link("learner-INE0000001", "u2"))
      .thenFails("ORGANIZATION_LEARNER_ALREADY_LINKED_TO_USER", {
        tag: "Conflict",
        message: "Un compte existe déjà pour l‘élève dans le même établissement.",
        meta: { learnerId: "learner-INE0000001", userId: "u1" }
      })
  })

  it("an account has one learner per organization: USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION (R70)", () => {
    spec
      .given(importAll(history, link("learner-INE0000001", "u1")))
      .when(link("learner-INE0000002", "u1"))
      .thenFails("USER_ALREADY_RECONCILED_IN_THIS_ORGANIZATION", {
        tag: "Conflict",
        meta: { shortCode: "R70", value: null, userId: "u1", learnerId: "learner-INE0000001" }
      })
  })

  it("a disabled learner cannot be linked: DISABLED_LEARNER; an unknown one: LEARNER_NOT_FOUND", () => {
    const disabled = importAll(history, R.anImport(R.someStudentRecords(1)))
    spec
      .given(disabled)
      .when(link("learner-INE0000002", "u1"))
      .thenFails("DISABLED_LEARNER", { tag: "Conflict", meta: { learnerId: "learner-INE0000002" } })
    spec
      .given(history)
      .when(link("ghost", "u1"))
      .thenFails("LEARNER_NOT_FOUND", {
        tag: "NotFound",
        message: "Cet élève n'existe pas dans l'organisation.",
        meta: { learnerId: "ghost" }
      })
  })
})

// Records drawn from a small INE pool so that files overlap; names vary so that some learners change.
const recordArb = fc
  .record({ ine: fc.integer({ min: 1, max: 12 }), division: fc.constantFrom("3E1", "3E2", "4E1") })
  .map(({ ine, division }) => R.aStudentRecord({ nationalStudentId: `INE${String(ine).padStart(7, "0")}`, division }))
const fileArb = fc.uniqueArray(recordArb, { minLength: 1, maxLength: 10, selector: (r) => r.nationalStudentId })

describe("import properties", () => {
  it("re-importing the same records decides nothing", () => {
    fc.assert(
      fc.property(fc.array(fileArb, { maxLength: 4 }), fileArb, (before, file) => {
        let history: ReadonlyArray<Event.RosterEvent> = []
        for (const f of before) history = importAll(history, R.anImport(f))
        history = importAll(history, R.anImport(file))
        return decided(history, R.anImport(file)).length === 0
      }),
      { numRuns: 150 }
    )
  })

  it("import A then B: exactly B active, A∖B disabled, links of kept learners untouched", () => {
    fc.assert(
      fc.property(fileArb, fileArb, fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 5 }), (a, b, toLink) => {
        let history: ReadonlyArray<Event.RosterEvent> = importAll([], R.anImport(a))
        for (const index of new Set(toLink)) {
          const record = a[index]
          if (record !== undefined)
            history = importAll(
              history,
              link(`learner-${record.nationalStudentId}`, `user-${record.nationalStudentId}`)
            )
        }
        const before = fold(RosterDecider.decider, history)
        const state = fold(RosterDecider.decider, importAll(history, R.anImport(b)))
        const inB = new Set(b.map((r) => r.nationalStudentId))
        const active = Roster.activeLearners(state).map((l) => l.record.nationalStudentId)
        expect(new Set(active)).toEqual(inB)
        for (const record of a)
          if (!inB.has(record.nationalStudentId))
            expect(Roster.learnerByIne(state, record.nationalStudentId)?.isDisabled).toBe(true)
        for (const record of b) {
          const learner = Roster.learnerByIne(state, record.nationalStudentId)
          expect(StudentRecord.sameRecord(learner!.record, record)).toBe(true)
          const previous = Roster.learnerByIne(before, record.nationalStudentId)
          if (previous !== undefined) {
            expect(learner!.learnerId).toBe(previous.learnerId)
            expect(learner!.userId).toBe(previous.userId)
          }
        }
      }),
      { numRuns: 150 }
    )
  })
})

describe("the roster state", () => {
  it("evolve never changes the state it is given (old states stay valid)", () => {
    const history = importAll([], R.anImport(R.someStudentRecords(3)))
    const before = fold(RosterDecider.decider, history)
    const snapshot = [...before.learners.values()]
    const after = importAll(history, R.anImport(R.someStudentRecords(1)))
    const later = fold(RosterDecider.decider, importAll(after, link("learner-INE0000001", "u1")))
    expect([...before.learners.values()]).toEqual(snapshot)
    expect(before.byUser.size).toBe(0)
    expect(later.byUser.get(B.userId("u1"))).toBe("learner-INE0000001")
    expect(Roster.activeLearners(later).map((l) => l.learnerId)).toEqual(["learner-INE0000001"])
  })

  it("decide accepts a state held in plain Maps and decides the same", () => {
    const history = importAll(importAll([], R.anImport(R.someStudentRecords(4))), link("learner-INE0000002", "u2"))
    const state = fold(RosterDecider.decider, history)
    const plain: Roster.Roster = {
      learners: new Map([...state.learners].reverse()),
      byIne: new Map(state.byIne),
      byUser: new Map(state.byUser),
      lastImport: state.lastImport
    }
    const command = R.anImport(R.someStudentRecords(2, 3))
    expect(RosterDecider.decide(command, plain)).toEqual(RosterDecider.decide(command, state))
    const folded = Result.getOrThrow(RosterDecider.decide(command, plain)).reduce(RosterDecider.evolve, plain)
    expect(
      [...folded.learners.values()]
        .filter((l) => !l.isDisabled)
        .map((l) => l.learnerId)
        .sort()
    ).toEqual(["learner-INE0000003", "learner-INE0000004"])
    expect(plain.learners.size).toBe(4)
    expect([...plain.learners.values()].every((l) => !l.isDisabled)).toBe(true)
  })

  it("disables absent learners in INE order", () => {
    const history = importAll([], R.anImport(R.someStudentRecords(5)))
    const events = decided(history, R.anImport(R.someStudentRecords(1, 5)))
    expect(events.filter((e) => e._tag === "StudentDisabled").map((e) => e.learnerId)).toEqual([
      "learner-INE0000001",
      "learner-INE0000002",
      "learner-INE0000003",
      "learner-INE0000004"
    ])
  })
})
