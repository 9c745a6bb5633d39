import { Ids, Roster, RosterCommand, RosterDecider, Timestamp } from "@orga/domain"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ImportCommand, Siecle } from "../src/index.ts"
import { generateFile } from "../src/testing/index.ts"
import { accepted, documentOf, readDocument, UAI, validStudent } from "./helpers.ts"

const context = (count: number) => ({
  organizationId: Schema.decodeUnknownSync(Ids.OrganizationId)("org-1"),
  actorId: Schema.decodeUnknownSync(Ids.UserId)("admin-1"),
  newLearnerIds: Array.from({ length: count }, (_, index) =>
    Schema.decodeUnknownSync(Ids.LearnerId)(`learner-${index}`)
  ),
  fileName: "ElevesSansAdresses.zip",
  now: Schema.decodeUnknownSync(Timestamp.Timestamp)("2025-09-15T08:00:00Z")
})

describe("toImportCommand", () => {
  it("turns a generated school into an ImportStudents command the roster decider accepts", () => {
    const generated = generateFile({ seed: 42, students: 120, uai: UAI })
    const file = accepted(Siecle.read(generated.bytes, { uai: UAI }))
    const command = ImportCommand.toImportCommand(file, context(file.students.length))
    if (Result.isFailure(command)) return expect.fail(command.failure.errors.map((error) => error.code).join(", "))
    expect(Schema.is(RosterCommand.ImportStudents)(command.success)).toBe(true)
    expect(command.success.schoolYear).toBe("2025")
    expect(command.success.records.map((record) => record.nationalStudentId)).toEqual(
      file.students.map((student) => student.nationalStudentId)
    )
    const decision = RosterDecider.decide(command.success, Roster.initial)
    expect(Result.isSuccess(decision)).toBe(true)
    if (Result.isSuccess(decision)) {
      expect(decision.success.filter((event) => event._tag === "StudentImported")).toHaveLength(file.students.length)
    }
  })

  it("reports records the domain cannot hold: INE with punctuation, year before 1900", () => {
    const file = accepted(
      readDocument(
        documentOf([
          ["1", validStudent("1234567890A", { CODE_SEXE: "3" })],
          ["2", validStudent("12345-678", { DATE_NAISS: "01/01/1850" })],
          ["3", validStudent("1234567892C", { CODE_STATUT: "XX" })]
        ])
      )
    )
    const command = ImportCommand.toImportCommand(file, context(3))
    expect(Result.isFailure(command) && command.failure.errors.map(({ code, meta }) => ({ code, meta }))).toEqual([
      { code: "INVALID_INE", meta: { nationalStudentId: "12345-678" } },
      { code: "INVALID_BIRTHDATE_FORMAT", meta: { nationalStudentId: "12345-678" } }
    ])
  })

  it("keeps a sex code other than 1 or 2 as no sex, without SEX_CODE_REQUIRED (Pix's reading, §1.5)", () => {
    for (const code of ["3", "9", "X"]) {
      const file = accepted(readDocument(documentOf([["1", validStudent("1234567890A", { CODE_SEXE: code })]])))
      const command = ImportCommand.toImportCommand(file, context(1))
      if (Result.isFailure(command)) return expect.fail(command.failure.errors.map((error) => error.message).join())
      expect(command.success.records[0]?.sex).toBeNull()
    }
  })

  it("maps an unknown CODE_STATUT to null", () => {
    const file = accepted(readDocument(documentOf([["1", validStudent("1234567890A", { CODE_STATUT: "XX" })]])))
    const record = ImportCommand.toDomainRecord(file.students[0] ?? expect.fail("no student"))
    expect(Result.isSuccess(record) && record.success.status).toBeNull()
  })

  it("strips control and bidirectional characters from names and divisions; a name left blank is refused", () => {
    const file = accepted(readDocument(documentOf([["1", validStudent("1234567890A")]])))
    const read = file.students[0] ?? expect.fail("no student")
    const record = ImportCommand.toDomainRecord({
      ...read,
      firstName: "L\u0000éa\u001b[31m",
      lastName: "Mar\u202etin\nDupont",
      middleName: "\u2066Anne\u2069",
      division: "3\u0085A"
    })
    expect(Result.isSuccess(record) && record.success).toMatchObject({
      firstName: "Léa[31m",
      lastName: "Martin Dupont",
      middleName: "Anne",
      division: "3A"
    })
    const blank = ImportCommand.toDomainRecord({ ...read, firstName: "\u202e\u0000" })
    expect(Result.isFailure(blank) && blank.failure.map((problem) => problem.code)).toEqual(["FIRST_NAME_REQUIRED"])
  })

  it("leaves no control or bidirectional character in any text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => {
        expect(ImportCommand.cleanText(text)).not.toMatch(
          /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
        )
      })
    )
  })

  it("uses the caller's school year when the file has none, and says so when neither has one", () => {
    const file = accepted(
      readDocument(documentOf([["1", validStudent("1234567890A")]], undefined, { schoolYear: undefined }))
    )
    const refused = ImportCommand.toImportCommand(file, context(1))
    expect(Result.isFailure(refused) && refused.failure.errors.map((error) => error.code)).toEqual([
      "INVALID_SCHOOL_YEAR"
    ])
    const withYear = ImportCommand.toImportCommand(file, {
      ...context(1),
      schoolYear: Schema.decodeUnknownSync(RosterCommand.ImportStudents.fields.schoolYear)("2025")
    })
    expect(Result.isSuccess(withYear) && withYear.success.schoolYear).toBe("2025")
  })
})
