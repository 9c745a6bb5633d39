/**
 * Commands of the roster: import a validated SIECLE file, link and unlink accounts. The caller checks
 * beforehand that the actor may import (`Policy.canImportStudents` on the organization's state, which
 * lives in another stream) and gives the fresh learner ids and the time.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Birthdate from "../values/Birthdate.ts"
import * as Ids from "../values/Ids.ts"
import * as Ine from "../values/Ine.ts"
import * as SchoolYear from "../values/SchoolYear.ts"
import * as Timestamp from "../values/Timestamp.ts"
import * as StudentRecord from "./StudentRecord.ts"

/**
 * An account already linked to a learner with this INE somewhere (the most recent reconciled learner with
 * the INE, in any organization, as Pix's `findReconciledStudentsByNationalStudentId` gives it).
 *
 * @since 0.1.0
 */
export const KnownAccount = Schema.Struct({
  nationalStudentId: Ine.Ine,
  userId: Ids.UserId,
  organizationId: Ids.OrganizationId,
  birthdate: Birthdate.Birthdate
})
/** @since 0.1.0 */
export type KnownAccount = typeof KnownAccount.Type

/**
 * Import the records of a validated SIECLE file. `newLearnerIds` is aligned with `records`: the id at
 * position i names record i's learner if its INE is new to the roster, and is ignored otherwise (the
 * caller draws one fresh id per record). `knownAccounts` (optional) carries accounts over by INE (§1.7).
 *
 * @since 0.1.0
 */
export const ImportStudents = Schema.TaggedStruct("ImportStudents", {
  organizationId: Ids.OrganizationId,
  actorId: Ids.UserId,
  records: Schema.Array(StudentRecord.StudentRecord),
  newLearnerIds: Schema.Array(Ids.LearnerId),
  knownAccounts: Schema.optionalKey(Schema.Array(KnownAccount)),
  schoolYear: SchoolYear.SchoolYear,
  fileName: Schema.String,
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type ImportStudents = typeof ImportStudents.Type

/**
 * Link a Pix account to a learner (after reconciliation matched them).
 *
 * @since 0.1.0
 */
export const LinkStudentAccount = Schema.TaggedStruct("LinkStudentAccount", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  userId: Ids.UserId,
  actorId: Schema.NullOr(Ids.UserId),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type LinkStudentAccount = typeof LinkStudentAccount.Type

/**
 * Remove a learner's account link.
 *
 * @since 0.1.0
 */
export const UnlinkStudentAccount = Schema.TaggedStruct("UnlinkStudentAccount", {
  organizationId: Ids.OrganizationId,
  learnerId: Ids.LearnerId,
  actorId: Schema.NullOr(Ids.UserId),
  now: Timestamp.Timestamp
})
/** @since 0.1.0 */
export type UnlinkStudentAccount = typeof UnlinkStudentAccount.Type

/**
 * Any command of the roster decider.
 *
 * @since 0.1.0
 */
export const RosterCommand = Schema.Union([ImportStudents, LinkStudentAccount, UnlinkStudentAccount])
/** @since 0.1.0 */
export type RosterCommand = typeof RosterCommand.Type
