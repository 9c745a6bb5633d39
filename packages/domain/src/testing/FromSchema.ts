/**
 * fast-check arbitraries derived from effect schemas. effect 4 derives generators from a schema with its
 * own engine (`effect/Arbitrary`); this bridge lets fast-check draw the seed and effect build the value,
 * so every arbitrary of a command or event follows its schema (patterns, brands, literals) by
 * construction. Shrinking works on the seed only (values do not shrink structurally).
 *
 * @since 0.1.0
 */
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as fc from "fast-check"

/**
 * The fast-check arbitrary of a schema's decoded type.
 *
 * @since 0.1.0
 */
export const fromSchema = <S extends Schema.Constraint>(schema: S, size = 6): fc.Arbitrary<S["Type"]> => {
  const derived = Arbitrary.schema(schema)
  return fc.integer().map((seed) => {
    const values = Effect.runSync(Arbitrary.sampleEffect(derived, { count: 1, seed, size }))
    return values[0] as S["Type"]
  })
}
