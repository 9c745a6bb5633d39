/**
 * The import history of an organization ("Historique des imports"): each SIECLE import, imported with its
 * counts and the students it left out, or refused with its errors, oldest first. A pure projection, one per
 * organization.
 *
 * Every import since `SiecleImportRecorded` records one, an identical file included; older logs have only the
 * roster's `SiecleImportCompleted`, which the history still reads. An import that wrote both gets one entry.
 *
 * @since 0.1.0
 */
import type { Projection } from "../Decider.ts"
import type * as ImportRecord from "../roster/ImportRecord.ts"
import type * as RosterEvent from "../roster/RosterEvent.ts"

/**
 * A refused import as the history reads it (the library records it in the organization's imports stream).
 *
 * @since 0.1.0
 */
export interface ImportRejected {
  readonly _tag: "SiecleImportRejected"
  readonly organizationId: string
  readonly fileName: string
  readonly schoolYear: string | null
  readonly errors: ReadonlyArray<{ readonly code: string; readonly message: string; readonly meta: unknown }>
  readonly errorCounts: { readonly [code: string]: number }
  readonly errorTotal: number
  readonly actorId: string
  readonly occurredAt: string
}

/**
 * What the history folds.
 *
 * @since 0.1.0
 */
export type Event = RosterEvent.SiecleImportCompleted | ImportRejected | ImportRecord.SiecleImportRecorded

/**
 * Pix's import statuses the history shows (§1.6): `UPLOAD_ERROR` for a file refused on upload (over 20 MB),
 * `VALIDATION_ERROR` for a file refused when read, `IMPORTED`.
 *
 * @since 0.1.0
 */
export type Status = "IMPORTED" | "VALIDATION_ERROR" | "UPLOAD_ERROR"

/**
 * One import of the history.
 *
 * @since 0.1.0
 */
export interface Entry {
  readonly fileName: string
  readonly schoolYear: string | null
  readonly status: Status
  readonly actorId: string
  readonly occurredAt: string
  /** `imported`: students added or updated. */
  readonly counts: { readonly imported: number; readonly disabled: number; readonly reenabled: number }
  /** Students left out by reason (zero where the log predates the count). */
  readonly skipped: ImportRecord.SkippedCounts
  /** The first students left out of each reason, as SIECLE gives them. */
  readonly skippedStudents: ReadonlyArray<ImportRecord.SkippedStudent>
  /** The first problems of a refused file (at most 1,000). */
  readonly errors: ImportRejected["errors"]
  /** Every problem of a refused file counted by code. */
  readonly errorCounts: ImportRejected["errorCounts"]
  /** How many problems a refused file had. */
  readonly errorTotal: number
}

const noSkipped: ImportRecord.SkippedCounts = { left: 0, notArrived: 0, noDivision: 0 }

/**
 * The status of a refusal: a file over the upload limit is an `UPLOAD_ERROR`, as Pix records it (§1.1).
 *
 * @category getters
 * @since 0.1.0
 */
export const refusalStatus = (event: Pick<ImportRejected, "errorCounts">): Status =>
  (event.errorCounts.PAYLOAD_TOO_LARGE ?? 0) > 0 ? "UPLOAD_ERROR" : "VALIDATION_ERROR"

/**
 * The entry an event adds.
 *
 * @since 0.1.0
 */
export const entryOf = (event: Event): Entry => {
  switch (event._tag) {
    case "SiecleImportCompleted":
      return {
        fileName: event.fileName,
        schoolYear: event.schoolYear,
        status: "IMPORTED",
        actorId: event.actorId,
        occurredAt: event.occurredAt,
        counts: { imported: event.importedCount, disabled: event.disabledCount, reenabled: event.reenabledCount },
        skipped: noSkipped,
        skippedStudents: [],
        errors: [],
        errorCounts: {},
        errorTotal: 0
      }
    case "SiecleImportRecorded":
      return {
        fileName: event.fileName,
        schoolYear: event.schoolYear,
        status: "IMPORTED",
        actorId: event.actorId,
        occurredAt: event.occurredAt,
        counts: { imported: event.added + event.updated, disabled: event.disabled, reenabled: event.reenabled },
        skipped: event.skipped,
        skippedStudents: event.skippedStudents,
        errors: [],
        errorCounts: {},
        errorTotal: 0
      }
    case "SiecleImportRejected":
      return {
        fileName: event.fileName,
        schoolYear: event.schoolYear,
        status: refusalStatus(event),
        actorId: event.actorId,
        occurredAt: event.occurredAt,
        counts: { imported: 0, disabled: 0, reenabled: 0 },
        skipped: noSkipped,
        skippedStudents: [],
        errors: event.errors,
        errorCounts: event.errorCounts,
        errorTotal: event.errorTotal
      }
  }
}

const sameImport = (entry: Entry | undefined, event: Event): boolean =>
  entry !== undefined &&
  entry.status === "IMPORTED" &&
  entry.fileName === event.fileName &&
  entry.actorId === event.actorId &&
  entry.occurredAt === event.occurredAt

/**
 * The history of one organization. An import that wrote both `SiecleImportCompleted` (roster) and
 * `SiecleImportRecorded` (imports stream), in either order, is one entry: the record's.
 *
 * @since 0.1.0
 */
export const projection: Projection<ReadonlyArray<Entry>, Event> = {
  initialState: [],
  evolve: (entries, event) => {
    const last = entries.at(-1)
    if (event._tag === "SiecleImportCompleted" && sameImport(last, event)) return entries
    if (event._tag === "SiecleImportRecorded" && sameImport(last, event))
      return [...entries.slice(0, -1), entryOf(event)]
    return [...entries, entryOf(event)]
  }
}
