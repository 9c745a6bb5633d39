/**
 * What the campaign analysis read model costs and saves (ADR 0043), in one process, side by side: folding the
 * participation events of 75,000 participants (300,000 events, 25 campaigns) through the participations read
 * model alone, then through the analysis read model as a rebuild does (no campaign tracked: counts only), then
 * with every campaign tracked from the start; tracking a 3,000-participant campaign from its participations (a
 * campaign's first query); and answering its analysis from the kept sums against summing its 3,000 shared results
 * at each query (the alternative). Medians of RUNS (default 5).
 *
 * Run: `pnpm exec node bench/orga/src/analysisFold.ts`.
 */
import {
  CampaignAnalysisProjection as CampaignAnalysis,
  ParticipationsProjection as Participations,
  TargetProfile
} from "@orga/domain"
import { TargetProfiles } from "@orga/orga"

const runs = Number(process.env.RUNS ?? 5)
const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const profile = TargetProfiles.sample

/** The events of `participants` participations of `campaigns` campaigns: started, linked, completed, shared. */
const events = (participants: number, campaigns: number) => {
  const all: Array<{ streamId: string; event: CampaignAnalysis.Event }> = []
  for (let index = 0; index < participants; index++) {
    const campaignId = `c${index % campaigns}`
    const participationId = `p${index}`
    const streamId = `participation-${campaignId}-${index}`
    const occurredAt = new Date(Date.UTC(2026, 10, 10 + (index % 10), 9)).toISOString()
    const base = { participationId, campaignId, occurredAt } as const
    const validated = profile.skills.filter((_, skill) => (index + skill) % 3 !== 0).map((skill) => skill.id)
    const list = [
      {
        _tag: "ParticipationStarted",
        ...base,
        organizationId: "o",
        campaignType: "ASSESSMENT",
        userId: `u${index}`,
        participantExternalId: null,
        status: "STARTED",
        isRetry: false,
        isReset: false
      },
      { _tag: "ParticipationLinked", ...base, learnerId: `l${index}`, userId: `u${index}` },
      { _tag: "AssessmentCompleted", ...base, validatedSkillIds: validated, testedSkillIds: validated },
      { _tag: "ParticipationShared", ...base, ...TargetProfile.mastery(profile, validated) }
    ]
    for (const event of list) all.push({ streamId, event: event as unknown as CampaignAnalysis.Event })
  }
  return all
}

const log = events(75_000, 25)
const foldParticipations: Array<number> = []
const foldUntracked: Array<number> = []
const foldTracked: Array<number> = []
for (let run = 0; run < runs; run++) {
  let start = performance.now()
  const participations = Participations.make()
  for (const { streamId, event } of log) Participations.apply(participations, streamId, event)
  foldParticipations.push(performance.now() - start)
  start = performance.now()
  const untracked = CampaignAnalysis.make()
  for (const { event } of log) CampaignAnalysis.apply(untracked, event)
  foldUntracked.push(performance.now() - start)
  start = performance.now()
  const tracked = CampaignAnalysis.make()
  for (let campaign = 0; campaign < 25; campaign++) CampaignAnalysis.track(tracked, `c${campaign}`, "ASSESSMENT", [])
  for (const { event } of log) CampaignAnalysis.apply(tracked, event)
  foldTracked.push(performance.now() - start)
}
const share = (ms: number) => `${((ms / median(foldParticipations)) * 100).toFixed(0)} %`
console.log(
  `fold of ${log.length} participation events, median of ${runs}: participations read model ${median(foldParticipations).toFixed(1)} ms; analysis read model as a rebuild folds it (nothing tracked) ${median(foldUntracked).toFixed(1)} ms (${share(median(foldUntracked))} of it); with every campaign tracked ${median(foldTracked).toFixed(1)} ms (${share(median(foldTracked))})`
)

// One campaign of 3,000 participants: tracked at its first query, then the kept sums against summing the shared
// results at each query.
const campaign = CampaignAnalysis.make()
const participations = Participations.make()
for (const { streamId, event } of events(3000, 1)) {
  CampaignAnalysis.apply(campaign, event)
  Participations.apply(participations, streamId, event)
}
const ids = participations.byCampaign.get("c0")!
const tracking: Array<number> = []
for (let run = 0; run < runs; run++) {
  const start = performance.now()
  const entries: Array<readonly [string, CampaignAnalysis.Entry]> = []
  for (const id of ids) {
    const view = Participations.view(participations, id)!
    entries.push([id, CampaignAnalysis.entryOf(view, view.sharedAt === null ? null : view.validatedByCompetence)])
  }
  CampaignAnalysis.track(campaign, "c0", "ASSESSMENT", entries)
  tracking.push(performance.now() - start)
}
console.log(
  `tracking a 3,000-participant campaign (its first query), median of ${runs}: ${median(tracking).toFixed(2)} ms`
)
const figures = campaign.campaigns.get("c0")!
const fromSums: Array<number> = []
const fromScan: Array<number> = []
for (let run = 0; run < 200; run++) {
  let start = performance.now()
  CampaignAnalysis.analysisOf("ASSESSMENT", figures, profile)
  fromSums.push(performance.now() - start)
  start = performance.now()
  const records: Array<Readonly<Record<string, number>>> = []
  for (const id of ids) {
    const view = Participations.view(participations, id)
    if (view !== undefined && view.sharedAt !== null && !view.isImproved && view.deletedAt === null)
      records.push(view.validatedByCompetence)
  }
  CampaignAnalysis.analysisOf("ASSESSMENT", CampaignAnalysis.sumsOfRecords("ASSESSMENT", records), profile)
  fromScan.push(performance.now() - start)
}
console.log(
  `analysis of a 3,000-participant campaign, median of 200: from the kept sums ${median(fromSums).toFixed(3)} ms, summing the shared results ${median(fromScan).toFixed(3)} ms`
)
