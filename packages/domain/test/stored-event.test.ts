import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as StoredEvent from "../src/StoredEvent.ts"

// Stored shapes beside the domain's `Event`, at every version the store may hold: `<Tag>.v<N>.json` (or
// `<Tag>.json` for a tag still at version 1). An older version decodes through the released upcasters; the
// current one decodes and encodes back to the very same JSON.
const dir = join(import.meta.dirname, "golden", "stored")
const files = readdirSync(dir).filter((f) => f.endsWith(".json"))
const decode = Schema.decodeUnknownResult(StoredEvent.StoredEvent)
const encode = Schema.encodeUnknownResult(StoredEvent.StoredEvent)

const parse = (file: string): { tag: string; version: number } => {
  const [tag = "", v] = file.replace(/\.json$/, "").split(".v")
  return { tag, version: v === undefined ? 1 : Number(v) }
}

/** The stored data brought to the current version with the domain's upcasters, as the front door's codec does. */
const upcast = (tag: string, from: number, data: unknown): unknown => {
  let current = data
  for (let version = from; version < (StoredEvent.versions[tag as StoredEvent.StoredEvent["_tag"]] ?? 1); version++) {
    const upcaster = StoredEvent.upcasters.find((u) => u.type === tag && u.fromVersion === version)
    if (upcaster === undefined) throw new Error(`no upcaster for ${tag} from version ${version}`)
    current = upcaster.upcast(current)
  }
  return current
}

describe("stored shapes", () => {
  it.each(files)("%s decodes at the current version", (file) => {
    const { tag, version } = parse(file)
    const stored: unknown = JSON.parse(readFileSync(join(dir, file), "utf8"))
    const decoded = decode(upcast(tag, version, stored))
    if (Result.isFailure(decoded)) throw new Error(`${file}: ${decoded.failure.message}`)
    expect(decoded.success._tag).toBe(tag)
    if (version === (StoredEvent.versions[tag as StoredEvent.StoredEvent["_tag"]] ?? 1))
      expect(Result.getOrThrow(encode(decoded.success))).toEqual(stored)
  })

  it("every tag past version 1 has a golden file of each version and an upcaster from each older one", () => {
    for (const [tag, current] of Object.entries(StoredEvent.versions)) {
      for (let version = 1; version <= (current ?? 1); version++) {
        expect(files).toContain(`${tag}.v${version}.json`)
        if (version < (current ?? 1))
          expect(StoredEvent.upcasters.some((u) => u.type === tag && u.fromVersion === version)).toBe(true)
      }
    }
  })

  it("a version 1 refusal gets the counts of its complete list of problems", () => {
    const stored = JSON.parse(readFileSync(join(dir, "SiecleImportRejected.v1.json"), "utf8"))
    const decoded = Result.getOrThrow(decode(upcast("SiecleImportRejected", 1, stored)))
    expect(decoded).toMatchObject({ errorCounts: { INE_UNIQUE: 2, BIRTHDATE_REQUIRED: 1 }, errorTotal: 3 })
  })

  it("a version 1 refusal does not decode as version 2 without its upcaster (the check can fail)", () => {
    const stored = JSON.parse(readFileSync(join(dir, "SiecleImportRejected.v1.json"), "utf8"))
    expect(Result.isFailure(decode(stored))).toBe(true)
  })
})
