/**
 * A school's weight is bounded by the follower's own bound (issue 17): with a follower keeping one school, once a
 * teacher of school A then one of school B have seen their heavy pages (learners list and page, certificability by
 * class, results, results by class, analysis, results page), nothing of A is reachable any more (checked with
 * `WeakRef`s after a full garbage collection): not its read models' states, not the school index's sorted learners,
 * not the pages' kept lists. The index counts one school, and loading A again answers as before.
 */
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as Analysis from "../src/internal/Analysis.ts"
import * as LearnerList from "../src/internal/LearnerList.ts"
import * as PartitionCache from "../src/internal/PartitionCache.ts"
import * as PartitionCacheSource from "../src/internal/PartitionCacheSource.ts"
import * as Reports from "../src/internal/Reports.ts"
import * as Results from "../src/internal/Results.ts"
import * as SchoolIndex from "../src/internal/SchoolIndex.ts"
import * as Orga from "../src/Orga.ts"
import * as FollowerPlumbing from "./support/followerPlumbing.ts"
import { config } from "./support/harness.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

// A full collection, twice (a `WeakRef` is cleared only after the turn that last read it).
V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc") as () => void
const collected = async () => {
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
  }
}

type Steps = Parameters<typeof PartitionLogs.interpret>[0]
const school = (index: number, campaign: number) => [
  ...[0, 1, 2].map((learner) => ({ kind: "import", school: index, learner, ine: learner, division: "3A" })),
  { kind: "campaign", school: index, campaign, profile: 0, profiles: true },
  { kind: "campaign", school: index, campaign: campaign + 1, profile: 0, profiles: false },
  ...[0, 1, 2].flatMap((learner) => [
    { kind: "start", campaign, user: learner, learner },
    { kind: "complete", participation: 2 * campaign + learner },
    { kind: "share", participation: 2 * campaign + learner }
  ])
]
// Schools o1 and o2, each with learners, a profiles collection shared by all and an assessment campaign.
const log = PartitionLogs.interpret([...school(0, 0), ...school(1, 3)] as unknown as Steps)

// The library's query modules over a follower bounded to one school (as an instance serving from the tables). The
// rights checks read the plumbing's own models: the school's organization and campaigns from the follower are lent
// to them for the pages and taken back after, so that nothing outside the follower holds them.
const follower = async () => {
  const memory = PartitionCacheSource.memory(log)
  memory.project(log.at(-1)!.globalPosition)
  const cache = await Effect.runPromise(PartitionCache.start(memory.source, { maxSchools: 1 }))
  const { plumbing, made } = await FollowerPlumbing.over(cache, config, "2026-09-14T08:00:00.000Z")
  const results = Results.make(plumbing)
  const learners = LearnerList.make(plumbing)
  const reports = Reports.make(plumbing)
  const analysis = Analysis.make(plumbing)
  const lend = (organizationId: string, put: boolean) => {
    const organization = cache.models.organizations.get(organizationId)!
    if (put) made.models.organizations.set(organizationId, organization)
    else made.models.organizations.delete(organizationId)
    for (const campaignId of cache.models.campaignsByOrganization.get(organizationId) ?? [])
      if (put) made.models.campaigns.set(campaignId, cache.models.campaigns.get(campaignId)!)
      else made.models.campaigns.delete(campaignId)
  }
  const pages = async (organizationId: string) => {
    await Effect.runPromise(PartitionCache.ensureSchool(cache, organizationId))
    lend(organizationId, true)
    const actor = Orga.user(PartitionLogs.adminOf(organizationId))
    const campaignIds = cache.models.campaignsByOrganization.get(organizationId) ?? []
    try {
      return await Effect.runPromise(
        Effect.gen(function* () {
          const campaigns = []
          for (const campaignId of campaignIds)
            campaigns.push({
              results: yield* results.campaignResults(actor, campaignId),
              byDivision: yield* results.resultsByDivision(actor, campaignId),
              analysis: yield* analysis.campaignAnalysis(actor, campaignId),
              page: yield* analysis.resultsPage(actor, campaignId)
            })
          return {
            learners: yield* learners.learners(actor, organizationId, { includeDisabled: true }),
            page: yield* learners.learnersPage(actor, organizationId, { pageSize: 2 }),
            certificability: yield* reports.certificability(actor, organizationId),
            campaigns
          }
        }) as Effect.Effect<unknown>
      )
    } finally {
      lend(organizationId, false)
    }
  }
  return { cache, pages }
}

describe("a school's weight", () => {
  it("a follower keeping one school keeps nothing of school A once B's pages were seen", async () => {
    const { cache, pages } = await follower()
    const index = SchoolIndex.of(cache.models)
    const first = await pages("o1")
    expect(JSON.stringify(first)).toContain("o1-l2")
    // What the pages kept of A: its states in the follower, the index's sorted learners.
    const of = {
      organization: new WeakRef(cache.models.organizations.get("o1")!),
      roster: new WeakRef(cache.models.rosters.get("o1")!),
      campaign: new WeakRef(cache.models.campaigns.get("c-1")!),
      sorted: new WeakRef(index.learners("o1")),
      learner: new WeakRef(index.learners("o1")[0]!.learner)
    }
    expect(index.schools()).toBe(1)

    await pages("o2")
    expect(cache.schools.size).toBe(1)
    expect(cache.models.organizations.has("o1")).toBe(false)
    expect(index.schools()).toBe(1)
    await collected()
    expect(Object.fromEntries(Object.entries(of).map(([name, ref]) => [name, ref.deref() === undefined]))).toEqual({
      organization: true,
      roster: true,
      campaign: true,
      sorted: true,
      learner: true
    })

    // A again: loaded afresh, the same answers.
    expect(await pages("o1")).toEqual(first)
  })

  it("a per-school cache over read models keeps nothing of a school they no longer hold", () => {
    const memory = PartitionCacheSource.memory(log)
    memory.project(log.at(-1)!.globalPosition)
    return Effect.runPromise(
      Effect.gen(function* () {
        const cache = yield* PartitionCache.start(memory.source, { maxSchools: 1 })
        const kept = SchoolIndex.bySchool<string>({ models: cache.models })
        // A school the models do not hold is not kept.
        kept.set("o1", "un")
        expect(kept.get("o1")).toBeUndefined()
        yield* PartitionCache.ensureSchool(cache, "o1")
        kept.set("o1", "un")
        expect([kept.get("o1"), kept.size()]).toEqual(["un", 1])
        yield* PartitionCache.ensureSchool(cache, "o2")
        kept.set("o2", "deux")
        expect([kept.get("o1"), kept.get("o2"), kept.size()]).toEqual([undefined, "deux", 1])
        // Loaded again, o1 has a new state: its value is made again.
        yield* PartitionCache.ensureSchool(cache, "o1")
        expect([kept.get("o1"), kept.size()]).toEqual([undefined, 0])
      })
    )
  })
})
