import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import {
  AccountEvent,
  CollectionDeadline,
  ErasureEvent,
  ImportRecord,
  ImportRejection,
  OrganizationFeatures,
  Places,
  StoredEvent,
  TargetProfileEvent
} from "@orga/domain"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as Streams from "../src/internal/Streams.ts"

// The events once recorded by the front door itself, now the domain's: their stored shapes did not change.
const tags = StoredEvent.accountAndSettingsTags

// `<Tag>.json` is the shape first stored (version 1); `<Tag>.v<N>.json` the shape of a later version.
const dir = join(import.meta.dirname, "golden", "events")
const golden = (tag: string, version = 1): unknown =>
  JSON.parse(readFileSync(join(dir, version === 1 ? `${tag}.json` : `${tag}.v${version}.json`), "utf8"))
const versionOf = (tag: string): number => StoredEvent.versions[tag as StoredEvent.StoredEvent["_tag"]] ?? 1
const codec = Streams.codec()
const recorded = (data: unknown, index: number, schemaVersion = 1) => ({
  id: `e${index}`,
  streamId: "s",
  type: (data as { _tag: string })._tag,
  data,
  metadata: { schemaVersion },
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
    ).toEqual(
      tags
        .flatMap((tag) => [tag, ...Array.from({ length: versionOf(tag) - 1 }, (_, index) => `${tag}.v${index + 2}`)])
        .sort()
    )
  })

  for (const tag of tags)
    for (let version = 1; version <= versionOf(tag); version++)
      it(`decodes the stored shape of ${tag}, version ${version}, through the front door's codec`, () => {
        const decoded = codec.decodeResult(recorded(golden(tag, version), 0, version))
        if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
        expect(decoded.success._tag).toBe(tag)
        if (version === versionOf(tag))
          expect(Schema.encodeUnknownSync(StoredEvent.StoredEvent)(decoded.success)).toEqual(golden(tag, version))
      })

  it("reads a refusal of version 1 with the counts of its problems", () => {
    const decoded = Result.getOrThrow(codec.decodeResult(recorded(golden("SiecleImportRejected"), 0, 1)))
    expect(decoded).toMatchObject({ errorCounts: { UAI_MISMATCHED: 1 }, errorTotal: 1 })
  })

  it("refuses a shape that lost a field", () => {
    const { userId: _dropped, ...broken } = golden("UserRegistered") as Record<string, unknown>
    expect(Result.isFailure(Schema.decodeUnknownResult(StoredEvent.StoredEvent)(broken))).toBe(true)
  })

  it("folds the stored shapes into the read models", () => {
    const models = ReadModels.make()
    // The erasure events are folded on their own below: they would erase the golden user.
    const erasures: ReadonlyArray<string> = ErasureEvent.tags
    models.apply(
      tags
        .filter((tag) => !erasures.includes(tag))
        .map((tag, index) => recorded(golden(tag, versionOf(tag)), index, versionOf(tag)))
    )
    expect(models.accounts.get("user-10")).toMatchObject({
      username: "lea.martin1403",
      pixOrgaTermsOfServiceAccepted: false
    })
    expect(models.logins.get("lea.martin1403")).toBe("user-10")
    expect(models.imports.get("org-0331234X")?.[0]).toMatchObject({ status: "VALIDATION_ERROR" })
    expect(models.deadlines.get("org-0331234X")?.deadline).toBe("2027-04-07")
    models.apply([recorded(golden("UserErased"), 100)])
    expect(models.accounts.get("user-10")).toMatchObject({
      firstName: "Utilisateur",
      lastName: "effacé",
      username: null
    })
    expect(models.logins.get("lea.martin1403")).toBeUndefined()
    expect(models.erased.has("user:user-10")).toBe(true)
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
    SiecleImportRecorded: ImportRecord.SiecleImportRecorded,
    CollectionDeadlineSet: CollectionDeadline.CollectionDeadlineSet,
    OrganizationFeatureSet: OrganizationFeatures.OrganizationFeatureSet,
    TargetProfileCreated: TargetProfileEvent.TargetProfileCreated,
    TargetProfileAttached: TargetProfileEvent.TargetProfileAttached,
    TargetProfileDetached: TargetProfileEvent.TargetProfileDetached,
    PlacesLotAdded: Places.PlacesLotAdded,
    PlacesLotDeleted: Places.PlacesLotDeleted,
    PlacesLimitSet: Places.PlacesLimitSet,
    UsernameAdded: AccountEvent.UsernameAdded,
    LearnerErased: ErasureEvent.LearnerErased,
    UserErased: ErasureEvent.UserErased
  }

  for (const tag of tags)
    it(`documents ${tag} with exactly its fields`, () => {
      const text = section(tag)
      expect(text, `no section for ${tag}`).not.toBe("")
      const rows = [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1])
      expect(rows).toEqual(Object.keys(schemas[tag].fields).filter((field) => field !== "_tag"))
    })
})
