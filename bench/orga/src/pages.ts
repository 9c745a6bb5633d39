/**
 * The compute cost of the heaviest school pages (issue 17): certificability by class, the learners list and the
 * results of the 300-participant campaign, as the library's own query modules compute them over one académie
 * school's read models, in process (no HTTP, no store round trip).
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
 *   pnpm exec node bench/orga/src/pages.ts              (`ROUNDS=30`, `SCALE_STUDENTS=…` to vary)
 *   pnpm exec node --cpu-prof bench/orga/src/pages.ts   (a profile of the same)
 *
 * Prints one line per page and a JSON line.
 */
import { MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as LearnerList from "../../../packages/orga/src/internal/LearnerList.ts"
import * as Plumbing from "../../../packages/orga/src/internal/Plumbing.ts"
import * as ReadModels from "../../../packages/orga/src/internal/ReadModels.ts"
import * as Reports from "../../../packages/orga/src/internal/Reports.ts"
import * as Results from "../../../packages/orga/src/internal/Results.ts"
import * as Orga from "../../../packages/orga/src/Orga.ts"
import * as Runtime from "../../../packages/orga/src/runtime/Runtime.ts"
import * as TargetProfiles from "../../../packages/orga/src/TargetProfiles.ts"
import * as Academie from "../../scale/src/Academie.ts"

const options = Academie.fromEnv({ ...process.env, SCALE_SCHOOLS: process.env.SCALE_SCHOOLS ?? "1" })
const rounds = Number(process.env.ROUNDS ?? "15")

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

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
  const plumbing: Plumbing.Plumbing = { ...made, models, catchup: { ...made.catchup, position: () => position } }
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

type Page = keyof ReturnType<typeof freshPages>
const names: ReadonlyArray<Page> = ["certificability", "learners", "results"]
const timed = (effect: Effect.Effect<unknown, unknown>) => {
  const started = performance.now()
  Effect.runSync(effect)
  return performance.now() - started
}
const figures = Object.fromEntries(
  names.map((name) => [name, { first: [] as Array<number>, moved: [] as Array<number>, warm: [] as Array<number> }])
) as Record<Page, { first: Array<number>; moved: Array<number>; warm: Array<number> }>

if (process.env.SHOW === "1") {
  const pages = freshPages()
  for (const name of names) console.log(name, JSON.stringify(Effect.runSync(pages[name])).slice(0, 600))
}
for (let round = 0; round < rounds; round++) {
  const pages = freshPages()
  for (const name of names) figures[name].first.push(timed(pages[name]))
  // Other schools wrote: the log's position moves, this school's read models do not.
  position += 1n
  for (const name of names) figures[name].moved.push(timed(pages[name]))
  for (const name of names) figures[name].warm.push(timed(pages[name]))
}

const ms = (value: number) => value.toFixed(2).replace(".", ",")
console.log(
  `${options.schools} établissement(s) × ${options.students} élèves, ${log.length} événements générés en ${(generated / 1000).toFixed(1)} s, repliés en ${(built / 1000).toFixed(2)} s ; ${rounds} tours, médianes :`
)
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
