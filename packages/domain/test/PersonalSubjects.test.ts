/**
 * The rules crypto-shredding seals events by are the schemas' own `personalData` annotations: every stored type
 * with a personal field has a rule naming exactly those fields, and the erased values of a rule are values its
 * schema accepts (an erased event still decodes).
 */
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { PersonalData, PersonalSubjects, StoredEvent } from "../src/index.ts"
import { fromSchema } from "../src/testing/FromSchema.ts"

const members = new Map<
  string,
  { readonly schema: Schema.Top; readonly fields: Readonly<Record<string, Schema.Top>> }
>()
const walk = (ast: SchemaAST.AST) => {
  if (SchemaAST.isUnion(ast)) for (const member of ast.types) walk(member)
  else if (SchemaAST.isObjects(ast)) {
    const tag = ast.propertySignatures.find((property) => property.name === "_tag")?.type
    if (tag !== undefined && SchemaAST.isLiteral(tag)) {
      const fields = Object.fromEntries(
        ast.propertySignatures.map((property) => [String(property.name), Schema.make(property.type)])
      )
      members.set(String(tag.literal), { schema: Schema.make(ast) as Schema.Top, fields })
    }
  }
}
walk(StoredEvent.StoredEvent.ast)

describe("PersonalSubjects", () => {
  it("has a rule for every stored type with personal fields, naming exactly its annotated fields", () => {
    const annotated = [...members].flatMap(([tag, member]) => {
      const fields = PersonalData.personalFields(member)
      return fields.length === 0 ? [] : [[tag, [...fields].sort()] as const]
    })
    expect(annotated.length).toBeGreaterThan(5)
    expect(
      Object.entries(PersonalSubjects.rules)
        .map(([tag, rule]) => [tag, [...rule.fields].sort()] as const)
        .sort()
    ).toEqual([...annotated].sort())
  })

  for (const [tag, rule] of Object.entries(PersonalSubjects.rules))
    it(`erases ${tag} to values its schema accepts, and names its subject by ids only`, () => {
      const schema = members.get(tag)!.schema
      fc.assert(
        fc.property(fromSchema(schema as never), (event) => {
          const encoded = Schema.encodeUnknownSync(schema as never)(event) as Record<string, unknown>
          const erased = { ...encoded, ...rule.erased(encoded) }
          expect(() => Schema.decodeUnknownSync(schema as never)(erased)).not.toThrow()
          for (const field of rule.fields) {
            const value = encoded[field]
            if (typeof value === "string" && value.length > 3) expect(rule.subject(encoded)).not.toContain(value)
          }
        }),
        { numRuns: 30 }
      )
    })

  it("gives every erased learner an INE of its own, that no SIECLE file holds", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        fc.pre(a !== b)
        expect(PersonalSubjects.erasedIne(a)).not.toBe(PersonalSubjects.erasedIne(b))
        expect(PersonalSubjects.isErasedIne(PersonalSubjects.erasedIne(a))).toBe(true)
      })
    )
    expect(PersonalSubjects.isErasedIne("123456789AB")).toBe(false)
  })

  it("names the subject an erasure event erases", () => {
    expect(PersonalSubjects.erasedBy("LearnerErased", { learnerId: "l-1" })).toBe("learner:l-1")
    expect(PersonalSubjects.erasedBy("UserErased", { userId: "u-1" })).toBe("user:u-1")
    expect(PersonalSubjects.erasedBy("StudentImported", { learnerId: "l-1" })).toBeUndefined()
  })
})
