import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { AccountEvent, CollectionDeadline, ImportRejection, StoredEvent } from "@orga/domain"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as ReadModels from "../src/internal/ReadModels.ts"

// The events once recorded by the front door itself, now the domain's: their stored shapes did not change.
const tags = StoredEvent.accountAndSettingsTags

const dir = join(import.meta.dirname, "golden", "events")
const golden = (tag: string): unknown => JSON.parse(readFileSync(join(dir, `${tag}.json`), "utf8"))
const recorded = (data: unknown, index: number) => ({
  id: `e${index}`,
  streamId: "s",
  type: (data as { _tag: string })._tag,
  data,
  metadata: {},
  streamVersion: 1n,
  globalPosition: BigInt(index + 1),
  recordedAt: new Date(0),
  commandId: null
})

describe("account, login, refused import and deadline events (moved to the domain)", () => {
  it("has a golden file for every tag, and nothing else", () => {
    expect(
      readdirSync(dir)
        .map((name) => name.replace(/\.json$/, ""))
        .sort()
    ).toEqual([...tags].sort())
  })

  for (const tag of tags)
    it(`decodes the stored shape of ${tag}`, () => {
      const decoded = Schema.decodeUnknownResult(StoredEvent.StoredEvent)(golden(tag))
      expect(Result.isSuccess(decoded)).toBe(true)
    })

  it("refuses a shape that lost a field", () => {
    const { userId: _dropped, ...broken } = golden("UserRegistered") as Record<string, unknown>
    expect(Result.isFailure(Schema.decodeUnknownResult(StoredEvent.StoredEvent)(broken))).toBe(true)
  })

  it("folds the stored shapes into the read models", () => {
    const models = ReadModels.make()
    models.apply(tags.map((tag, index) => recorded(golden(tag), index)))
    expect(models.accounts.get("user-10")).toMatchObject({
      username: "lea.martin1403",
      pixOrgaTermsOfServiceAccepted: false
    })
    expect(models.logins.get("lea.martin1403")).toBe("user-10")
    expect(models.imports.get("org-0331234X")?.[0]).toMatchObject({ status: "VALIDATION_ERROR" })
    expect(models.deadlines.get("org-0331234X")?.deadline).toBe("2027-04-07")
  })
})

describe("docs/events.md (accounts, logins, refused imports, deadlines)", () => {
  const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "events.md"), "utf8")
  const section = (tag: string): string => {
    const start = doc.indexOf(`### ${tag}\n`)
    if (start < 0) return ""
    const next = doc.indexOf("\n#", start + 4)
    return doc.slice(start, next < 0 ? undefined : next)
  }
  const schemas: Record<(typeof tags)[number], { readonly fields: Record<string, unknown> }> = {
    UserRegistered: AccountEvent.UserRegistered,
    PixOrgaTermsAccepted: AccountEvent.PixOrgaTermsAccepted,
    UserLoginReserved: AccountEvent.UserLoginReserved,
    SiecleImportRejected: ImportRejection.SiecleImportRejected,
    CollectionDeadlineSet: CollectionDeadline.CollectionDeadlineSet
  }

  for (const tag of tags)
    it(`documents ${tag} with exactly its fields`, () => {
      const text = section(tag)
      expect(text, `no section for ${tag}`).not.toBe("")
      const rows = [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1])
      expect(rows).toEqual(Object.keys(schemas[tag].fields).filter((field) => field !== "_tag"))
    })
})
