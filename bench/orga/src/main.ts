/**
 * End-to-end benchmark of the Orga library on SQLite (a file, durable writes) and PostgreSQL.
 *
 * Prints, per store: a 5,000-student SIECLE import end to end (read, decide, one atomic append, read models
 * caught up), re-importing it unchanged (zero events), the results query of a 3,000-participant campaign
 * (p50/p95 over 200 runs), the CSV export of 10,000 participants (time and peak RSS growth), and rebuilding
 * the read models from 1,000,000 events (each rebuild in a fresh process, as an app starting over an existing
 * log; median of REBUILD_RUNS, default 3), each beside a bare read of the same log (rows read and event data
 * parsed, nothing folded) and, with REBUILD_BASELINE=<another checkout>, beside that checkout's rebuild of the
 * same log (on SQLite, the same log seeded again without the audit trail's scope index and stamped schema
 * version 1, for a baseline older than the index: this tree rebuilds from a file as it writes it, the baseline from
 * one as it wrote it). `BENCH_ONLY=audit` runs `audit.ts` instead. Participations are seeded by appending their events directly (a
 * benchmark of the queries, not of 13,000 joins). Uses DATABASE_URL when set, else a private cluster.
 *
 * Run: `pnpm --filter @orga/bench-orga bench` (or `pnpm exec node bench/orga/src/main.ts`).
 */
import { execFileSync } from "node:child_process"
import { createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import * as v8 from "node:v8"
import { runInNewContext } from "node:vm"
import { TargetProfile } from "@orga/domain"
import { EventStore, type EventStoreError } from "@orga/event-store"
import { SqliteEventStore } from "@orga/event-store-sqlite"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import { Siecle } from "@orga/siecle"
import * as SiecleTesting from "@orga/siecle/testing"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import Pg from "pg"
import * as Achievements from "./achievements.ts"
import * as Analysis from "./analysis.ts"
import * as Audit from "./audit.ts"
import * as Burst from "./burst.ts"
import { profileFor, seedLog } from "./SeedLog.ts"
import * as Snapshot from "./snapshot.ts"

type StoreLayer = Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>

/** Crypto-shredding of personal data on or off (docs/adr/0049-crypto-shredding.md): both run side by side. */
type Shredding = "on" | "off"
const user = Orga.user
const pixAdmin = "bench-admin"
const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [pixAdmin] }

