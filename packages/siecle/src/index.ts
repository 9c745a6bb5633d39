/**
 * @orga/siecle: reading SIECLE student exports (XML or zip, ISO-8859-15 or UTF-8) safely and fast, with every
 * problem reported in Pix's codes and words.
 *
 * @since 0.1.0
 */

/**
 * Limits and zip handling (exported for callers that want to show the limits).
 *
 * @since 0.1.0
 */
export * as Container from "./Container.ts"
/**
 * The caps that bound the work of a read (students per file, value and record sizes, references, problems kept).
 *
 * @since 0.1.0
 */
export * as Limits from "./Limits.ts"
/**
 * `read` / `readEffect`: bytes of a SIECLE file → `SiecleFile` or `SiecleImportFailed`.
 *
 * @since 0.1.0
 */
export * as Siecle from "./Siecle.ts"
/**
 * Pix's codes and French messages, and the `SiecleImportFailed` error.
 *
 * @since 0.1.0
 */
export * as SiecleError from "./SiecleError.ts"
/**
 * The shapes most callers name, at the top level.
 *
 * @since 0.1.0
 */
export type { ImportReport, SiecleFile, SkippedStudent, SkipReason } from "./StudentRecord.ts"
/**
 * The record types: `StudentRecord`, `SiecleFile`, `ImportReport`.
 *
 * @since 0.1.0
 */
export * as StudentRecord from "./StudentRecord.ts"

/**
 * The mapping from a read file to the domain's `ImportStudents` command (`toImportCommand`, `toDomainRecord`).
 *
 * @since 0.1.0
 */
export * as ImportCommand from "./toImportCommand.ts"
