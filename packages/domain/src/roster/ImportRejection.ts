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
 * Version 2 (the reader's capped report, ADR 0031): `errors` holds the first problems (at most 1,000),
 * `errorCounts` counts every problem by code and `errorTotal` counts them all. Version 1 held every problem
 * and no counts: `upcastV1` computes the counts from its list, which was complete.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SiecleImportRejected = Schema.TaggedStruct("SiecleImportRejected", {
  organizationId: Schema.String,
  fileName: Schema.String,
  schoolYear: Schema.NullOr(Schema.String),
  // Personal as a whole: the problems' messages name students too (codes and counts stay in clear below).
  errors: PersonalData.mark(
    Schema.Array(
      Schema.Struct({ code: Schema.String, message: Schema.String, meta: PersonalData.mark(Schema.Unknown) })
    )
  ),
  errorCounts: Schema.Record(Schema.String, Schema.Number),
  errorTotal: Schema.Number,
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

/**
 * The current stored version of `SiecleImportRejected`.
 *
 * @category models
 * @since 0.1.0
 */
export const version = 2

/**
 * Version 1 of the stored data: every problem, no counts.
 *
 * @category models
 * @since 0.1.0
 */
export interface StoredV1 {
  readonly errors: ReadonlyArray<{ readonly code: string }>
  readonly [key: string]: unknown
}

/**
 * Brings version 1 data to version 2: the counts by code and the total, from the complete list it held. Data that
 * already has its counts (version 2) is returned unchanged, so the step also serves where the version is unknown.
 *
 * @category constructors
 * @since 0.1.0
 */
export const upcastV1 = (data: StoredV1): Record<string, unknown> => {
  if ("errorCounts" in data && "errorTotal" in data) return data
  const errorCounts: Record<string, number> = {}
  for (const error of data.errors) errorCounts[error.code] = (errorCounts[error.code] ?? 0) + 1
  return { ...data, errorCounts, errorTotal: data.errors.length }
}
