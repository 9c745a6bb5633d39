/**
 * Prints how fast the campaign-side read models replay and answer, and how fast reconciliation matches
 * names. Run: `pnpm exec node packages/domain/test/bench/projections.ts [participants]` (default 20,000).
 * Figures only: no assertion (speed targets are not unit tests).
 */
import type * as CampaignEvent from "../../src/campaign/CampaignEvent.ts"
import { project } from "../../src/Decider.ts"
import type * as ParticipationEvent from "../../src/participation/ParticipationEvent.ts"
import * as CampaignResults from "../../src/projection/CampaignResults.ts"
import * as CampaignsList from "../../src/projection/CampaignsList.ts"
import * as LearnersList from "../../src/projection/LearnersList.ts"
import * as NameMatching from "../../src/reconciliation/NameMatching.ts"
import { make } from "../../src/testing/CampaignArbitraries.ts"

const participants = Number(process.argv[2] ?? 20_000)
const campaigns = 20
const at = make.timestamp("2026-09-01T08:00:00.000Z")
const organizationId = make.organizationId("org-1")
const owner = make.userId("teacher-1")

const events: Array<CampaignEvent.CampaignEvent | ParticipationEvent.ParticipationEvent> = []
for (let c = 0; c < campaigns; c++)
  events.push({
    _tag: "CampaignCreated",
    campaignId: make.campaignId(`campaign-${c}`),
    organizationId,
    code: `ABCDEF${200 + c}` as CampaignEvent.CampaignCreated["code"],
    type: "ASSESSMENT",
    name: `Campagne ${c}`,
    title: null,
    targetProfileId: make.targetProfileId("tp-1"),
    creatorId: owner,
    ownerId: owner,
    externalIdLabel: null,
    externalIdType: null,
    customLandingPageText: null,
    customResultPageText: null,
    customResultPageButtonText: null,
    customResultPageButtonUrl: null,
    multipleSendings: false,
    occurredAt: at
  })
for (let i = 0; i < participants; i++) {
  const participationId = make.participationId(`participation-${i}`)
  const campaignId = make.campaignId(`campaign-${i % campaigns}`)
  const userId = make.userId(`user-${i}`)
  events.push(
    {
      _tag: "ParticipationStarted",
      participationId,
      campaignId,
      organizationId,
      campaignType: "ASSESSMENT",
      userId,
      participantExternalId: null,
      status: "STARTED",
      isRetry: false,
      isReset: false,
      occurredAt: at
    },
    {
      _tag: "ParticipationLinked",
      participationId,
      campaignId,
      learnerId: make.learnerId(`learner-${i}`),
      userId,
      occurredAt: at
    },
    {
      _tag: "AssessmentCompleted",
      participationId,
      campaignId,
      validatedSkillIds: ["s1"],
      testedSkillIds: ["s1", "s2"],
      occurredAt: at
    },
    {
      _tag: "ParticipationShared",
      participationId,
      campaignId,
      validatedSkillsCount: 1,
      targetSkillsCount: 2,
      masteryRate: 0.5,
      competences: [{ id: "1.1", validatedSkillsCount: 1, targetSkillsCount: 2 }],
      areas: [{ id: "1", validatedSkillsCount: 1, targetSkillsCount: 2 }],
      occurredAt: at
    }
  )
}

const time = <A>(label: string, f: () => A): A => {
  const start = performance.now()
  const result = f()
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`)
  return result
}

const state = time(`fold ${events.length} events (campaign results read model)`, () =>
  project(CampaignResults.projection, events)
)
time(`fold ${events.length} events (learners list read model)`, () => project(LearnersList.projection, events))
time("campaigns list query (20 campaigns)", () => CampaignsList.campaigns(state, { organizationId }))
time(`results query, one campaign of ${participants / campaigns}`, () =>
  CampaignResults.results(state, () => undefined, { campaignId: make.campaignId("campaign-0"), page: { size: 50 } })
)

const candidates = Array.from({ length: 30 }, (_, i) => ({
  id: `l${i}`,
  firstName: ["Léa", "Hugo", "Inès", "Noé", "Chloé"][i % 5]!,
  middleName: i % 3 === 0 ? "Marie" : null,
  lastName: `Martin-${String.fromCharCode(97 + i)}`,
  preferredLastName: null
}))
const runs = 20_000
time(`${runs} reconciliations against 30 learners born the same day`, () => {
  for (let i = 0; i < runs; i++)
    NameMatching.findMatchingCandidateId(candidates, { firstName: "lea", lastName: "martin a" })
})
