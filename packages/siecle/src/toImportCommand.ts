/**
 * The one place where a read SIECLE file becomes the domain's `ImportStudents` command.
 *
 * The reader keeps Pix's reading (a sex code other than 1 or 2 is `null`, which the domain keeps too, any
 * `CODE_STATUT` is kept); the domain's student record is stricter (status `ST`/`AP` or none, birth years 1900-2099, INE of
 * letters and digits, names of at most 255 characters). Every record is checked against the domain's field
 * schemas here, and every record that does not fit is reported, still all at once and in Pix's codes where Pix
 * has one.
 *
 * @since 0.1.0
 */
import {
  DomainError,
  StudentRecord as DomainStudentRecord,
  type Ids,
  type RosterCommand,
  SchoolYear,
  type Timestamp
} from "@orga/domain"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SiecleError from "./SiecleError.ts"
import type { SiecleFile, StudentRecord } from "./StudentRecord.ts"

/**
 * What the command needs beyond the file: who imports for which organization, the fresh learner ids (one per
 * record, aligned), the file name, the time, accounts known by INE, and the school year to use when the file
 * has no valid `ANNEE_SCOLAIRE`.
 *
 * @since 0.1.0
 */
export interface ImportContext {
  readonly organizationId: Ids.OrganizationId
  readonly actorId: Ids.UserId
  readonly newLearnerIds: ReadonlyArray<Ids.LearnerId>
  readonly fileName: string
  readonly now: Timestamp.Timestamp
  readonly knownAccounts?: ReadonlyArray<RosterCommand.KnownAccount>
  readonly schoolYear?: SchoolYear.SchoolYear
}

type DomainKey = keyof typeof DomainStudentRecord.fields

const checks = Object.entries(DomainStudentRecord.fields).map(
  ([key, schema]) => [key as DomainKey, Schema.is(schema as Schema.Top)] as const
)

const problemFor = (key: DomainKey, ine: string): DomainError.InvalidInput => {
  switch (key) {
    case "firstName":
      return SiecleError.studentIssue("FIRST_NAME_REQUIRED", ine)
    case "lastName":
      return SiecleError.studentIssue("LAST_NAME_REQUIRED", ine)
    case "sex":
      return SiecleError.studentIssue("SEX_CODE_REQUIRED", ine)
    case "birthdate":
      return SiecleError.studentIssue("INVALID_BIRTHDATE_FORMAT", ine)
    case "nationalStudentId":
      return new DomainError.InvalidInput({
        code: "INVALID_INE",
        message: `L'INE ${ine} n'est pas valide : il ne doit contenir que des lettres et des chiffres. Corrigez-le dans SIECLE puis importez de nouveau le fichier.`,
        meta: { nationalStudentId: ine }
      })
    default:
      return new DomainError.InvalidInput({
        code: "INVALID_STUDENT_FIELD",
        message: `Le champ ${key} de l’élève ayant pour INE ${ine} n’est pas valide (255 caractères au plus). Corrigez-le dans SIECLE puis importez de nouveau le fichier.`,
        meta: { nationalStudentId: ine, field: key }
      })
  }
}

// C0 and C1 controls, and the bidirectional overrides and isolates: invisible in a name, they would reach the
// learner list, the CSV exports and reconciliation (a student could never type his name).
const invisibleClass = "[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]"
const hasInvisible = new RegExp(invisibleClass)
const invisible = new RegExp(invisibleClass, "g")

/**
 * A text field of a SIECLE record without controls or bidirectional characters: a line break or a tab (a
 * file's formatting) becomes a space, the others are removed, then spaces are collapsed and trimmed. Stripped
 * rather than refused: the school cannot see them in SIECLE, and a name left blank is still refused
 * (`FIRST_NAME_REQUIRED`, ...).
 *
 * @since 0.1.0
 */
export const cleanText = (value: string): string =>
  hasInvisible.test(value)
    ? value
        .replace(/[\t\n\r]/g, " ")
        .replace(invisible, "")
        .replace(/ {2,}/g, " ")
        .trim()
    : value

const cleanNullable = (value: string | null): string | null => (value === null ? null : cleanText(value))

/**
 * A read record in the domain's shape, or the problems that keep it out (one per field, in field order).
 * A `CODE_STATUT` other than `ST` or `AP` becomes `null`, as the domain knows only those two. Names, the
 * birth city and the division lose their control and bidirectional characters (`cleanText`).
 *
 * @since 0.1.0
 */
export const toDomainRecord = (
  record: StudentRecord
): Result.Result<DomainStudentRecord.StudentRecord, ReadonlyArray<DomainError.InvalidInput>> => {
  const candidate: Record<DomainKey, unknown> = {
    ...record,
    lastName: cleanText(record.lastName),
    preferredLastName: cleanNullable(record.preferredLastName),
    firstName: cleanText(record.firstName),
    middleName: cleanNullable(record.middleName),
    thirdName: cleanNullable(record.thirdName),
    birthCity: cleanNullable(record.birthCity),
    division: cleanText(record.division),
    status: record.status === "ST" || record.status === "AP" ? record.status : null
  }
  const problems = checks
    .filter(([key, is]) => !is(candidate[key]))
    .map(([key]) => problemFor(key, record.nationalStudentId))
  return problems.length > 0
    ? Result.fail(problems)
    : Result.succeed(DomainStudentRecord.pick(candidate as DomainStudentRecord.StudentRecord))
}

/**
 * The domain's `ImportStudents` command for an accepted file, or every problem that keeps it out of the domain.
 *
 * @since 0.1.0
 */
export const toImportCommand = (
  file: SiecleFile,
  context: ImportContext
): Result.Result<RosterCommand.ImportStudents, SiecleError.SiecleImportFailed> => {
  const records: Array<DomainStudentRecord.StudentRecord> = []
  // Capped like the reader's own report: the first problems kept, all counted.
  const problems = new SiecleError.ErrorReport()
  for (const record of file.students) {
    const mapped = toDomainRecord(record)
    if (Result.isSuccess(mapped)) records.push(mapped.success)
    else for (const problem of mapped.failure) problems.add(problem.code, () => problem)
  }
  const fromFile = file.schoolYear === null ? undefined : file.schoolYear.trim()
  const schoolYear =
    fromFile !== undefined && Schema.is(SchoolYear.SchoolYear)(fromFile) ? fromFile : context.schoolYear
  if (schoolYear === undefined) {
    const problem = new DomainError.InvalidInput({
      code: "INVALID_SCHOOL_YEAR",
      message:
        "L'année scolaire du fichier SIECLE (ANNEE_SCOLAIRE) est absente ou invalide. Exportez de nouveau le fichier depuis SIECLE.",
      meta: { schoolYear: file.schoolYear ?? "" }
    })
    problems.add(problem.code, () => problem)
  }
  if (problems.total > 0 || schoolYear === undefined) return Result.fail(problems.failure())
  return Result.succeed({
    _tag: "ImportStudents",
    organizationId: context.organizationId,
    actorId: context.actorId,
    records,
    newLearnerIds: context.newLearnerIds,
    ...(context.knownAccounts === undefined ? {} : { knownAccounts: context.knownAccounts }),
    schoolYear,
    fileName: context.fileName,
    now: context.now
  })
}
