import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as Arbitraries from "../src/testing/Arbitraries.ts"
import * as PersonalData from "../src/values/PersonalData.ts"

// docs/events.md must not drift from the schemas: every organization and roster event has a section whose
// table lists exactly its fields, with "personal" exactly where the schema says so.
const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "events.md"), "utf8")

const section = (tag: string): string => {
  const start = doc.indexOf(`### ${tag}\n`)
  if (start < 0) return ""
  const next = doc.indexOf("\n#", start + 4)
  return doc.slice(start, next < 0 ? undefined : next)
}

describe("docs/events.md", () => {
  it.each(Object.keys(Arbitraries.eventSchemas))("documents %s with its fields and personal data", (tag) => {
    const text = section(tag)
    expect(text, `no section for ${tag}`).not.toBe("")
    expect(text).toMatch(/Decided by|Closes the append|Decided with/)
    const schema = Arbitraries.eventSchemas[tag] as unknown as { fields: Record<string, never> }
    const rows = [...text.matchAll(/^\| `([^`]+)` \|[^|]*\|([^|]*)\|$/gm)].map((m) => [
      m[1],
      m[2]!.includes("personal")
    ])
    const expected = Object.keys(schema.fields)
      .filter((field) => field !== "_tag")
      .map((field) => [field, PersonalData.isPersonal(schema.fields[field]!)])
    expect(rows).toEqual(expected)
  })
  it("names both streams", () => {
    expect(doc).toContain("`organization-<organizationId>`")
    expect(doc).toContain("`roster-<organizationId>`")
  })
})
