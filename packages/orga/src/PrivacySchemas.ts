/**
 * The schemas of the personal-data views (`Privacy`) that apps send out as they are (the HTTP back office's
 * responses, the command line's `--json`): one definition each, checked against the views at compile time, as
 * `ViewSchemas` does for the others.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Privacy from "./Privacy.ts"

/**
 * An erasure done: the subject whose key was destroyed, and when.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Erased = Schema.Struct({ subject: Schema.String, erasedAt: Schema.String })

/**
 * Everything held about one person, decrypted (a right-of-access request): the read models' view of them and
 * every event of the log about them.
 *
 * @category schemas
 * @since 0.1.0
 */
export const DataExport = Schema.Struct({
  subject: Schema.String,
  readModels: Schema.Record(Schema.String, Schema.Unknown),
  events: Schema.Array(
    Schema.Struct({
      type: Schema.String,
      streamId: Schema.String,
      position: Schema.String,
      recordedAt: Schema.String,
      data: Schema.Unknown
    })
  )
})

/**
 * What the retention rule erased (or, in a dry run, would erase), with the limits it applied.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RetentionOutcome = Schema.Struct({
  limits: Schema.Struct({ disabledSchoolYears: Schema.Number, inactiveDays: Schema.Number }),
  learners: Schema.Array(Schema.Struct({ organizationId: Schema.String, learnerId: Schema.String })),
  users: Schema.Array(Schema.String),
  dryRun: Schema.Boolean
})

// Each schema's type is its view's, both ways: a view that changes without its schema does not type-check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameAsViews: readonly [
  Same<typeof Erased.Type, Privacy.Erased>,
  Same<typeof DataExport.Type, Privacy.DataExport>,
  Same<typeof RetentionOutcome.Type, Privacy.RetentionOutcome>
] = [true, true, true]
void sameAsViews
