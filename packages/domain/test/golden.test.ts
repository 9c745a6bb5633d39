import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import * as Event from "../src/Event.ts"
import * as OrganizationEvent from "../src/organization/OrganizationEvent.ts"
import * as RosterEvent from "../src/roster/RosterEvent.ts"

// Stored shapes never change silently: each golden file is an event as the store holds it. It must decode,
// keep its tag, and encode back to the very same JSON. A changed schema breaks this test on purpose.
const dir = join(import.meta.dirname, "golden")
const files = readdirSync(dir).filter((f) => f.endsWith(".json"))

describe("golden events", () => {
  it("there is one golden file per organization and roster event", () => {
    for (const tag of [...OrganizationEvent.tags, ...RosterEvent.tags]) expect(files).toContain(`${tag}.json`)
  })

  it.each(files)("%s decodes and encodes back unchanged", (file) => {
    const stored: unknown = JSON.parse(readFileSync(join(dir, file), "utf8"))
    const decoded = Event.decodeUnknown(stored)
    if (Result.isFailure(decoded)) throw new Error(`${file}: ${decoded.failure.message}`)
    expect(decoded.success._tag).toBe(file.replace(/\.json$/, ""))
    expect(Result.getOrThrow(Event.encode(decoded.success))).toEqual(stored)
  })

  it("a changed shape does not decode (the golden check can fail)", () => {
    const stored = JSON.parse(readFileSync(join(dir, "StudentImported.json"), "utf8"))
    const { birthdate: _, ...withoutBirthdate } = stored
    expect(Result.isFailure(Event.decodeUnknown(withoutBirthdate))).toBe(true)
    expect(Result.isFailure(Event.decodeUnknown({ ...stored, birthdate: "14/05/2012" }))).toBe(true)
  })
})
