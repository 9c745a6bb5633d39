import { readFileSync } from "node:fs"
import { join } from "node:path"
import type * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import * as PersonalData from "../src/values/PersonalData.ts"

// docs/events.md documents every campaign and participation event with exactly its fields, in order, and
// "personal" exactly where the schema says so.
const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "events.md"), "utf8")

const section = (tag: string): string => {
  const start = doc.indexOf(`### ${tag}\n`)
  if (start < 0) return ""
  const next = doc.indexOf("\n#", start + 4)
  return doc.slice(start, next < 0 ? undefined : next)
}

const schemas: Record<string, { readonly fields: Readonly<Record<string, Schema.Top>> }> = {
  CampaignCreated: CampaignEvent.CampaignCreated,
  CampaignUpdated: CampaignEvent.CampaignUpdated,
  CampaignArchived: CampaignEvent.CampaignArchived,
  CampaignUnarchived: CampaignEvent.CampaignUnarchived,
  CampaignDeleted: CampaignEvent.CampaignDeleted,
  CampaignCodeReserved: CampaignEvent.CampaignCodeReserved,
  ParticipationStarted: ParticipationEvent.ParticipationStarted,
  ParticipationLinked: ParticipationEvent.ParticipationLinked,
  ParticipationImproved: ParticipationEvent.ParticipationImproved,
  AssessmentCompleted: ParticipationEvent.AssessmentCompleted,
  ParticipationShared: ParticipationEvent.ParticipationShared,
  ProfileShared: ParticipationEvent.ProfileShared,
  ParticipationDeleted: ParticipationEvent.ParticipationDeleted
}

describe("docs/events.md (campaigns and participations)", () => {
  it("covers every tag", () =>
    expect(Object.keys(schemas).sort()).toEqual([...CampaignEvent.tags, ...ParticipationEvent.tags].sort()))

  it.each(Object.keys(schemas))("documents %s with its fields and personal data", (tag) => {
    const text = section(tag)
    expect(text, `no section for ${tag}`).not.toBe("")
    expect(text).toMatch(/Decided by/)
    const rows = [...text.matchAll(/^\| `([^`]+)` \|[^|]*\|([^|]*)\|$/gm)].map((m) => [
      m[1],
      m[2]!.includes("personal")
    ])
    const fields = schemas[tag]!.fields
    expect(rows).toEqual(
      Object.keys(fields)
        .filter((field) => field !== "_tag")
        .map((field) => [field, PersonalData.isPersonal(fields[field]!)])
    )
  })

  it("names the streams", () => {
    for (const stream of [
      "`campaign-<campaignId>`",
      "`campaign-code-<CODE>`",
      "`participation-<campaignId>-<learnerId>`"
    ])
      expect(doc).toContain(stream)
  })
})
