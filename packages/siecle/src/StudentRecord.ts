/**
 * A student as read from SIECLE, and the file that holds them.
 *
 * Field names follow Pix's organization learner (`nationalStudentId`, `preferredLastName`, `MEFCode`, ...), so
 * people who know Pix recognise them. Absent XML elements are `null`; present but empty ones are `""`, as in Pix.
 * Students are minors: every field but `status`, `MEFCode` and `division` is personal data (see
 * `personalFields`).
 *
 * @since 0.1.0
 */

/**
 * Sex as Pix stores it: SIECLE's `CODE_SEXE` 1 → `M`, 2 → `F`, anything else → `null`.
 *
 * @since 0.1.0
 */
export type Sex = "M" | "F"

/**
 * One importable student of a SIECLE file.
 *
 * @since 0.1.0
 */
export interface StudentRecord {
  /** INE (`ID_NATIONAL`), the student's key inside the organization. Personal. */
  readonly nationalStudentId: string
  /** `NOM_DE_FAMILLE`. Personal. */
  readonly lastName: string
  /** `NOM_USAGE` (may be `""`). Personal. */
  readonly preferredLastName: string | null
  /** `PRENOM`. Personal. */
  readonly firstName: string
  /** `PRENOM2`. Personal. */
  readonly middleName: string | null
  /** `PRENOM3`. Personal. */
  readonly thirdName: string | null
  /** `CODE_SEXE`. Personal. */
  readonly sex: Sex | null
  /** `DATE_NAISS` as `YYYY-MM-DD`. Personal. */
  readonly birthdate: string
  /** `CODE_PAYS` (France = `100`). Personal. */
  readonly birthCountryCode: string | null
  /** `CODE_DEPARTEMENT_NAISS`, e.g. `033`. Personal. */
  readonly birthProvinceCode: string | null
  /** `CODE_COMMUNE_INSEE_NAISS`, e.g. `33318`. Personal. */
  readonly birthCityCode: string | null
  /** `VILLE_NAISS` (students born abroad). Personal. */
  readonly birthCity: string | null
  /** `CODE_MEF`: the student's formation (level and track). */
  readonly MEFCode: string | null
  /** `CODE_STATUT`: `ST` (student) or `AP` (apprentice). */
  readonly status: string | null
  /** `CODE_STRUCTURE` of the last `D` structure read (the class), never `Inactifs`. */
  readonly division: string
}

/**
 * The fields of a `StudentRecord` that are personal data (to encrypt, erase, keep out of logs).
 *
 * @since 0.1.0
 */
export const personalFields: ReadonlyArray<keyof StudentRecord> = [
  "nationalStudentId",
  "lastName",
  "preferredLastName",
  "firstName",
  "middleName",
  "thirdName",
  "sex",
  "birthdate",
  "birthCountryCode",
  "birthProvinceCode",
  "birthCityCode",
  "birthCity"
]

/**
 * What the reader did with the `ELEVE` elements of a file: how many it read, kept, and left out silently, by
 * reason. `read = importable + left + notArrived + noDivision` when the file is accepted.
 *
 * @since 0.1.0
 */
export interface ImportReport {
  /** `ELEVE` elements read. */
  readonly read: number
  /** Students returned as records. */
  readonly importable: number
  readonly skipped: {
    /** `DATE_SORTIE` present: the student has left the school. */
    readonly left: number
    /** `ID_NATIONAL` absent: the student has not arrived yet. */
    readonly notArrived: number
    /** No `D` structure other than `Inactifs` (none, only groups, or only `Inactifs`). */
    readonly noDivision: number
  }
  /** `STRUCTURES_ELEVE` elements ignored because their `ELEVE_ID` names no importable student read before. */
  readonly structuresIgnored: number
  /**
   * The students left out, for the people who import ("a new student does not appear"): the first
   * `maxReportedErrors` of each reason (the counts above are exact), the leavers and the not-yet-arrived in file
   * order, then those with no division in file order.
   */
  readonly skippedStudents: ReadonlyArray<SkippedStudent>
}

/**
 * Why a student of the file is not imported: `LEFT` (`DATE_SORTIE` present), `NO_INE` (no `ID_NATIONAL`: not
 * arrived yet), `NO_DIVISION` (no `D` structure other than `Inactifs`).
 *
 * @category models
 * @since 0.1.0
 */
export type SkipReason = "LEFT" | "NO_INE" | "NO_DIVISION"

/**
 * A student left out of the import, as SIECLE gives him: names, INE when there is one, the class (the last `D`
 * structure, `Inactifs` included: a student with only `Inactifs` shows it), and the leaving date.
 *
 * @category models
 * @since 0.1.0
 */
export interface SkippedStudent {
  readonly reason: SkipReason
  readonly nationalStudentId: string | null
  readonly lastName: string
  readonly firstName: string
  /** The last `D` structure read for the student (`null`: none). */
  readonly division: string | null
  /** `DATE_SORTIE` as `YYYY-MM-DD` (as written when it is not a `DD/MM/YYYY` date); `null` unless `LEFT`. */
  readonly leftOn: string | null
}

/**
 * An accepted SIECLE file: the school, the school year it is for, its importable students in file order, and
 * the report of what was read.
 *
 * @since 0.1.0
 */
export interface SiecleFile {
  /** `PARAMETRES/UAJ`, equal to the organization's UAI. */
  readonly uai: string
  /** `PARAMETRES/ANNEE_SCOLAIRE` as written (e.g. `2025` for 2025-2026); recorded, not validated. */
  readonly schoolYear: string | null
  /** The declared encoding the file was decoded with. */
  readonly encoding: string
  readonly students: ReadonlyArray<StudentRecord>
  readonly report: ImportReport
}
