/**
 * A refused SIECLE import, kept for the import history on `siecle-imports-<organizationId>`: the file's problems
 * are recorded, nothing of the file reaches the roster.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as PersonalData from "../values/PersonalData.ts"

/**
 * A SIECLE file was refused; its problems are kept for the import history (their `meta` holds INEs).
 *
 * @category schemas
 * @since 0.1.0
 */
export const SiecleImportRejected = Schema.TaggedStruct("SiecleImportRejected", {
  organizationId: Schema.String,
  fileName: Schema.String,
  schoolYear: Schema.NullOr(Schema.String),
  errors: Schema.Array(
    Schema.Struct({ code: Schema.String, message: Schema.String, meta: PersonalData.mark(Schema.Unknown) })
  ),
  actorId: Schema.String,
  occurredAt: Schema.String
})

/** @since 0.1.0 */
export type SiecleImportRejected = typeof SiecleImportRejected.Type

/**
 * The stream of an organization's refused imports (appended with any version: refusals never conflict).
 *
 * @category getters
 * @since 0.1.0
 */
export const streamName = (organizationId: string): string => `siecle-imports-${organizationId}`
