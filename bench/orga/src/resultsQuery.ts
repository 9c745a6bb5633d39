/**
 * The SQLite results query of the workload (`main.ts`), looked at closely: the same state (a cold school, then
 * IMPORT_RUNS schools of 5,101 students and as many re-imports, a 3,000-participant assessment campaign appended
 * directly), then SAMPLES queries (200 by default, as the workload) with the garbage collections that fell inside
 * them, the heap retained after a full collection, the bytes one query allocates, and 200 queries each right after
 * a new participant joined (two events appended: what a query costs when its campaign just changed).
 *
 * Self-contained so that it runs in another checkout too (ADR 0055 compared the landed main so): copy it into that
 * checkout's `bench/orga/src/` and run it there. It finds that checkout's names for the service and the SQLite
 * layer at run time. Prints one JSON line.
 *
 * Run: `pnpm exec node --trace-gc bench/orga/src/resultsQuery.ts` (`SAMPLES=2000`, `IMPORT_RUNS=1` to vary).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PerformanceObserver } from "node:perf_hooks"
import * as v8 from "node:v8"
import { runInNewContext } from "node:vm"
import { TargetProfile } from "@orga/domain"
import { EventStore } from "@orga/event-store"
import * as Library from "@orga/orga"
import { Siecle } from "@orga/siecle"
import * as SiecleTesting from "@orga/siecle/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

type Orga = Library.Orga.OrgaShape
type StoreLayer = Layer.Layer<EventStore.EventStore, unknown>
// The landed main named the service `Orga.Orga`, the actor a plain object and the SQLite layer `Stores.sqlite`.
const names = Library as unknown as {
  readonly Orga: { readonly all?: unknown; readonly Orga?: unknown; readonly user?: (id: string) => unknown }
  readonly Stores?: { readonly sqlite?: (file: string) => StoreLayer }
}
const service = (names.Orga.all ?? names.Orga.Orga) as Effect.Effect<Orga, never, Library.Orga.Services>
const user = (id: string) =>
  (names.Orga.user?.(id) ?? { _tag: "User", userId: id }) as ReturnType<typeof Library.Orga.user>
const sqliteLayer = async (file: string): Promise<StoreLayer> =>
  names.Stores?.sqlite?.(file) ??
  ((await import("@orga/orga/sqlite" as string)) as { layer: (file: string) => StoreLayer }).layer(file)

const samples = Number(process.env.SAMPLES ?? 200)
const schools = Number(process.env.IMPORT_RUNS ?? 5)
const pixAdmin = "bench-admin"
const now = "2026-11-20T10:00:00.000Z"
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const fullGc = (): void => {
  if (globalThis.gc === undefined) v8.setFlagsFromString("--expose-gc")
  ;(globalThis.gc ?? (runInNewContext("gc") as () => void))()
}
let counter = 0

const schoolFile = (uai: string, wanted: number, seed: number) => {
  let size = Math.ceil(wanted * 1.12)
  while (true) {
    const school = SiecleTesting.generateSchool({ seed, students: size, uai, schoolYear: "2026" })
    if (school.expected.students.length >= wanted)
      return SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15")
    size += Math.ceil(wanted * 0.02)
  }
}

// A participant's stream, appended directly as `main.ts` seeds them.
const participation = (campaignId: string, learnerId: string, index: number | null) => {
  const base = { participationId: `${campaignId}-${learnerId}`, campaignId, occurredAt: now }
  const userId = `u-${learnerId}`
  const events: Array<{ _tag: string } & Record<string, unknown>> = [
    {
      _tag: "ParticipationStarted",
      ...base,
      organizationId: "lycee-5000",
      campaignType: "ASSESSMENT",
      userId,
      participantExternalId: null,
      status: "STARTED",
      isRetry: false,
      isReset: false
    },
    { _tag: "ParticipationLinked", ...base, learnerId, userId }
  ]
  if (index !== null) {
    const sample = Library.TargetProfiles.sample
    const validated = sample.skills.slice(0, index % 12).map((skill) => skill.id)
    events.push({ _tag: "AssessmentCompleted", ...base, validatedSkillIds: validated, testedSkillIds: validated })
    if (index % 4 !== 3)
      events.push({ _tag: "ParticipationShared", ...base, ...TargetProfile.mastery(sample, validated) })
  }
  return {
    streamId: `participation-${campaignId}-${learnerId}`,
    expectedVersion: { _tag: "NoStream" as const },
    events: events.map((data) => ({
      id: `results-${process.pid}-${++counter}`,
      type: data._tag,
      data,
      metadata: { organizationId: "lycee-5000" }
    }))
  }
}

const program = Effect.gen(function* () {
  const orga = yield* service
  const store = yield* EventStore.EventStore
  yield* orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "pix@bench.fr" })
  yield* orga.registerUser({ userId: "admin", firstName: "Ad", lastName: "Min", email: "admin@bench.fr" })
  const bytes = schoolFile("0335000A", 5000, 5000)
  const organizations = [
    "lycee-cold",
    "lycee-5000",
    ...Array.from({ length: schools - 1 }, (_, i) => `lycee-5000-${i + 1}`)
  ]
  for (const organizationId of organizations) {
    yield* orga.registerOrganization(user(pixAdmin), {
      organizationId,
      name: "Lycée",
      type: "SCO",
      uai: "0335000A",
      isManagingStudents: true
    })
    const invitation = yield* orga.inviteFirstAdmin(user(pixAdmin), { organizationId, email: "admin@bench.fr" })
    yield* orga.acceptInvitation(user("admin"), { organizationId, ...invitation })
    yield* orga.importSiecleFile(user("admin"), { organizationId, fileName: "eleves.xml", bytes })
  }
  for (let run = 0; run < schools; run++)
    yield* orga.importSiecleFile(user("admin"), { organizationId: "lycee-5000", fileName: "eleves.xml", bytes })
  for (let run = 0; run < schools; run++) Siecle.read(bytes, { uai: "0335000A" })
  const { campaignId } = yield* orga.createCampaign(user("admin"), {
    organizationId: "lycee-5000",
    name: "Évaluation",
    type: "ASSESSMENT",
    targetProfileId: Library.TargetProfiles.sample.id
  })
  const learners = yield* orga.learners(user("admin"), "lycee-5000")
  let position = 0n
  for (let start = 0; start < 3000; start += 500)
    position = (yield* store.append(
      learners
        .slice(start, start + 500)
        .map((learner, offset) => participation(campaignId, learner.learnerId, start + offset))
    )).position
  yield* store.awaitPosition(position)
  yield* orga.campaignResults(user("admin"), campaignId)

  // The timed queries, with the collections that fell inside them (`--trace-gc` prints them between the marks).
  const collections: Array<{ readonly start: number; readonly duration: number; readonly kind: number }> = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      collections.push({
        start: entry.startTime,
        duration: entry.duration,
        kind: (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind ?? 0
      })
  })
  observer.observe({ entryTypes: ["gc"] })
  const times: Array<number> = []
  console.log("=== queries start")
  const started = performance.now()
  for (let i = 0; i < samples; i++) {
    const start = performance.now()
    yield* orga.campaignResults(user("admin"), campaignId)
    times.push(performance.now() - start)
  }
  const ended = performance.now()
  console.log("=== queries end")

  // What the heap keeps, and what one query allocates (heap growth over 5 queries, runs without a collection).
  fullGc()
  const retained = v8.getHeapStatistics().used_heap_size
  const allocated: Array<number> = []
  for (let run = 0; run < 40; run++) {
    const before = v8.getHeapStatistics().used_heap_size
    for (let i = 0; i < 5; i++) yield* orga.campaignResults(user("admin"), campaignId)
    const after = v8.getHeapStatistics().used_heap_size
    if (after > before) allocated.push((after - before) / 5)
  }

  // Each query right after a change of its campaign: a new participant joins.
  const afterChange: Array<number> = []
  for (const learner of learners.slice(3000, 3200)) {
    const appended = yield* store.append([participation(campaignId, learner.learnerId, null)])
    yield* store.awaitPosition(appended.position)
    const start = performance.now()
    yield* orga.campaignResults(user("admin"), campaignId)
    afterChange.push(performance.now() - start)
  }
  yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)))
  observer.disconnect()
  const inside = collections.filter((entry) => entry.start >= started && entry.start <= ended)
  // `kind` 1 is a scavenge (`perf_hooks.constants.NODE_PERFORMANCE_GC_MINOR`).
  const scavenges = inside.filter((entry) => entry.kind === 1)
  const fmt = (value: number) => value.toFixed(3)
  console.log(
    JSON.stringify({
      schools,
      samples,
      p50: fmt(percentile(times, 50)),
      p95: fmt(percentile(times, 95)),
      p99: fmt(percentile(times, 99)),
      scavengesInQueries: scavenges.length,
      scavengeMs: fmt(scavenges.reduce((sum, entry) => sum + entry.duration, 0)),
      otherCollectionsInQueries: inside.length - scavenges.length,
      retainedMB: (retained / 1048576).toFixed(1),
      allocatedPerQueryKB: allocated.length === 0 ? null : Math.round(percentile(allocated, 50) / 1024),
      afterChangeP50: fmt(percentile(afterChange, 50)),
      afterChangeP95: fmt(percentile(afterChange, 95))
    })
  )
})

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "orga-results-"))
  try {
    const config = { targetProfiles: [Library.TargetProfiles.sample], pixAdminIds: [pixAdmin] }
    const store = await sqliteLayer(join(dir, "results.db"))
    await Effect.runPromise(
      program.pipe(
        Effect.provide(Layer.provideMerge(Library.Orga.layer(config), Layer.merge(store, Library.Runtime.live)))
      ) as Effect.Effect<void, unknown>
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
