/**
 * Personal data marking. Learners are minors: their names, birthdate, INE, birth place and the e-mail of
 * anyone are personal data. Every schema that holds such a value carries the annotation
 * `personalData: true`, so the erasure work (per-learner keys, or an erasable side store) can find the
 * fields to protect from the schemas alone instead of a hand-kept list that drifts.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/**
 * The annotation key that marks a schema (or a struct field) as personal data.
 *
 * @since 0.1.0
 */
export const annotationKey = "personalData"

/**
 * The annotation object to pass to `.annotate(...)`: `Schema.String.annotate(PersonalData.annotation)`.
 *
 * @since 0.1.0
 */
export const annotation = { [annotationKey]: true } as const

/**
 * Marks a schema as personal data (keeps its type).
 *
 * @since 0.1.0
 */
export const mark = <S extends Schema.Top>(schema: S): S["Rebuild"] => schema.annotate(annotation)

/**
 * Whether a schema carries the personal data annotation.
 *
 * @since 0.1.0
 */
export const isPersonal = (schema: Schema.Top): boolean => isPersonalAst(schema.ast)

// An explicit annotation wins (so `personalData: false` can overrule a member); otherwise a union (such
// as `NullOr(Ine)`) is personal when one of its members is.
const isPersonalAst = (ast: SchemaAST.AST): boolean => {
  const own = SchemaAST.resolve(ast)?.[annotationKey]
  if (typeof own === "boolean") return own
  return SchemaAST.isUnion(ast) ? ast.types.some(isPersonalAst) : false
}

/**
 * The names of the personal fields of a struct schema (an event, a command, a record), in declaration order.
 *
 * @since 0.1.0
 */
export const personalFields = (schema: {
  readonly fields: Readonly<Record<string, Schema.Top>>
}): ReadonlyArray<string> =>
  Object.entries(schema.fields)
    .filter(([, field]) => isPersonal(field))
    .map(([name]) => name)
