/**
 * What one loaded school costs in the heap of an instance serving from the partition rows (issue 17, "A school's
 * weight"), split by what holds it: the follower's decoded partitions (its read models), the library's per-school
 * indexes of the heavy pages (`SchoolIndex`, the learners list's and the reports' caches), and the app's read cache
 * (`ReadCache`: the encoded answers). Then whether a bounded follower keeps only what it keeps: with a bound of one
 * school, the pages of every school shown in turn, and the heap after each.
 *
 * In process, over the dev académie (`SCALE_SCHOOLS`, 10 unless told): generated, folded once in memory, split into
 * encoded rows (as the projection writes them) that a `PartitionCache` loads. Every figure is `heapUsed` after
 * `gc()` (run with `--expose-gc`), so it counts what is reachable, not what v8 keeps reserved; RSS is printed beside.
 *
 *   pnpm exec node --expose-gc bench/scale/src/school.ts
 *
 * @since 0.3.0
 */
import * as V8 from "node:v8"
import { ExpectedVersion, MemoryEventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as ReadCache from "../../../apps/http/src/position/ReadCache.ts"
import * as LearnerList from "../../../packages/orga/src/internal/LearnerList.ts"
import * as PartitionCache from "../../../packages/orga/src/internal/PartitionCache.ts"
import type * as PartitionCacheSource from "../../../packages/orga/src/internal/PartitionCacheSource.ts"
import * as PartitionRouter from "../../../packages/orga/src/internal/PartitionRouter.ts"
import * as Partitions from "../../../packages/orga/src/internal/Partitions.ts"
import * as ReadModels from "../../../packages/orga/src/internal/ReadModels.ts"
import * as Reports from "../../../packages/orga/src/internal/Reports.ts"
import * as Results from "../../../packages/orga/src/internal/Results.ts"
import * as Orga from "../../../packages/orga/src/Orga.ts"
import * as TargetProfiles from "../../../packages/orga/src/TargetProfiles.ts"
import * as FollowerPlumbing from "../../../packages/orga/test/support/followerPlumbing.ts"
import * as Academie from "./Academie.ts"

const options = Academie.fromEnv({ ...process.env, SCALE_SCHOOLS: process.env.SCALE_SCHOOLS ?? "10" })
const shown = Math.min(options.schools, 10)

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("Lancer avec node --expose-gc")
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} Mo`

// The académie folded once, split into encoded rows (the projection's), with the router and the head.
const produce = () => {
  const models = ReadModels.make()
  const router = PartitionRouter.make()
  let position = 0n
  for (let index = 0; index < options.schools; index++)
    Academie.schoolEvents(
      Academie.school(index, options),
      options,
      (appends) => {
        const batch = appends.flatMap((append) =>
          append.events.map((event, at) => ({
            id: event.id,
            streamId: append.streamId,
            type: event.type,
            data: event.data,
            metadata: {},
            streamVersion: BigInt(at + 1),
            globalPosition: ++position,
            recordedAt: new Date(0),
            commandId: null
          }))
        )
        models.apply(batch)
        for (const event of batch)
          PartitionRouter.observe(router, event.streamId, event.data as Parameters<typeof PartitionRouter.observe>[2])
      },
      (login) => `h${login.length}-${login}`
    )
  const rows = new Map<PartitionRouter.Key, Uint8Array>()
  for (const [key, state] of Partitions.split(models, router)) rows.set(key, Partitions.encode(state))
  return { rows, router: PartitionRouter.encode(router), head: position }
}

const sourceOf = (produced: ReturnType<typeof produce>): PartitionCacheSource.Source => {
  const checkpoint = Effect.succeed(produced.head)
  return {
    checkpoint,
    router: Effect.sync(() => ({ router: PartitionRouter.decode(produced.router), checkpoint: produced.head })),
    rows: (keys) =>
      Effect.sync(() => {
        const states = new Map<PartitionRouter.Key, Partitions.PartitionState>()
        for (const key of keys) {
          const row = produced.rows.get(key)
          if (row !== undefined) states.set(key, Partitions.decode(row))
        }
        return { checkpoint: produced.head, rows: states }
      }),
    tail: () => Effect.succeed([])
  }
}

// The library's query modules over the follower's models (as `follower.ts` makes them), and the app's read cache
// keeping each page's JSON per key, as the handlers do.
const pagesOver = async (cache: PartitionCache.PartitionCache) => {
  const config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [Academie.pixAdminId] }
  const { plumbing, made } = await FollowerPlumbing.over(cache, config, "2027-09-01T08:00:00.000Z")
  const results = Results.make(plumbing)
  const learners = LearnerList.make(plumbing)
  const reports = Reports.make(plumbing)
  // The app's cache over a log of its own (it reads only the head): phase 2 moves it between schools, as other
  // schools' writes do under load.
  const log = MemoryEventStore.makeUnsafe()
  const readCache = ReadCache.make(log)
  const write = (index: number) =>
    Effect.runPromise(
      log.append([
        {
          streamId: `other-${index}`,
          expectedVersion: ExpectedVersion.noStream,
          events: [{ id: `other-${index}`, type: "T", data: {} }]
        }
      ])
    )
  // The rights checks read the school's organization and campaigns from the plumbing's own models: they are put
  // there for the pages and taken out after (nothing of the school is kept outside the follower's models).
  const lend = (plan: Academie.SchoolPlan, put: boolean) => {
    const organization = cache.models.organizations.get(plan.organizationId)!
    if (put) made.models.organizations.set(plan.organizationId, organization)
    else made.models.organizations.delete(plan.organizationId)
    for (const campaignId of cache.models.campaignsByOrganization.get(plan.organizationId) ?? [])
      if (put) made.models.campaigns.set(campaignId, cache.models.campaigns.get(campaignId)!)
      else made.models.campaigns.delete(campaignId)
  }
  const show = (plan: Academie.SchoolPlan) =>
    Effect.runPromise(
      Effect.gen(function* () {
        lend(plan, true)
        const actor = Orga.user(plan.adminId)
        yield* readCache.json(
          `results/${plan.headline.campaignId}`,
          results.campaignResults(actor, plan.headline.campaignId)
        )
        yield* readCache.json(`learners/${plan.organizationId}`, learners.learners(actor, plan.organizationId, {}))
        yield* readCache.json(
          `certificability/${plan.organizationId}`,
          reports.certificability(actor, plan.organizationId)
        )
        lend(plan, false)
      }) as Effect.Effect<void>
    )
  return { show, readCache, write }
}

const produced = produce()
console.log(
  `${options.schools} établissements × ${options.students} élèves ; lignes : ${mb([...produced.rows.values()].reduce((sum, row) => sum + row.length, 0))} encodées`
)
const plans = Array.from({ length: shown }, (_, index) => Academie.school(index, options))

// 1. Loading 1, 5, 10 schools and showing their three heavy pages: what each layer adds.
{
  const cache = await Effect.runPromise(PartitionCache.start(sourceOf(produced), { maxSchools: shown }))
  const pages = await pagesOver(cache)
  const ready = heap()
  console.log(`prêt : tas ${mb(ready)}, RSS ${mb(process.memoryUsage().rss)}`)
  let loadedBytes = 0
  let indexBytes = 0
  let appBytes = 0
  for (const [index, plan] of plans.entries()) {
    const before = heap()
    await Effect.runPromise(PartitionCache.ensureSchool(cache, plan.organizationId))
    const loaded = heap()
    // The pages computed and their answers kept: what the app's cache holds is its encoded bytes, the rest the
    // library's indexes of the pages.
    const cachedBefore = (await Effect.runPromise(pages.readCache.size)).bytes
    await pages.show(plan)
    const withPages = heap()
    const cached = (await Effect.runPromise(pages.readCache.size)).bytes - cachedBefore
    loadedBytes += loaded - before
    indexBytes += withPages - loaded - cached
    appBytes += cached
    const count = index + 1
    if (count === 1 || count === 5 || count === 10)
      console.log(
        `  ${count} établissement(s) chargé(s) et montré(s) : tas ${mb(withPages)} (+${mb(withPages - ready)}), RSS ${mb(process.memoryUsage().rss)} ; par établissement : partitions ${mb(loadedBytes / count)}, index des pages ${mb(indexBytes / count)}, cache de l'app ${mb(appBytes / count)} (octets encodés)`
      )
  }
}