const ms = (start: number) => performance.now() - start
const fmt = (value: number) => value.toFixed(1)
const percentile = (values: Array<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** A generated school with at least `wanted` importable students (the generator leaves some out, as SIECLE does). */
const schoolFile = (uai: string, wanted: number, seed: number) => {
  let size = Math.ceil(wanted * 1.12)
  while (true) {
    const school = SiecleTesting.generateSchool({ seed, students: size, uai, schoolYear: "2026" })
    if (school.expected.students.length >= wanted)
      return {
        bytes: SiecleTesting.encode(SiecleTesting.render(school.document), "ISO-8859-15"),
        count: school.expected.students.length
      }
    size += Math.ceil(wanted * 0.02)
  }
}

/** A full garbage collection, with or without `--expose-gc` on the command line. */
const collectGarbage = (): void => {
  if (globalThis.gc === undefined) v8.setFlagsFromString("--expose-gc")
  ;(globalThis.gc ?? (runInNewContext("gc") as () => void))()
}

let eventCounter = 0
const eventId = () => `bench-${process.pid}-${++eventCounter}`

/** Appends participations (linked, outcome or profile, shared) for the learners of an organization. */
const seedParticipations = (
  orga: Orga.OrgaShape,
  store: EventStore.EventStoreShape,
  organizationId: string,
  campaignId: string,
  type: "ASSESSMENT" | "PROFILES_COLLECTION",
  count: number
) =>
  Effect.gen(function* () {
    const learners = (yield* orga.learners(user("admin"), organizationId)).slice(0, count)
    const now = "2026-11-20T10:00:00.000Z"
    const batch: Array<EventStore.AppendToStream> = []
    let position = 0n
    for (const [index, learner] of learners.entries()) {
      const participationId = `${campaignId}-${learner.learnerId}`
      const base = { participationId, campaignId, occurredAt: now }
      const userId = `u-${learner.learnerId}`
      const events: Array<{ _tag: string } & Record<string, unknown>> = [
        {
          _tag: "ParticipationStarted",
          ...base,
          organizationId,
          campaignType: type,
          userId,
          participantExternalId: null,
          status: type === "ASSESSMENT" ? "STARTED" : "TO_SHARE",
          isRetry: false,
          isReset: false
        },
        { _tag: "ParticipationLinked", ...base, learnerId: learner.learnerId, userId }
      ]
      if (type === "ASSESSMENT") {
        const validated = TargetProfiles.sample.skills.slice(0, index % 12).map((skill) => skill.id)
        events.push({ _tag: "AssessmentCompleted", ...base, validatedSkillIds: validated, testedSkillIds: validated })
        if (index % 4 !== 3)
          events.push({
            _tag: "ParticipationShared",
            ...base,
            ...TargetProfile.mastery(TargetProfiles.sample, validated)
          })
      } else if (index % 4 !== 3) {
        events.push({ _tag: "ProfileShared", ...base, ...profileFor(index) })
      }
      batch.push({
        streamId: `participation-${campaignId}-${learner.learnerId}`,
        expectedVersion: { _tag: "NoStream" },
        events: events.map((data) => ({ id: eventId(), type: data._tag, data, metadata: { organizationId } }))
      })
      if (batch.length === 500) {
        position = (yield* store.append(batch.splice(0))).position
      }
    }
    if (batch.length > 0) position = (yield* store.append(batch.splice(0))).position
    return position
  })

const setupOrganization = (orga: Orga.OrgaShape, organizationId: string, uai: string) =>
  Effect.gen(function* () {
    yield* orga.registerOrganization(user(pixAdmin), {
      organizationId,
      name: `Lycée ${uai}`,
      type: "SCO",
      uai,
      isManagingStudents: true
    })
    const invitation = yield* orga.inviteFirstAdmin(user(pixAdmin), { organizationId, email: "admin@bench.fr" })
    yield* orga.acceptInvitation(user("admin"), { organizationId, ...invitation })
  })

const workload = (name: string, store: StoreLayer) =>
  Effect.gen(function* () {
    const orga = yield* Orga.all
    const events = yield* EventStore.EventStore
    yield* orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "pix@bench.fr" })
    yield* orga.registerUser({ userId: "admin", firstName: "Ad", lastName: "Min", email: "admin@bench.fr" })

    // 1. Import of 5,000 students, end to end. The first import of a process also pays for compiling the
    // SIECLE reader and the folds: it is shown apart (cold), then a second school is imported (warm).
    yield* setupOrganization(orga, "lycee-cold", "0335000A")
    yield* setupOrganization(orga, "lycee-5000", "0335000A")
    const five = schoolFile("0335000A", 5000, 5000)
    let start = performance.now()
    yield* orga.importSiecleFile(user("admin"), {
      organizationId: "lycee-cold",
      fileName: "eleves.xml",
      bytes: five.bytes
    })
    console.log(`[${name}] first import of the process (cold), ${five.count} students: ${fmt(ms(start))} ms`)
    // Warm imports into fresh organizations (the median of `runs`), then re-imports of the same file (zero
    // events each time), then `Siecle.read` alone on the same bytes: the re-import's floor.
    const runs = Number(process.env.IMPORT_RUNS ?? 3)
    const importTimes: Array<number> = []
    let imported: { readonly eventsAppended: number } = { eventsAppended: 0 }
    for (let run = 0; run < runs; run++) {
      const organizationId = run === 0 ? "lycee-5000" : `lycee-5000-${run}`
      if (run > 0) yield* setupOrganization(orga, organizationId, "0335000A")
      start = performance.now()
      imported = yield* orga.importSiecleFile(user("admin"), {
        organizationId,
        fileName: "eleves.xml",
        bytes: five.bytes
      })
      importTimes.push(ms(start))
    }
    const reimportTimes: Array<number> = []
    let again: { readonly eventsAppended: number } = { eventsAppended: 0 }
    for (let run = 0; run < runs; run++) {
      start = performance.now()
      again = yield* orga.importSiecleFile(user("admin"), {
        organizationId: "lycee-5000",
        fileName: "eleves.xml",
        bytes: five.bytes
      })
      reimportTimes.push(ms(start))
    }
    const readTimes: Array<number> = []
    for (let run = 0; run < runs; run++) {
      start = performance.now()
      const read = Siecle.read(five.bytes, { uai: "0335000A" })
      readTimes.push(ms(start))
      if (Result.isFailure(read)) throw new Error("the benchmark's file was refused")
    }
    const readMs = percentile(readTimes, 50)
    console.log(
      `[${name}] import of ${five.count} students end to end: median ${fmt(percentile(importTimes, 50))} ms of ${runs} (${importTimes.map(fmt).join(", ")}; ${imported.eventsAppended} events; target < 1000 ms on SQLite)`
    )
    console.log(
      `[${name}] re-import unchanged: median ${fmt(percentile(reimportTimes, 50))} ms of ${runs} (${reimportTimes.map(fmt).join(", ")}), ${again.eventsAppended} events (target 0 events, < 500 ms); Siecle.read alone on the same file: median ${fmt(readMs)} ms (${readTimes.map(fmt).join(", ")})`
    )

    // 2. Results query of a 3,000-participant campaign.
    const assessment = yield* orga.createCampaign(user("admin"), {
      organizationId: "lycee-5000",
      name: "Évaluation",
      type: "ASSESSMENT",
      targetProfileId: TargetProfiles.sample.id
    })
    const seeded = yield* seedParticipations(orga, events, "lycee-5000", assessment.campaignId, "ASSESSMENT", 3000)
    yield* events.awaitPosition(seeded)
    const warm = yield* orga.campaignResults(user("admin"), assessment.campaignId)
    const times: Array<number> = []
    for (let i = 0; i < 200; i++) {
      start = performance.now()
      yield* orga.campaignResults(user("admin"), assessment.campaignId)
      times.push(ms(start))
    }
    console.log(
      `[${name}] results query, ${warm.participationsCount} participants: p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms (target p95 < 20 ms)`
    )

    // 3. CSV export of 10,000 participants.
    yield* setupOrganization(orga, "lycee-10000", "0331000B")
    const ten = schoolFile("0331000B", 10000, 10000)
    yield* orga.importSiecleFile(user("admin"), {
      organizationId: "lycee-10000",
      fileName: "eleves.xml",
      bytes: ten.bytes
    })
    const collection = yield* orga.createCampaign(user("admin"), {
      organizationId: "lycee-10000",
      name: "Collecte",
      type: "PROFILES_COLLECTION"
    })
    yield* seedParticipations(orga, events, "lycee-10000", collection.campaignId, "PROFILES_COLLECTION", 10000)
    const dir = mkdtempSync(join(tmpdir(), "orga-bench-csv-"))
    // Collect first, whatever the command line: otherwise the growth measures when the last collection ran.
    collectGarbage()
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    start = performance.now()
    const csv = yield* orga.exportResults(user("admin"), collection.campaignId)
    let lines = 0
    yield* Effect.promise(
      () =>
        new Promise<void>((done, failed) => {
          const out = createWriteStream(join(dir, csv.fileName))
          out.on("error", failed)
          const iterator = csv.lines[Symbol.iterator]()
          const pump = () => {
            while (true) {
              const next = iterator.next()
              if (next.done === true) return out.end(done)
              lines++
              if (lines % 500 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
              if (!out.write(next.value)) return out.once("drain", pump)
            }
          }
          pump()
        })
    )
    const exportMs = ms(start)
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
    rmSync(dir, { recursive: true, force: true })
    console.log(
      `[${name}] CSV export of ${lines - 1} participants: ${fmt(exportMs)} ms, peak RSS growth ${fmt((rssPeak - rssBefore) / 1048576)} MB (targets < 1000 ms, < 50 MB)`
    )
  }).pipe(Effect.provide(Layer.provideMerge(Orga.layer(config), Layer.merge(store, Runtime.live))))

