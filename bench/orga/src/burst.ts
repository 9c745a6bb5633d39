/**
 * The classroom burst (issue 11): 300 students of one school join one campaign at the same instant, each
 * linking his account to his learner. Prints, per store (SQLite with durable writes, PostgreSQL), the time until
 * the last join answered and the per-join latency (p50, p99, max), for BURST_RUNS runs on fresh stores (default
 * 3), then the medians. BURST_STUDENTS changes the class size.
 *
 * Run: `BENCH_ONLY=burst pnpm --filter @orga/bench-orga bench` (BENCH_STORES=sqlite,postgres narrows it).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { EventStore, EventStoreError } from "@orga/event-store"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import * as SiecleTesting from "@orga/siecle/testing"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"

type StoreLayer = Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
const user = Orga.user
const pixAdmin = "bench-admin"
const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [pixAdmin] }
const uai = "0331234X"

const fmt = (value: number) => value.toFixed(1)
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** A generated school with at least `wanted` importable students. */
const school = (wanted: number) => {
  let size = Math.ceil(wanted * 1.15)
  while (true) {
    const generated = SiecleTesting.generateSchool({ seed: 7, students: size, uai, schoolYear: "2026" })
    if (generated.expected.students.length >= wanted)
      return {
        bytes: SiecleTesting.encode(SiecleTesting.render(generated.document, "UTF-8"), "UTF-8"),
        students: generated.expected.students.slice(0, wanted)
      }
    size += Math.ceil(wanted * 0.05)
  }
}

interface Figures {
  readonly totalMs: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly failed: number
}

/** Seeds a school on a fresh store, then times `students` joins started at the same instant. */
const once = (store: StoreLayer, students: number) =>
  Effect.gen(function* () {
    const orga = yield* Orga.all
    const { bytes, students: learners } = school(students)
    for (const userId of [pixAdmin, "admin"])
      yield* orga.registerUser({ userId, firstName: "A", lastName: userId, email: `${userId}@bench.fr` })
    yield* orga.registerOrganization(user(pixAdmin), {
      organizationId: "org",
      name: "Collège",
      type: "SCO",
      uai,
      isManagingStudents: true
    })
    const invitation = yield* orga.inviteFirstAdmin(user(pixAdmin), { organizationId: "org", email: "admin@bench.fr" })
    yield* orga.acceptInvitation(user("admin"), { organizationId: "org", ...invitation })
    yield* orga.importSiecleFile(user("admin"), { organizationId: "org", fileName: "e.xml", bytes })
    const { code } = yield* orga.createCampaign(user("admin"), {
      organizationId: "org",
      name: "Rentrée",
      type: "PROFILES_COLLECTION"
    })
    for (const [i] of learners.entries())
      yield* orga.registerUser({ userId: `s${i}`, firstName: "S", lastName: `s${i}`, username: `s${i}.0101` })
    const start = performance.now()
    const joins = yield* Effect.forEach(
      learners,
      (student, i) =>
        Effect.suspend(() => {
          const joinStart = performance.now()
          return Effect.map(
            Effect.exit(
              orga.joinCampaign(user(`s${i}`), {
                code,
                firstName: student.firstName,
                lastName: student.lastName,
                birthdate: student.birthdate
              })
            ),
            (exit) => ({ ok: Exit.isSuccess(exit), ms: performance.now() - joinStart })
          )
        }),
      { concurrency: "unbounded" }
    )
    const totalMs = performance.now() - start
    const latencies = joins.map((join) => join.ms)
    const figures: Figures = {
      totalMs,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      failed: joins.filter((join) => !join.ok).length
    }
    return figures
  }).pipe(Effect.scoped, Effect.provide(Layer.provideMerge(Orga.layer(config), Layer.merge(store, Runtime.live))))

const report = async (name: string, runs: number, students: number, storeOf: (run: number) => StoreLayer) => {
  const all: Array<Figures> = []
  for (let run = 1; run <= runs; run++) {
    const figures = await Effect.runPromise(once(storeOf(run), students))
    all.push(figures)
    console.log(
      `[${name}] burst ${run}/${runs}: ${students} joins at once in ${fmt(figures.totalMs)} ms; per join p50 ${fmt(figures.p50)} ms, p99 ${fmt(figures.p99)} ms, max ${fmt(figures.max)} ms; failed ${figures.failed}`
    )
  }
  const median = (pick: (figures: Figures) => number) => fmt(percentile(all.map(pick), 50))
  console.log(
    `[${name}] burst of ${students}, median of ${runs}: ${median((f) => f.totalMs)} ms for all, per join p99 ${median((f) => f.p99)} ms; failed ${all.reduce((sum, f) => sum + f.failed, 0)}`
  )
}

/**
 * Runs the burst benchmark on the stores of `BENCH_STORES` (default both).
 *
 * @since 0.1.0
 */
export const main = async () => {
  const runs = Number(process.env.BURST_RUNS ?? 3)
  const students = Number(process.env.BURST_STUDENTS ?? 300)
  const stores = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",")
  if (stores.includes("sqlite")) {
    const dir = mkdtempSync(join(tmpdir(), "orga-burst-"))
    try {
      await report("sqlite", runs, students, (run) => Sqlite.layer(join(dir, `burst-${run}.db`)))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (stores.includes("postgres")) {
    const given = process.env.DATABASE_URL
    const cluster = given ? undefined : await startPostgresCluster()
    const url = given ?? cluster!.url
    try {
      const suffix = `${process.pid}_${Date.now()}`
      await report("postgres", runs, students, (run) => Postgres.layer(url, `orga_bench_burst_${suffix}_${run}`))
    } finally {
      cluster?.stop()
    }
  }
}
