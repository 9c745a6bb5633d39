/**
 * The compute cost of the heaviest school pages (issue 17): certificability by class, the learners list (its first
 * page) and the results of the 300-participant campaign, as the library's own query modules compute them over one
 * académie school's read models, in process (no HTTP, no store round trip).
 *
 * For each page, per round:
 * - "first": the first call of fresh query modules over freshly folded read models (nothing cached: an instance
 *   that just loaded the school);
 * - "moved": the first call after the log moved elsewhere (the position advanced by events of other schools: what
 *   every page pays during the rentrée);
 * - "warm": the same call again at the same position.
 * Each figure is the median of `ROUNDS` rounds (default 15). The school is built as bench/scale builds it
 * (`Academie.schoolEvents`, `SCALE_SCHOOLS` schools folded, 1 unless told; the first is measured).
 *
 *   pnpm exec node --expose-gc bench/orga/src/pages.ts         (`ROUNDS=30`, `SCALE_STUDENTS=…` to vary)
 *   pnpm exec node --cpu-prof bench/orga/src/pages.ts          (a profile of the same)
 *   pnpm exec node bench/orga/src/pages.ts --before 7c277cd    (before and after, side by side)
 *
 * `--before <commit>` compares: the query modules of `packages/orga/src` at that commit (extracted with `git
 * archive` into a temporary directory) and those of this checkout, each in its own process, alternated
 * `PAGES_RUNS` times (default 5); it prints the median of the runs' medians and their ratio. `ORGA_SRC` (a copy of
 * `packages/orga/src`) is how a run is pointed at the other modules.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type { Plumbing as PlumbingShape } from "../../../packages/orga/src/internal/Plumbing.ts"
import * as Academie from "../../scale/src/Academie.ts"

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
const ms = (value: number) => value.toFixed(2).replace(".", ",")
const names = ["certificability", "learners", "results"] as const
type Page = (typeof names)[number]
const kinds = ["first", "moved", "warm"] as const
type Figures = Record<Page, Record<(typeof kinds)[number], number>>

const here = Path.resolve(import.meta.dirname, "../../../packages/orga/src")

// Before and after: the other commit's modules extracted beside a link to this package's dependencies, so that
// their imports (`@orga/domain`, `effect`) resolve as this checkout's do.
const compare = (commit: string) => {
  const root = Path.resolve(import.meta.dirname, "../../..")
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-pages-before-"))
  const archive = spawnSync("sh", ["-c", `git -C "${root}" archive ${commit} packages/orga/src | tar -x -C "${dir}"`])
  if (archive.status !== 0) throw new Error(`git archive ${commit} a échoué : ${archive.stderr}`)
  Fs.symlinkSync(Path.join(root, "packages/orga/node_modules"), Path.join(dir, "packages/orga/node_modules"))
  const runs = Number(process.env.PAGES_RUNS ?? "5")
  const before: Array<Figures> = []
  const after: Array<Figures> = []
  const run = (src: string): Figures => {
    const child = spawnSync(process.execPath, ["--expose-gc", import.meta.filename], {
      env: { ...process.env, ORGA_SRC: src },
      encoding: "utf8"
    })
    if (child.status !== 0) throw new Error(child.stderr)
    const lines = child.stdout.trim().split("\n")
    return JSON.parse(lines[lines.length - 1]!) as Figures
  }
  for (let index = 0; index < runs; index++) {
    before.push(run(Path.join(dir, "packages/orga/src")))
    after.push(run(here))
  }
  Fs.rmSync(dir, { recursive: true, force: true })
  console.log(
    `${commit} (avant) et cette copie (après), ${runs} exécutions alternées de ${process.env.ROUNDS ?? "15"} tours ; médiane des médianes, en ms ; charge ${Os.loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`
  )
  const table: Record<string, Record<string, string>> = {}
  for (const name of names)
    for (const kind of kinds) {
      const b = median(before.map((figures) => figures[name][kind]))
      const a = median(after.map((figures) => figures[name][kind]))
      console.log(`  ${name}, ${kind} : avant ${ms(b)}, après ${ms(a)} (× ${(b / a).toFixed(1).replace(".", ",")})`)
      table[`${name} ${kind}`] = { before: b.toFixed(3), after: a.toFixed(3) }
    }
  console.log(JSON.stringify(table))
}

const measure = async (src: string) => {
  const LearnerList = (await import(
    Path.join(src, "internal/LearnerList.ts")
  )) as typeof import("../../../packages/orga/src/internal/LearnerList.ts")
  const Plumbing = (await import(
    Path.join(src, "internal/Plumbing.ts")
  )) as typeof import("../../../packages/orga/src/internal/Plumbing.ts")
  const ReadModels = (await import(
    Path.join(src, "internal/ReadModels.ts")
  )) as typeof import("../../../packages/orga/src/internal/ReadModels.ts")
  const Reports = (await import(
    Path.join(src, "internal/Reports.ts")
  )) as typeof import("../../../packages/orga/src/internal/Reports.ts")
  const Results = (await import(
    Path.join(src, "internal/Results.ts")
  )) as typeof import("../../../packages/orga/src/internal/Results.ts")
  const Orga = (await import(Path.join(src, "Orga.ts"))) as typeof import("../../../packages/orga/src/Orga.ts")
  const Runtime = (await import(
    Path.join(src, "runtime/Runtime.ts")
  )) as typeof import("../../../packages/orga/src/runtime/Runtime.ts")
  const TargetProfiles = (await import(
    Path.join(src, "TargetProfiles.ts")
  )) as typeof import("../../../packages/orga/src/TargetProfiles.ts")

  const options = Academie.fromEnv({ ...process.env, SCALE_SCHOOLS: process.env.SCALE_SCHOOLS ?? "1" })
  const rounds = Number(process.env.ROUNDS ?? "15")

  const began = performance.now()
  const log = Academie.recordedLog(options)
  const generated = performance.now() - began
  // The school's read models, folded again for each round: a first call finds nothing computed before, as in an
  // instance that just loaded the school.
  const fold = () => {
    const models = ReadModels.make()
    models.apply(log)
    return models
  }
  let models = fold()
  const built = performance.now() - began - generated
  let position = BigInt(log.length)
  const plan = Academie.school(0, options)

  // The plumbing as the library makes it (over an empty store), then given the folded models and their position, as
  // bench/scale/src/follower.ts does; the rights checks read the school's organization and campaigns.
  const config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [Academie.pixAdminId] }
  const runtime = Runtime.deterministic({ start: "2026-11-20T10:00:00.000Z", idPrefix: "id" })
  const made = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const services = yield* Layer.build(Layer.mergeAll(MemoryEventStore.layer, runtime.layer))
        return yield* Effect.provide(Plumbing.make(config), services)
      })
    )
  )
  made.models.organizations.set(plan.organizationId, models.organizations.get(plan.organizationId)!)
  for (const campaignId of models.campaignsByOrganization.get(plan.organizationId) ?? [])
    made.models.campaigns.set(campaignId, models.campaigns.get(campaignId)!)

  // New read models and a new plumbing object each time: the results' row maker is kept per plumbing, the school
  // index per read models, so fresh modules share nothing.
  const freshPages = () => {
    models = fold()
    const plumbing: PlumbingShape = { ...made, models, catchup: { ...made.catchup, position: () => position } }
    const actor = Orga.user(plan.adminId)
    const results = Results.make(plumbing)
    const learners = LearnerList.make(plumbing)
    const reports = Reports.make(plumbing)
    return {
      certificability: reports.certificability(actor, plan.organizationId) as Effect.Effect<unknown, unknown>,
      learners: learners.learnersPage(actor, plan.organizationId, { page: 1, pageSize: 50 }) as Effect.Effect<
        unknown,
        unknown
      >,
      results: results.campaignResults(actor, plan.headline.campaignId) as Effect.Effect<unknown, unknown>
    }
  }

  const timed = (effect: Effect.Effect<unknown, unknown>) => {
    const started = performance.now()
    Effect.runSync(effect)
    return performance.now() - started
  }
  const figures = Object.fromEntries(
    names.map((name) => [name, { first: [] as Array<number>, moved: [] as Array<number>, warm: [] as Array<number> }])
  ) as Record<Page, { first: Array<number>; moved: Array<number>; warm: Array<number> }>

  for (let round = 0; round < rounds; round++) {
    const pages = freshPages()
    // The fold's garbage collected first (with `--expose-gc`): the first calls pay for their own.
    ;(globalThis as { gc?: () => void }).gc?.()
    for (const name of names) figures[name].first.push(timed(pages[name]))
    // Other schools wrote: the log's position moves, this school's read models do not.
    position += 1n
    for (const name of names) figures[name].moved.push(timed(pages[name]))
    for (const name of names) figures[name].warm.push(timed(pages[name]))
  }

  // What the HTTP app adds per request for certificability by class, which its read cache does not keep (the
  // answer reads the clock): the answer's encoding by its schema, then to JSON and UTF-8.
  const ViewSchemas = (await import(
    Path.join(src, "ViewSchemas.ts")
  )) as typeof import("../../../packages/orga/src/ViewSchemas.ts")
  const encode = Schema.encodeUnknownSync(ViewSchemas.CertificabilityReport)
  const answer = Effect.runSync(freshPages().certificability)
  const encodings: Array<number> = []
  let bytes = 0
  for (let round = 0; round < rounds; round++) {
    const started = performance.now()
    bytes = Buffer.byteLength(JSON.stringify(encode(answer)))
    encodings.push(performance.now() - started)
  }

  console.log(
    `${options.schools} établissement(s) × ${options.students} élèves, ${log.length} événements générés en ${(generated / 1000).toFixed(1)} s, repliés en ${(built / 1000).toFixed(2)} s ; ${rounds} tours, médianes :`
  )
  console.log(`  certificabilité encodée (schéma, JSON, UTF-8) : ${ms(median(encodings))} ms, ${bytes} octets`)
  for (const name of names)
    console.log(
      `  ${name} : premier appel ${ms(median(figures[name].first))} ms, après que le journal a avancé ${ms(median(figures[name].moved))} ms, à chaud ${ms(median(figures[name].warm))} ms`
    )
  console.log(
    JSON.stringify(
      Object.fromEntries(
        names.map((name) => [
          name,
          {
            first: median(figures[name].first),
            moved: median(figures[name].moved),
            warm: median(figures[name].warm)
          }
        ])
      )
    )
  )
}

const beforeAt = process.argv.indexOf("--before")
if (beforeAt >= 0) compare(process.argv[beforeAt + 1] ?? "HEAD")
else await measure(process.env.ORGA_SRC ?? here)
