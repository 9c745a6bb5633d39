/**
 * The CLI's own failures. They carry the tags of `ExitCode.table` (a file the CLI cannot read is `FileError`,
 * an operation reserved to the back office is `Forbidden`), so every failure goes through the same table.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A file or folder named on the command line cannot be read or written.
 *
 * @category errors
 * @since 0.1.0
 */
export class FileError extends Schema.TaggedError<FileError>()("FileError", {
  path: Schema.String,
  message: Schema.String
}) {}

/**
 * An operation of the back office asked by someone who is not a back-office identity (`ORGA_PIX_ADMINS`).
 *
 * @category errors
 * @since 0.1.0
 */
export class BackOfficeOnly extends Schema.TaggedError<BackOfficeOnly>()("Forbidden", {
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * A value given on the command line that the CLI itself refuses (before the library sees it).
 *
 * @category errors
 * @since 0.1.0
 */
export class BadArgument extends Schema.TaggedError<BadArgument>()("InvalidInput", {
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * Two answers that should be equal and are not (`verify`).
 *
 * @category errors
 * @since 0.1.0
 */
export class Mismatch extends Schema.TaggedError<Mismatch>()("Conflict", {
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * The store cannot be opened before the library is reached (the SQLite file's folder cannot be made).
 *
 * @category errors
 * @since 0.1.0
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("EventStoreError", {
  message: Schema.String
}) {}

/**
 * A command that cannot run inside `orga batch`, whose store stays open from line to line (`restore` replaces
 * the SQLite file under it).
 *
 * @category errors
 * @since 0.1.0
 */
export class NotInBatch extends Schema.TaggedError<NotInBatch>()("Conflict", {
  code: Schema.String,
  message: Schema.String
}) {}
