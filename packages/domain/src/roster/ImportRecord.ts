/**
 * An accepted SIECLE import, kept for the import history on `siecle-imports-<organizationId>` beside the
 * refusals: every import gets one, a file identical to the roster included (it appends no roster event, but
 * the school sees the new date and who imported, as in Pix).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as PersonalData from "../values/PersonalData.ts"

/**
 * A student of the file left out of the import, as SIECLE gives him (names, INE when there is one, class,
 * leaving date): `LEFT` (left the school on `leftOn`), `NO_INE` (not arrived yet), `NO_DIVISION` (no class, or
 * only `Inactifs`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SkippedStudent = Schema.Struct({
  reason: Schema.Literals(["LEFT", "NO_INE", "NO_DIVISION"]),
  nationalStudentId: Schema.NullOr(Schema.String),
  lastName: Schema.String,
  firstName: Schema.String,
  division: Schema.NullOr(Schema.String),
  leftOn: Schema.NullOr(Schema.String)
})

/** @since 0.1.0 */
export type SkippedStudent = typeof SkippedStudent.Type

/**
 * How many students of the file were left out, by reason (exact, whatever the list keeps).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SkippedCounts = Schema.Struct({
  left: Schema.Int,
  notArrived: Schema.Int,
  noDivision: Schema.Int
})

/** @since 0.1.0 */
export type SkippedCounts = typeof SkippedCounts.Type

/**
 * A SIECLE file was imported: its counts, and the students it left out (the first 1,000 of each reason; their
 * names are personal data).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SiecleImportRecorded = Schema.TaggedStruct("SiecleImportRecorded", {
  organizationId: Schema.String,
  fileName: Schema.String,
  schoolYear: Schema.String,
  studentsInFile: Schema.Int,
  added: Schema.Int,
  updated: Schema.Int,
  disabled: Schema.Int,
  reenabled: Schema.Int,
  unchanged: Schema.Int,
  skipped: SkippedCounts,
  skippedStudents: PersonalData.mark(Schema.Array(SkippedStudent)),
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type SiecleImportRecorded = typeof SiecleImportRecorded.Type