/**
 * One rebuild in a fresh process (`rebuildOnce.ts` of `tree`, this one by default): what an app pays when it
 * starts over an existing log; with `bare`, the same log read and parsed without folding anything.
 */
const rebuildInChild = (
  args: ReadonlyArray<string>,
  options: {
    readonly bare?: boolean
    readonly tree?: string
    readonly shredding?: Shredding
    readonly env?: Readonly<Record<string, string>>
  } = {}
): { events: number; millis: number; foldMillis: number } => {
  const script =
    options.tree === undefined
      ? fileURLToPath(new URL("./rebuildOnce.ts", import.meta.url))
      : join(options.tree, "bench", "orga", "src", "rebuildOnce.ts")
  const output = execFileSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      REBUILD_BARE: options.bare === true ? "1" : "0",
      REBUILD_SHREDDING: options.shredding ?? "on",
      ...options.env
    }
  })
  return JSON.parse(output.trim().split("\n").at(-1)!)
}

/**
 * Lets the machine finish the seeding's background work before a rebuild is timed, as it is finished when an app
 * restarts over a log written earlier: the file system's write-back (`sync`), and on PostgreSQL a checkpoint
 * and a vacuum of the new rows (which autovacuum would otherwise start during the first rebuilds).
 */
const settle = (postgres?: { readonly url: string; readonly schema: string }) =>
  Effect.promise(async () => {
    const start = performance.now()
    if (postgres !== undefined) {
      const client = new Pg.Client({ connectionString: postgres.url })
      await client.connect()
      try {
        await client.query("CHECKPOINT")
        await client.query(`VACUUM (ANALYZE) ${postgres.schema}.events`)
      } finally {
        await client.end()
      }
    }
    execFileSync("sync")
    return performance.now() - start
  })

