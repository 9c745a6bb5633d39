import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import * as CampaignEvent from "../src/campaign/CampaignEvent.ts"
import * as Event from "../src/Event.ts"
import * as ParticipationEvent from "../src/participation/ParticipationEvent.ts"
import * as PersonalData from "../src/values/PersonalData.ts"

// Campaign and participation events as the store holds them: one golden file per tag, decoded by the
// domain's event union and by the event's own schema, and encoded back to the same JSON.
const dir = join(import.meta.dirname, "golden")
const read = (tag: string): unknown => JSON.parse(readFileSync(join(dir, `${tag}.json`), "utf8"))

describe("golden campaign and participation events", () => {
  it.each([...CampaignEvent.tags, ...ParticipationEvent.tags])("%s has a golden file that decodes", (tag) => {
    const stored = read(tag)
    const decoded = Event.decodeUnknown(stored)
    if (Result.isFailure(decoded)) throw new Error(`${tag}: ${decoded.failure.message}`)
    expect(decoded.success._tag).toBe(tag)
    expect(Result.getOrThrow(Event.encode(decoded.success))).toEqual(stored)
    const own = CampaignEvent.tags.includes(tag as never)
      ? Schema.is(Schema.Union([CampaignEvent.CampaignEvent, CampaignEvent.CampaignCodeEvent]))(decoded.success)
      : Schema.is(ParticipationEvent.ParticipationEvent)(decoded.success)
    expect(own).toBe(true)
  })

  it("refuses a malformed stored event", () => {
    const stored = read("ProfileShared") as Record<string, unknown>
    expect(Result.isFailure(Event.decodeUnknown({ ...stored, pixScore: "151" }))).toBe(true)
    const created = read("CampaignCreated") as Record<string, unknown>
    expect(Result.isFailure(Event.decodeUnknown({ ...created, code: "abc" }))).toBe(true)
    expect(Result.isFailure(Event.decodeUnknown({ ...created, type: "EXAM" }))).toBe(true)
  })

  it("marks the participant's external id as personal data", () => {
    expect(PersonalData.personalFields(ParticipationEvent.ParticipationStarted)).toEqual(["participantExternalId"])
    expect(PersonalData.personalFields(CampaignEvent.CampaignCreated)).toEqual([])
  })
})
