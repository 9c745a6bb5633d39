/**
 * Builders for roster tests: a valid student record with readable defaults, import commands.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Command from "../roster/RosterCommand.ts"
import * as StudentRecord from "../roster/StudentRecord.ts"
import * as Ids from "../values/Ids.ts"
import * as SchoolYear from "../values/SchoolYear.ts"
import { organizationId, timestamp, userId } from "./OrganizationBuilders.ts"

/** @since 0.1.0 */
export const learnerId = (id = "learner-1") => Schema.decodeSync(Ids.LearnerId)(id)
/** @since 0.1.0 */
export const schoolYear = (year = "2026") => Schema.decodeSync(SchoolYear.SchoolYear)(year)

/**
 * The input of a student record (plain strings), every field overridable.
 *
 * @since 0.1.0
 */
export type StudentRecordInput = typeof StudentRecord.StudentRecord.Encoded

/**
 * A valid student record: Léa Martin, born in Bordeaux, class 3E1. Throws on an invalid override (test
 * support only).
 *
 * @since 0.1.0
 */
export const aStudentRecord = (overrides: Partial<StudentRecordInput> = {}): StudentRecord.StudentRecord =>
  Schema.decodeUnknownSync(StudentRecord.StudentRecord)({
    nationalStudentId: "123456789AB",
    firstName: "Léa",
    middleName: "Marie",
    thirdName: null,
    lastName: "Martin",
    preferredLastName: "",
    sex: "F",
    birthdate: "2012-05-14",
    birthCountryCode: "100",
    birthProvinceCode: "033",
    birthCityCode: "33063",
    birthCity: null,
    MEFCode: "10310019110",
    status: "ST",
    division: "3E1",
    ...overrides
  })

/**
 * `count` distinct records with INEs `INE0000001`, `INE0000002`, ...
 *
 * @since 0.1.0
 */
export const someStudentRecords = (count: number, from = 1): ReadonlyArray<StudentRecord.StudentRecord> =>
  Array.from({ length: count }, (_, i) =>
    aStudentRecord({ nationalStudentId: `INE${String(from + i).padStart(7, "0")}`, firstName: `Élève${from + i}` })
  )

/**
 * An `ImportStudents` command by `admin`, with a fresh learner id per record (`learner-<INE>`).
 *
 * @since 0.1.0
 */
export const anImport = (
  records: ReadonlyArray<StudentRecord.StudentRecord>,
  overrides: Partial<Command.ImportStudents> = {}
): Command.ImportStudents =>
  Command.ImportStudents.make({
    organizationId: organizationId(),
    actorId: userId("admin"),
    records,
    newLearnerIds: records.map((r) => learnerId(`learner-${r.nationalStudentId}`)),
    schoolYear: schoolYear(),
    fileName: "ENT_0751234A_ELEVES.zip",
    now: timestamp(),
    ...overrides
  })