/**
 * The same log in a SQLite file as a tree older than the audit trail's scope index writes it, for that baseline
 * (its code refuses a file of schema version 2): seeded by a store without a scope key (the events table alone,
 * no index rows among its pages), then stamped version 1 with the empty index tables dropped.
 */
const schemaVersion1Log = (file: string, total: number) =>
  Effect.gen(function* () {
    yield* Effect.scoped(
      seedLog(total).pipe(Effect.provide(SqliteEventStore.layer({ filename: file, durability: "full" })))
    )
    const connection = new DatabaseSync(file)
    try {
      connection.exec("DROP TABLE event_scopes; DROP TABLE scope_key; PRAGMA user_version = 1")
    } finally {
      connection.close()
    }
    return ["sqlite", file] as ReadonlyArray<string>
  })

/**
 * Seeds a store with `total` events, lets the machine settle, then rebuilds the read models from it `runs` times,
 * each in a fresh process, and prints each run and the median.
 */
const rebuild = (
  name: string,
  store: StoreLayer,
  childArgs: ReadonlyArray<string>,
  total: number,
  runs: number,
  postgres?: { readonly url: string; readonly schema: string },
  shredding: Shredding = "on",
  baselineArgs: Effect.Effect<ReadonlyArray<string>, unknown> = Effect.succeed(childArgs)
) =>
  Effect.gen(function* () {
    const seedStart = performance.now()
    const written = yield* Effect.scoped(seedLog(total).pipe(Effect.provide(store)))
    const settled = yield* settle(postgres)
    console.log(
      `[${name}] seeded ${written} events in ${fmt(ms(seedStart) / 1000)} s (then ${fmt(settled / 1000)} s of sync${postgres === undefined ? "" : ", checkpoint and vacuum"})`
    )
    // Each run: this tree's rebuild, the bare read of the same log, and the baseline tree's rebuild when
    // REBUILD_BASELINE names one (another checkout with its dependencies installed), in turns, so that the
    // machine's load falls on all of them alike.
    const baseline = process.env.REBUILD_BASELINE
    const baselineChildArgs = baseline === undefined ? childArgs : yield* baselineArgs
    if (baseline !== undefined && baselineChildArgs !== childArgs) yield* settle(postgres)
    const rates: Array<number> = []
    const ratios: Array<number> = []
    const bareRates: Array<number> = []
    const baselineRates: Array<number> = []
    const rateOf = (stats: { events: number; millis: number }) => Math.round(stats.events / (stats.millis / 1000))
    for (let run = 1; run <= runs; run++) {
      const stats = rebuildInChild(childArgs, { shredding })
      const bare = rebuildInChild(childArgs, { bare: true, shredding })
      const rate = rateOf(stats)
      rates.push(rate)
      bareRates.push(rateOf(bare))
      ratios.push(stats.millis / bare.millis)
      console.log(
        `[${name}] rebuild ${run}/${runs} of all read models from ${stats.events} events (fresh process): ${fmt(stats.millis)} ms = ${rate} events/s; folding alone ${fmt(stats.foldMillis)} ms; bare read of the same ${bare.events} events ${fmt(bare.millis)} ms (rebuild / bare read ${(stats.millis / bare.millis).toFixed(2)})`
      )
      if (baseline !== undefined) {
        const before = rebuildInChild(baselineChildArgs, { tree: baseline, shredding })
        baselineRates.push(rateOf(before))
        console.log(
          `[${name}] baseline rebuild ${run}/${runs} (${baseline}): ${fmt(before.millis)} ms = ${rateOf(before)} events/s; folding alone ${fmt(before.foldMillis)} ms`
        )
      }
    }
    medians.set(name, percentile(rates, 50))
    console.log(
      `[${name}] rebuild from ${total} events, median of ${runs}: ${percentile(rates, 50)} events/s (target >= 250,000); bare read ${percentile(bareRates, 50)} events/s; rebuild / bare read ${percentile(ratios, 50).toFixed(2)}${baseline === undefined ? "" : `; baseline ${percentile(baselineRates, 50)} events/s (this tree / baseline ${(percentile(rates, 50) / percentile(baselineRates, 50)).toFixed(2)})`}`
    )
  })