// 2. A follower bounded to one school, every school's pages shown in turn, the log moving after each (another
// school's write): the heap should hold one school, the app's cache the answers of the log's head.
{
  const base = heap()
  const cache = await Effect.runPromise(PartitionCache.start(sourceOf(produced), { maxSchools: 1 }))
  const pages = await pagesOver(cache)
  const line: Array<string> = []
  for (const [index, plan] of plans.entries()) {
    await Effect.runPromise(PartitionCache.ensureSchool(cache, plan.organizationId))
    await pages.show(plan)
    await pages.write(index)
    line.push(mb(heap() - base))
  }
  const { entries, bytes } = await Effect.runPromise(pages.readCache.size)
  if (process.env.SCHOOL_SNAPSHOT !== undefined) V8.writeHeapSnapshot(process.env.SCHOOL_SNAPSHOT)
  console.log(
    `suiveur borné à 1 établissement, les ${shown} montrés tour à tour, le journal avançant après chacun : tas après chacun ${line.join(", ")} ; cache de l'app ${entries} réponses, ${mb(bytes)} ; RSS ${mb(process.memoryUsage().rss)}`
  )
}

// 3. Where a loaded school's partitions weigh: each read model's map emptied in turn, the heap each gives back (what
// is left, then what the follower's own bookkeeping gives back: the loaded keys, who needs them, its derived index).
{
  const cache = await Effect.runPromise(PartitionCache.start(sourceOf(produced), { maxSchools: 1 }))
  const before = heap()
  await Effect.runPromise(PartitionCache.ensureSchool(cache, plans[0]!.organizationId))
  let last = heap()
  const parts: Array<string> = []
  const give = (name: string, entries: number, clear: () => void) => {
    clear()
    const now = heap()
    if (last - now > 50_000) parts.push(`${name} (${entries}) ${mb(last - now)}`)
    last = now
  }
  const school = last - before
  const models = cache.models as unknown as Record<string, unknown>
  for (const [name, value] of Object.entries(models))
    if (value instanceof Map || value instanceof Set) give(name, value.size, () => value.clear())
  for (const [root, value] of Object.entries(cache.models.roots))
    for (const [field, inner] of Object.entries(value))
      if (inner instanceof Map || inner instanceof Set) give(`${root}.${field}`, inner.size, () => inner.clear())
  for (const name of ["owners", "needs", "loaded"] as const) {
    const value = cache[name]
    give(`suiveur.${name}`, value.size, () => value.clear())
  }
  for (const [name, value] of Object.entries(cache.derived))
    give(`suiveur.derived.${name}`, value.size, () => value.clear())
  console.log(
    `un établissement chargé : ${mb(school)} ; ${parts.join(", ")} ; reste ${mb(last - before)} (${cache.loaded.size} partitions)`
  )
}
