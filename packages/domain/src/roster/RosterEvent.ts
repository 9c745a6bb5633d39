/**
 * Events of the `roster-<organizationId>` stream: the learners an import brings, disables and re-enables,
 * and the links between learners and Pix accounts. One SIECLE import is one atomic append of its events.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Ids from "../values/Ids.ts"
import * as SchoolYear from "../values/SchoolYear.ts"
import * as Timestamp from "../values/Timestamp.ts"
import * as StudentRecord from "./StudentRecord.ts"

/**
 * A learner was imported: created (new INE) or updated (changed record), with the full record.
 * Tag fixed by the product brief.
 *
 * @since 0.1.0
 */
export const StudentImported = Schema.TaggedStruct("StudentImported", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  ...StudentRecord.fields,
  schoolYear: SchoolYear.SchoolYear,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type StudentImported = typeof StudentImported.Type

/**
 * A learner absent from the latest import was disabled (kept, not deleted; cannot be linked or join
 * a campaign).
 *
 * @since 0.1.0
 */
export const StudentDisabled = Schema.TaggedStruct("StudentDisabled", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type StudentDisabled = typeof StudentDisabled.Type

/**
 * A disabled learner came back in an import and is active again (with their account link, if any).
 *
 * @since 0.1.0
 */
export const StudentReenabled = Schema.TaggedStruct("StudentReenabled", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type StudentReenabled = typeof StudentReenabled.Type

/**
 * A Pix account was linked to a learner (reconciliation, "rattachement").
 *
 * @since 0.1.0
 */
export const StudentAccountLinked = Schema.TaggedStruct("StudentAccountLinked", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  userId: Ids.UserId,
  actorId: Schema.NullOr(Ids.UserId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type StudentAccountLinked = typeof StudentAccountLinked.Type

/**
 * A learner's account link was removed (Pix Admin's dissociation).
 *
 * @since 0.1.0
 */
export const StudentAccountUnlinked = Schema.TaggedStruct("StudentAccountUnlinked", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  userId: Ids.UserId,
  actorId: Schema.NullOr(Ids.UserId),
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type StudentAccountUnlinked = typeof StudentAccountUnlinked.Type

/**
 * A SIECLE import changed the roster: the file, its school year (DECISIONS 2), who imported it and the
 * counts. Closes the import's append; absent when the import changed nothing.
 *
 * @since 0.1.0
 */
export const SiecleImportCompleted = Schema.TaggedStruct("SiecleImportCompleted", {
  organizationId: Ids.OrganizationId,
  schoolYear: SchoolYear.SchoolYear,
  fileName: Schema.String,
  importedCount: Schema.Int,
  disabledCount: Schema.Int,
  reenabledCount: Schema.Int,
  linkedCount: Schema.Int,
  actorId: Ids.UserId,
  occurredAt: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type SiecleImportCompleted = typeof SiecleImportCompleted.Type

/**
 * Any event of the roster stream.
 *
 * @since 0.1.0
 */
export const RosterEvent = Schema.Union([
  StudentImported,
  StudentDisabled,
  StudentReenabled,
  StudentAccountLinked,
  StudentAccountUnlinked,
  SiecleImportCompleted
])
/** @since 0.1.0 */
export type RosterEvent = typeof RosterEvent.Type

/**
 * Every tag of the roster stream.
 *
 * @since 0.1.0
 */
export const tags = [
  "StudentImported",
  "StudentDisabled",
  "StudentReenabled",
  "StudentAccountLinked",
  "StudentAccountUnlinked",
  "SiecleImportCompleted"
] as const satisfies ReadonlyArray<RosterEvent["_tag"]>
