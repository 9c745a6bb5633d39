/**
 * The import history of an organization ("Historique des imports"): each SIECLE import, imported with its
 * counts or refused with its errors, oldest first. A pure projection, one per organization.
 *
 * @since 0.1.0
 */
import type { Projection } from "../Decider.ts"
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
export type Event = RosterEvent.SiecleImportCompleted | ImportRejected

/**
 * One import of the history.
 *
 * @since 0.1.0
 */
export interface Entry {
  readonly fileName: string
  readonly schoolYear: string | null
  readonly status: "IMPORTED" | "VALIDATION_ERROR"
  readonly actorId: string
  readonly occurredAt: string
  readonly counts: { readonly imported: number; readonly disabled: number; readonly reenabled: number }
  /** The first problems of a refused file (at most 1,000). */
  readonly errors: ImportRejected["errors"]
  /** Every problem of a refused file counted by code. */
  readonly errorCounts: ImportRejected["errorCounts"]
  /** How many problems a refused file had. */
  readonly errorTotal: number
}

/**
 * The entry an event adds.
 *
 * @since 0.1.0
 */
export const entryOf = (event: Event): Entry =>
  event._tag === "SiecleImportCompleted"
    ? {
        fileName: event.fileName,
        schoolYear: event.schoolYear,
        status: "IMPORTED",
        actorId: event.actorId,
        occurredAt: event.occurredAt,
        counts: { imported: event.importedCount, disabled: event.disabledCount, reenabled: event.reenabledCount },
        errors: [],
        errorCounts: {},
        errorTotal: 0
      }
    : {
        fileName: event.fileName,
        schoolYear: event.schoolYear,
        status: "VALIDATION_ERROR",
        actorId: event.actorId,
        occurredAt: event.occurredAt,
        counts: { imported: 0, disabled: 0, reenabled: 0 },
        errors: event.errors,
        errorCounts: event.errorCounts,
        errorTotal: event.errorTotal
      }

/**
 * The history of one organization.
 *
 * @since 0.1.0
 */
export const projection: Projection<ReadonlyArray<Entry>, Event> = {
  initialState: [],
  evolve: (entries, event) => [...entries, entryOf(event)]
}
