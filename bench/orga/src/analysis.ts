/**
 * The campaign analysis of a 3,000-participant assessment campaign (issue 12 item 3). Prints, per store, p50 and
 * p95 over ANALYSIS_RUNS runs (default 200) of: the campaign's analysis by competence and area (target p95 < 20
 * ms), one class's analysis, the activity, a results page of 50 (first and last), a page with a search and a
 * status filter, a page right after a student shares (the sorted rows are updated), the first analysis and the
 * first page of the campaign (tracking it, building its rows), and beside them the full
 * results query (`campaignResults`, every participant) as the reference. Participations are seeded by appending
 * their events directly (a benchmark of the queries, not of 3,000 joins).
 *
 * Run: `BENCH_ONLY=analysis pnpm --filter @orga/bench-orga bench` (BENCH_STORES=sqlite,postgres narrows it).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { TargetProfile } from "@orga/domain"
import { EventStore, type EventStoreError } from "@orga/event-store"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import * as SiecleTesting from "@orga/siecle/testing"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

type StoreLayer = Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
const user = Orga.user
const admin = user("admin")
const pixAdmin = "bench-admin"
const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [pixAdmin] }
const uai = "0335000A"
const participants = 3000

const fmt = (value: number) => value.toFixed(2)
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** A generated school with at least `wanted` importable students. */
const schoolBytes = (wanted: number) => {
  let size = Math.ceil(wanted * 1.12)
  while (true) {
    const school = SiecleTesting.generateSchool({ seed: 3000, students: size, uai, schoolYear: "2026" })
    if (school.expected.students.length >= wanted)
      return SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    size += Math.ceil(wanted * 0.02)
  }
}

let eventCounter = 0
const eventId = () => `bench-analysis-${process.pid}-${++eventCounter}`
const skills = TargetProfiles.sample.skills

/** Appends 3,000 assessment participations over 10 days: three in four shared, the rest completed. */
const seed = (orga: Orga.OrgaShape, store: EventStore.EventStoreShape, campaignId: string) =>
  Effect.gen(function* () {
    const learners = (yield* orga.learners(admin, "lycee")).slice(0, participants)
    const batch: Array<EventStore.AppendToStream> = []
    const waiting: Array<{ participationId: string; streamId: string; validated: ReadonlyArray<string> }> = []
    let position = 0n
    for (const [index, learner] of learners.entries()) {
      const participationId = `${campaignId}-${learner.learnerId}`
      const occurredAt = new Date(Date.UTC(2026, 10, 10 + (index % 10), 9 + (index % 8))).toISOString()
      const base = { participationId, campaignId, occurredAt }
      const userId = `u-${learner.learnerId}`
      const validated = skills.filter((_, skill) => (index + skill) % 3 !== 0).map((skill) => skill.id)
      const events: Array<{ _tag: string } & Record<string, unknown>> = [
        {
          _tag: "ParticipationStarted",
          ...base,
          organizationId: "lycee",
          campaignType: "ASSESSMENT",
          userId,
          participantExternalId: null,
          status: "STARTED",
          isRetry: false,
          isReset: false
        },
        { _tag: "ParticipationLinked", ...base, learnerId: learner.learnerId, userId },
        { _tag: "AssessmentCompleted", ...base, validatedSkillIds: validated, testedSkillIds: validated }
      ]
      const streamId = `participation-${campaignId}-${learner.learnerId}`
      if (index % 4 !== 3)
        events.push({
          _tag: "ParticipationShared",
          ...base,
          ...TargetProfile.mastery(TargetProfiles.sample, validated)
        })
      else waiting.push({ participationId, streamId, validated })
      batch.push({
        streamId,
        expectedVersion: { _tag: "NoStream" },
        events: events.map((data) => ({ id: eventId(), type: data._tag, data, metadata: { organizationId: "lycee" } }))
      })
      if (batch.length === 500) position = (yield* store.append(batch.splice(0))).position
    }
    if (batch.length > 0) position = (yield* store.append(batch.splice(0))).position
    yield* store.awaitPosition(position)
    return waiting
  })

const time = <A, E, R>(runs: number, query: () => Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    yield* query()
    const times: Array<number> = []
    for (let run = 0; run < runs; run++) {
      const start = performance.now()
      yield* query()
      times.push(performance.now() - start)
    }
    return times
  })

const line = (name: string, what: string, times: ReadonlyArray<number>, target = "") =>
  console.log(
    `[${name}] ${what}: p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms${target === "" ? "" : ` (${target})`}`
  )