/**
 * Rebuilds of several logs in turns (one run of each, then the next round), so that the machine's load falls on
 * each alike: crypto-shredding off and on, each over its own log seeded the same way.
 */
const rebuildInTurns = (
  variants: ReadonlyArray<{
    readonly name: string
    readonly store: StoreLayer
    readonly childArgs: ReadonlyArray<string>
    readonly shredding: Shredding
    readonly postgres?: { readonly url: string; readonly schema: string }
    /** The child's environment on top of this one's (`ORGA_NATIVE_OPEN=0`: the node:crypto opening). */
    readonly env?: Readonly<Record<string, string>>
    /** Rebuilds a log another variant seeds. */
    readonly seeded?: boolean
    /** Another checkout whose rebuild this is (REBUILD_BASELINE). */
    readonly tree?: string
  }>,
  total: number,
  runs: number
) =>
  Effect.gen(function* () {
    for (const variant of variants) {
      if (variant.seeded === true) continue
      const seedStart = performance.now()
      const written = yield* Effect.scoped(seedLog(total).pipe(Effect.provide(variant.store)))
      const settled = yield* settle(variant.postgres)
      console.log(
        `[${variant.name}] seeded ${written} events in ${fmt(ms(seedStart) / 1000)} s (then ${fmt(settled / 1000)} s settling)`
      )
    }
    const rateOf = (stats: { events: number; millis: number }) => Math.round(stats.events / (stats.millis / 1000))
    const rates = new Map<string, Array<number>>(variants.map((variant) => [variant.name, []]))
    // Each variant's rebuild time over the first variant's, round by round.
    const ratios = variants.map(() => [] as Array<number>)
    for (let run = 1; run <= runs; run++) {
      const round: Array<number> = []
      for (const variant of variants) {
        const stats = rebuildInChild(variant.childArgs, {
          shredding: variant.shredding,
          ...(variant.env === undefined ? {} : { env: variant.env }),
          ...(variant.tree === undefined ? {} : { tree: variant.tree })
        })
        rates.get(variant.name)!.push(rateOf(stats))
        round.push(stats.millis)
        console.log(
          `[${variant.name}] rebuild ${run}/${runs} from ${stats.events} events (fresh process): ${fmt(stats.millis)} ms = ${rateOf(stats)} events/s; folding alone ${fmt(stats.foldMillis)} ms`
        )
      }
      round.forEach((millis, index) => {
        ratios[index]!.push(millis / round[0]!)
      })
    }
    for (const variant of variants) {
      const median = percentile(rates.get(variant.name)!, 50)
      medians.set(variant.name, median)
      console.log(`[${variant.name}] rebuild from ${total} events, median of ${runs}: ${median} events/s`)
    }
    for (let index = 1; index < variants.length; index++)
      console.log(
        `[${variants[0]!.name} / ${variants[index]!.name}] paired ratios of rebuild time (second / first): ${ratios[index]!.map((r) => r.toFixed(2)).join(", ")}; median ${percentile(ratios[index]!, 50).toFixed(2)}`
      )
  })

