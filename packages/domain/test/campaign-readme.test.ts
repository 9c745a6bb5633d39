import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { campaignUsage } from "./examples/campaign-usage.ts"

const expected = [
  "campaign: CampaignCodeReserved, CampaignCreated with code DRSKCG757",
  "reconciled: learner-1",
  '"Léonie": NO_ORGANIZATION_LEARNER_MATCHING_NAMES',
  "JoinCampaign: ParticipationStarted, ParticipationLinked",
  "RecordAssessmentOutcome: AssessmentCompleted",
  "ShareParticipation: ParticipationShared",
  "results: SHARED, mastery 0.75",
  "1.1: 2 skill(s) validated",
  "2.1: 1 skill(s) validated"
]

describe("README campaign example", () => {
  it("runs and prints what the README says", () => expect(campaignUsage()).toEqual(expected))

  it("is the very snippet shown in the README, with its output", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")
    const example = readFileSync(join(import.meta.dirname, "examples", "campaign-usage.ts"), "utf8")
    expect(readme).toContain(example.trim())
    expect(readme).toContain(expected.join("\n"))
  })
})