const run = (name: string, store: StoreLayer) =>
  Effect.gen(function* () {
    const orga = yield* Orga.all
    const events = yield* EventStore.EventStore
    const runs = Number(process.env.ANALYSIS_RUNS ?? 200)
    yield* orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "pix@bench.fr" })
    yield* orga.registerUser({ userId: "admin", firstName: "Ad", lastName: "Min", email: "admin@bench.fr" })
    yield* orga.registerOrganization(user(pixAdmin), {
      organizationId: "lycee",
      name: "Lycée",
      type: "SCO",
      uai,
      isManagingStudents: true
    })
    const invitation = yield* orga.inviteFirstAdmin(user(pixAdmin), {
      organizationId: "lycee",
      email: "admin@bench.fr"
    })
    yield* orga.acceptInvitation(admin, { organizationId: "lycee", ...invitation })
    yield* orga.importSiecleFile(admin, { organizationId: "lycee", fileName: "eleves.xml", bytes: schoolBytes(5000) })
    const { campaignId } = yield* orga.createCampaign(admin, {
      organizationId: "lycee",
      name: "Évaluation",
      type: "ASSESSMENT",
      targetProfileId: TargetProfiles.sample.id
    })
    const waiting = yield* seed(orga, events, campaignId)
    // The first queries of the campaign: the analysis tracks it (one pass over its participations), the first
    // page builds and sorts its rows.
    let start = performance.now()
    const analysis = yield* orga.campaignAnalysis(admin, campaignId)
    const firstAnalysis = performance.now() - start
    start = performance.now()
    const division = (yield* orga.resultsPage(admin, campaignId, { size: 1 })).participants[0]!.division ?? ""
    const firstPage = performance.now() - start
    const classSize = (yield* orga.campaignAnalysis(admin, campaignId, { division })).participantsCount
    const lastPage = Math.ceil(analysis.participantsCount / 50)
    console.log(
      `[${name}] campaign of ${analysis.participantsCount} participants (${analysis.sharedCount} shared), class ${division} of ${classSize}, ${runs} runs each`
    )
    console.log(
      `[${name}] first campaign analysis of the process (campaign tracked): ${fmt(firstAnalysis)} ms; first results page (rows built and sorted): ${fmt(firstPage)} ms`
    )
    line(
      name,
      "campaign analysis",
      yield* time(runs, () => orga.campaignAnalysis(admin, campaignId)),
      "target p95 < 20 ms"
    )
    line(
      name,
      `class analysis (${division})`,
      yield* time(runs, () => orga.campaignAnalysis(admin, campaignId, { division }))
    )
    line(name, "activity", yield* time(runs, () => orga.campaignActivity(admin, campaignId)))
    line(
      name,
      "results page 1 of 50",
      yield* time(runs, () => orga.resultsPage(admin, campaignId, { page: 1, size: 50 }))
    )
    line(
      name,
      `results page ${lastPage} of 50`,
      yield* time(runs, () => orga.resultsPage(admin, campaignId, { page: lastPage, size: 50 }))
    )
    line(
      name,
      "results page with a search and a status filter",
      yield* time(runs, () => orga.resultsPage(admin, campaignId, { search: "ma", statuses: ["SHARED"], size: 50 }))
    )
    // A student shares between two reads: the next page rebuilds the campaign's sorted rows.
    const afterShare: Array<number> = []
    for (const next of waiting.slice(0, Math.min(runs, 100))) {
      const { position } = yield* events.append([
        {
          streamId: next.streamId,
          expectedVersion: { _tag: "Any" },
          events: [
            {
              id: eventId(),
              type: "ParticipationShared",
              data: {
                _tag: "ParticipationShared",
                participationId: next.participationId,
                campaignId,
                occurredAt: "2026-11-25T10:00:00.000Z",
                ...TargetProfile.mastery(TargetProfiles.sample, next.validated)
              },
              metadata: { organizationId: "lycee" }
            }
          ]
        }
      ])
      yield* events.awaitPosition(position)
      const start = performance.now()
      yield* orga.resultsPage(admin, campaignId, { page: 1, size: 50 })
      afterShare.push(performance.now() - start)
    }
    line(name, `results page 1 right after a share (rows updated, ${afterShare.length} runs)`, afterShare)
    line(
      name,
      "reference: full results query (campaignResults)",
      yield* time(runs, () => orga.campaignResults(admin, campaignId))
    )
  }).pipe(Effect.provide(Layer.provideMerge(Orga.layer(config), Layer.merge(store, Runtime.live))))

/** Runs the analysis benchmark on the stores of BENCH_STORES. */
export const main = async () => {
  const stores = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",")
  if (stores.includes("sqlite")) {
    const dir = mkdtempSync(join(tmpdir(), "orga-bench-analysis-"))
    try {
      await Effect.runPromise(run("sqlite", Sqlite.layer(join(dir, "analysis.db"))))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (!stores.includes("postgres")) return
  const given = process.env.DATABASE_URL
  const cluster = given ? undefined : await startPostgresCluster()
  try {
    await Effect.runPromise(
      run("postgres", Postgres.layer(given ?? cluster!.url, `orga_bench_analysis_${process.pid}_${Date.now()}`))
    )
  } finally {
    cluster?.stop()
  }
}