/** Each rebuild's median events/s by name, to print the shredding's cost side by side. */
const medians = new Map<string, number>()

const personalDataOf = (shredding: Shredding) => (shredding === "on" ? {} : (false as const))

const main = async () => {
  const total = Number(process.env.REBUILD_EVENTS ?? 1_000_000)
  const runs = Number(process.env.REBUILD_RUNS ?? 3)
  // BENCH_ONLY=workload|rebuild and BENCH_STORES=sqlite,postgres narrow a run; REBUILD_EVENTS and REBUILD_RUNS
  // size the rebuild; BENCH_SHREDDING=off,on (the default: both, side by side) chooses crypto-shredding, and
  // on-js adds SQLite rebuilds of the shredded log that open sealed values through node:crypto instead of the
  // native addon (ORGA_NATIVE_OPEN=0, ADR 0057), in the same turns.
  const only = process.env.BENCH_ONLY
  // BENCH_ONLY=burst: the classroom burst alone (see burst.ts).
  if (only === "burst") return Burst.main()
  // BENCH_ONLY=achievements: stages and badges in a 3,000-participant campaign's results (see achievements.ts).
  if (only === "achievements") return Achievements.main()
  // BENCH_ONLY=analysis: the campaign analysis of 3,000 participants alone (see analysis.ts).
  if (only === "analysis") return Analysis.main()
  const stores = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",")
  // BENCH_ONLY=audit: a page of the audit trail on the 1,000,000-event log, and the index's write cost (audit.ts).
  if (only === "audit") return Audit.main(stores)
  // BENCH_ONLY=snapshot: start-up from a read-model snapshot against the whole log's replay (snapshot.ts).
  if (only === "snapshot") return Snapshot.main(stores)
  const requested = (process.env.BENCH_SHREDDING ?? "off,on").split(",")
  const modes = requested.filter((mode): mode is Shredding => mode === "off" || mode === "on")
  const nodeCryptoToo = requested.includes("on-js")
  const workloadOn = only === undefined || only === "workload"
  const rebuildOn = only === undefined || only === "rebuild"
  const dir = mkdtempSync(join(tmpdir(), "orga-bench-"))
  const label = (store: string, mode: Shredding | "on-js") => `${store}, shredding ${mode}`
  try {
    for (const mode of modes)
      if (stores.includes("sqlite") && workloadOn)
        await Effect.runPromise(
          workload(
            label("sqlite", mode),
            Sqlite.layer(join(dir, `workload-${mode}.db`), { personalData: personalDataOf(mode) })
          )
        )
    if (stores.includes("sqlite") && rebuildOn) {
      const variants: Array<{
        readonly name: string
        readonly store: StoreLayer
        readonly childArgs: ReadonlyArray<string>
        readonly shredding: Shredding
        readonly env?: Readonly<Record<string, string>>
        readonly seeded?: boolean
        readonly tree?: string
      }> = modes.map((mode) => {
        const file = join(dir, `rebuild-${mode}.db`)
        return {
          name: label("sqlite", mode),
          store: Sqlite.layer(file, { personalData: personalDataOf(mode) }),
          childArgs: ["sqlite", file],
          shredding: mode
        }
      })
      if (nodeCryptoToo) {
        // The shredded log again (its own when "on" is not asked for), opened through node:crypto.
        const file = join(dir, "rebuild-on.db")
        variants.push({
          name: label("sqlite", "on-js"),
          store: Sqlite.layer(file, { personalData: {} }),
          childArgs: ["sqlite", file],
          shredding: "on",
          env: { ORGA_NATIVE_OPEN: "0" },
          seeded: modes.includes("on")
        })
      }
      const baselineTree = process.env.REBUILD_BASELINE
      if (baselineTree !== undefined && process.env.REBUILD_BARE_TOO !== "1" && modes.includes("on")) {
        // The shredded log again, rebuilt by another checkout (its addon built there), in the same turns: this
        // tree's opening against the baseline's.
        variants.push({
          name: `${label("sqlite", "on")} (baseline ${baselineTree})`,
          store: Sqlite.layer(join(dir, "rebuild-on.db"), { personalData: {} }),
          childArgs: ["sqlite", join(dir, "rebuild-on.db")],
          shredding: "on",
          seeded: true,
          tree: baselineTree
        })
      }
      await Effect.runPromise(
        process.env.REBUILD_BARE_TOO === "1"
          ? Effect.forEach(variants, (v) =>
              rebuild(
                v.name,
                v.store,
                v.childArgs,
                total,
                runs,
                undefined,
                v.shredding,
                // A baseline older than the scope index rebuilds the same log as it writes it (shredding off only).
                v.shredding === "off" ? schemaVersion1Log(join(dir, "rebuild-v1.db"), total) : undefined
              )
            )
          : rebuildInTurns(variants, total, runs)
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (stores.includes("postgres")) {
    const given = process.env.DATABASE_URL
    const cluster = given ? undefined : await startPostgresCluster()
    const url = given ?? cluster!.url
    try {
      for (const mode of modes) {
        const suffix = `${mode}_${process.pid}_${Date.now()}`
        const personalData = personalDataOf(mode)
        if (workloadOn)
          await Effect.runPromise(
            workload(label("postgres", mode), Postgres.layer(url, `orga_bench_workload_${suffix}`, { personalData }))
          )
        if (rebuildOn)
          await Effect.runPromise(
            rebuild(
              label("postgres", mode),
              Postgres.layer(url, `orga_bench_rebuild_${suffix}`, { personalData }),
              ["postgres", url, `orga_bench_rebuild_${suffix}`],
              total,
              runs,
              { url, schema: `orga_bench_rebuild_${suffix}` },
              mode
            )
          )
      }
    } finally {
      cluster?.stop()
    }
  }
  for (const store of ["sqlite", "postgres"]) {
    const on = medians.get(label(store, "on"))
    const off = medians.get(label(store, "off"))
    if (on !== undefined && off !== undefined)
      console.log(
        `[${store}] rebuild with shredding / without: ${(off / on).toFixed(2)}x the time (${on} against ${off} events/s; target at most 1.25)`
      )
    const js = medians.get(label(store, "on-js"))
    if (js !== undefined && off !== undefined)
      console.log(
        `[${store}] rebuild with shredding through node:crypto / without: ${(off / js).toFixed(2)}x the time (${js} against ${off} events/s)`
      )
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
