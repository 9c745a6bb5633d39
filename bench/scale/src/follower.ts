/**
 * A follower instance over the académie's partition rows (issue 17, `PartitionCache`): the time to become ready
 * (read the router and the checkpoint), its RSS (with the live and reserved heap) after loading 1, 5, 10 and 50
 * schools, the cold load of a school, and p50/p95 of the heavy pages of a school while the follower folds a
 * rentrée's imports as its tail.
 *
 * Two processes, so that the follower's RSS is its own: a producer (this file with `--produce`) generates the
 * académie (`SCALE_SCHOOLS`, default 200), folds it in memory and writes the rows of `Partitions.split` of that full
 * fold (encoded as a projection row is) with the router and the checkpoint into a SQLite file, and the rentrée as
 * the log's tail after it; then the follower (a fresh process) starts from that file. The rentrée is synthetic:
 * every school's `StudentImported` events again for 2027, each in the class above, then a
 * `SiecleImportCompleted` (the bulk of a real import's events, without its newcomers and departures), the schools'
 * imports interleaved by runs of 100 events.
 *
 *   pnpm exec node --expose-gc bench/scale/src/follower.ts
 *
 * The pages are computed by the library's own query modules (`Results`, `LearnerList`, `Reports`) over the
 * follower's read models and position (its wiring into `Orga` is the next step): the tail is folded by the follower
 * between pages, in the same thread, so the pages wait behind the folds and recompute what the tail changed.
 *
 * @since 0.3.0
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as V8 from "node:v8"
import type { EventStore } from "@orga/event-store"
import * as Effect from "effect/Effect"
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

const options = Academie.fromEnv({ ...process.env, SCALE_SCHOOLS: process.env.SCALE_SCHOOLS ?? "200" })
const loaded = Math.min(options.schools, Number(process.env.FOLLOWER_SCHOOLS ?? "50"))
const tailBatch = Number(process.env.FOLLOWER_TAIL_BATCH ?? "1000")
const file = Path.join(Os.tmpdir(), `orga-follower-${options.schools}x${options.students}.sqlite`)

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} Mo`
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
}
const ms = (value: number) => value.toFixed(1)
const rss = () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().rss
}
// RSS with the heap it holds: what is live, and what v8 keeps reserved (its young generation grows to its bound
// while schools load, and stays: `--max-semi-space-size` bounds it).
const memory = () => {
  const resident = rss()
  const { heapUsed, heapTotal } = process.memoryUsage()
  return `RSS ${mb(resident)} (tas : ${mb(heapUsed)} vivants, ${mb(heapTotal)} réservés)`
}

// The producer: the académie folded once, its rows, router and checkpoint, and the rentrée as the tail.
const produce = () => {
  const started = performance.now()
  const db = new DatabaseSync(`${file}.part`)
  db.exec(`CREATE TABLE rows (key TEXT PRIMARY KEY, state BLOB NOT NULL);
    CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE log (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL)`)
  const models = ReadModels.make()
  const router = PartitionRouter.make()
  const versions = new Map<string, bigint>()
  const imports = new Map<string, Array<Record<string, unknown>>>()
  let position = 0n
  for (let index = 0; index < options.schools; index++)
    Academie.schoolEvents(
      Academie.school(index, options),
      options,
      (appends) => {
        const batch: Array<EventStore.RecordedEvent> = []
        for (const append of appends)
          for (const event of append.events) {
            const streamVersion = (versions.get(append.streamId) ?? 0n) + 1n
            versions.set(append.streamId, streamVersion)
            position++
            batch.push({
              id: event.id,
              streamId: append.streamId,
              type: event.type,
              data: event.data,
              metadata: {},
              streamVersion,
              globalPosition: position,
              recordedAt: new Date(0),
              commandId: null
            })
            const data = event.data as Record<string, unknown>
            if (data._tag === "StudentImported") {
              const list = imports.get(append.streamId) ?? []
              list.push(data)
              imports.set(append.streamId, list)
            }
          }
        models.apply(batch)
        for (const event of batch)
          PartitionRouter.observe(router, event.streamId, event.data as Parameters<typeof PartitionRouter.observe>[2])
      },
      (login) => `h${login.length}-${login}`
    )
  const head = position
  console.log(
    `producteur : ${head} événements générés et repliés en ${((performance.now() - started) / 1000).toFixed(0)} s`
  )
  const insertRow = db.prepare("INSERT INTO rows (key, state) VALUES (?, ?)")
  let bytes = 0
  db.exec("BEGIN")
  for (const [key, state] of Partitions.split(models, router)) {
    const encoded = Partitions.encode(state)
    bytes += encoded.length
    insertRow.run(key, encoded)
  }
  const insertMeta = db.prepare("INSERT INTO meta (name, value) VALUES (?, ?)")
  insertMeta.run("router", PartitionRouter.encode(router))
  insertMeta.run("checkpoint", Buffer.from(String(head)))
  // The rentrée: each school's students imported again for 2027, one class up, the schools' imports interleaved
  // by runs of 100 events (every school imports within the same hour).
  const insertEvent = db.prepare("INSERT INTO log (position, stream, version, data) VALUES (?, ?, ?, ?)")
  const queues = [...imports].map(([streamId, students]) => {
    const organizationId = students[0]!.organizationId
    const events = students.map((student) => ({
      ...student,
      division: String(student.division).replace(/^\d/, (digit) => String(Math.max(1, Number(digit) - 1))),
      schoolYear: "2027",
      occurredAt: "2027-09-01T08:00:00.000Z"
    }))
    events.push({
      _tag: "SiecleImportCompleted",
      organizationId,
      schoolYear: "2027",
      fileName: "siecle-2027.xml",
      importedCount: students.length,
      disabledCount: 0,
      reenabledCount: 0,
      linkedCount: 0,
      actorId: students[0]!.actorId,
      occurredAt: "2027-09-01T08:30:00.000Z"
    } as never)
    return { streamId, events }
  })
  let tail = 0
  for (let run = 0; queues.some((queue) => run * 100 < queue.events.length); run++)
    for (const { streamId, events } of queues)
      for (const data of events.slice(run * 100, (run + 1) * 100)) {
        const version = (versions.get(streamId) ?? 0n) + 1n
        versions.set(streamId, version)
        position++
        tail++
        insertEvent.run(position, streamId, version, V8.serialize(data))
      }
  db.exec("COMMIT")
  db.close()
  Fs.renameSync(`${file}.part`, file)
  console.log(
    `producteur : ${mb(bytes)} de lignes (Partitions.split du repli complet), rentrée de ${tail} événements, en ${((performance.now() - started) / 1000).toFixed(0)} s au total`
  )
}

// The follower's source over the file: static rows at the checkpoint, the rentrée as the tail.
const sqliteSource = (db: DatabaseSync): PartitionCacheSource.Source => {
  const meta = db.prepare("SELECT value FROM meta WHERE name = ?")
  const row = db.prepare("SELECT state FROM rows WHERE key = ?")
  const tail = db.prepare(
    "SELECT position, stream, version, data FROM log WHERE position > ? ORDER BY position LIMIT ?"
  )
  const checkpoint = Effect.sync(() =>
    BigInt(Buffer.from((meta.get("checkpoint") as { value: Uint8Array }).value).toString())
  )
  return {
    checkpoint,
    router: Effect.map(checkpoint, (at) => ({
      router: PartitionRouter.decode((meta.get("router") as { value: Uint8Array }).value),
      checkpoint: at
    })),
    rows: (keys) =>
      Effect.map(checkpoint, (at) => {
        const states = new Map<PartitionRouter.Key, Partitions.PartitionState>()
        for (const key of keys) {
          const found = row.get(key) as { state: Uint8Array } | undefined
          if (found !== undefined) states.set(key, Partitions.decode(found.state))
        }
        return { checkpoint: at, rows: states }
      }),
    tail: (after, maxCount) =>
      Effect.sync(() =>
        (
          tail.all(after, maxCount) as Array<{ position: number; stream: string; version: number; data: Uint8Array }>
        ).map(
          (event): EventStore.RecordedEvent => ({
            id: `t${event.position}`,
            streamId: event.stream,
            type: "",
            data: V8.deserialize(event.data),
            metadata: {},
            streamVersion: BigInt(event.version),
            globalPosition: BigInt(event.position),
            recordedAt: new Date(0),
            commandId: null
          })
        )
      )
  }
}

// The heavy pages of a school as the library computes them (its own query modules), over the follower's models:
// the plumbing is made as the library makes it (over an empty store), then given the follower's models and
// position, and the school's organization and campaigns its rights checks read.
const pagesOver = async (cache: PartitionCache.PartitionCache, plan: Academie.SchoolPlan) => {
  const config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [Academie.pixAdminId] }
  const { plumbing, made } = await FollowerPlumbing.over(cache, config, "2027-09-01T08:00:00.000Z")
  const organization = cache.models.organizations.get(plan.organizationId)!
  made.models.organizations.set(plan.organizationId, organization)
  for (const campaignId of cache.models.campaignsByOrganization.get(plan.organizationId) ?? [])
    made.models.campaigns.set(campaignId, cache.models.campaigns.get(campaignId)!)
  const actor = Orga.user(plan.adminId)
  const results = Results.make(plumbing)
  const learners = LearnerList.make(plumbing)
  const reports = Reports.make(plumbing)
  return [
    {
      name: `résultats d'une campagne de ${options.headline} participants`,
      run: results.campaignResults(actor, plan.headline.campaignId) as Effect.Effect<unknown, unknown>
    },
    {
      name: "liste des élèves",
      run: learners.learners(actor, plan.organizationId, {}) as Effect.Effect<unknown, unknown>
    },
    {
      name: "certificabilité par classe",
      run: reports.certificability(actor, plan.organizationId) as Effect.Effect<unknown, unknown>
    }
  ]
}

const follow = async () => {
  const began = performance.now()
  const db = new DatabaseSync(file, { readOnly: true })
  const source = sqliteSource(db)
  const cache = await Effect.runPromise(PartitionCache.start(source, { maxSchools: loaded }))
  const readyMillis = performance.now() - began
  const plans = Array.from({ length: loaded }, (_, index) => Academie.school(index, options))
  const routerBytes = (db.prepare("SELECT value FROM meta WHERE name = 'router'").get() as { value: Uint8Array }).value
  console.log(
    `suiveur : prêt en ${ms(readyMillis)} ms (routeur de ${(routerBytes.length / 1024).toFixed(0)} Ko encodé : ${cache.router.campaignOrg.size} campagnes, ${cache.router.userOrgs.size} participants, ${cache.router.loginStreams.size} flux de logins hachés ; checkpoint ${cache.position}) ; ${memory()}`
  )
  const coldLoads: Array<number> = []
  for (const [index, plan] of plans.entries()) {
    const started = performance.now()
    await Effect.runPromise(PartitionCache.ensureSchool(cache, plan.organizationId))
    coldLoads.push(performance.now() - started)
    if (index === 0 || index === 4 || index === 9 || index === loaded - 1)
      console.log(
        `  ${index + 1} établissement${index === 0 ? "" : "s"} chargé${index === 0 ? "" : "s"} : ${memory()} (${cache.loaded.size} partitions)`
      )
  }
  console.log(
    `  chargement à froid d'un établissement (sa ligne et les lignes globales qu'il lit) : p50 ${ms(percentile(coldLoads, 50))} ms, p95 ${ms(percentile(coldLoads, 95))} ms, premier ${ms(coldLoads[0]!)} ms`
  )

  // What a batch that wrote into a partition the follower does not hold costs to take it out again.
  const removals: Array<number> = []
  for (let round = 0; round < 5; round++) {
    const started = performance.now()
    Partitions.remove(cache.models, cache.router, new Set([PartitionRouter.links(`absent-${round}`)]))
    removals.push(performance.now() - started)
  }
  console.log(
    `  retirer d'un lot ce qu'il a écrit hors des partitions chargées (${cache.loaded.size} chargées) : p50 de 5 ${ms(percentile(removals, 50))} ms`
  )
  const heavy = plans[0]!
  const pages = await pagesOver(cache, heavy)
  const timings = pages.map(() => ({ quiet: [] as Array<number>, underTail: [] as Array<number> }))
  const askAll = async (which: "quiet" | "underTail") => {
    for (const [index, page] of pages.entries()) {
      const started = performance.now()
      await Effect.runPromise(page.run)
      timings[index]![which].push(performance.now() - started)
    }
  }
  for (let round = 0; round < 20; round++) await askAll("quiet")
  const foldMillis: Array<number> = []
  let folded = 0
  const tailBegan = performance.now()
  for (;;) {
    const started = performance.now()
    const events = await Effect.runPromise(source.tail(cache.position, tailBatch))
    if (events.length === 0) break
    PartitionCache.fold(cache, events)
    folded += events.length
    foldMillis.push(performance.now() - started)
    await askAll("underTail")
  }
  const tailMillis = performance.now() - tailBegan
  const foldTotal = foldMillis.reduce((a, b) => a + b, 0)
  console.log(
    `  rentrée en queue : ${folded} événements repliés par lots de ${tailBatch} en ${ms(foldTotal)} ms (${((folded / foldTotal) * 1000).toFixed(0)} événements/s ; un lot p50 ${ms(percentile(foldMillis, 50))} ms, p95 ${ms(percentile(foldMillis, 95))} ms), ${(tailMillis / 1000).toFixed(1)} s avec les pages`
  )
  for (const [index, page] of pages.entries())
    console.log(
      `  ${page.name} : au calme p50 ${ms(percentile(timings[index]!.quiet, 50))} ms, p95 ${ms(percentile(timings[index]!.quiet, 95))} ms ; pendant la rentrée (${timings[index]!.underTail.length} fois) p50 ${ms(percentile(timings[index]!.underTail, 50))} ms, p95 ${ms(percentile(timings[index]!.underTail, 95))} ms`
    )
  console.log(`  après la rentrée : ${memory()} (${cache.loaded.size} partitions)`)
  db.close()
}

if (process.argv.includes("--produce")) produce()
else {
  if (!Fs.existsSync(file)) {
    const produced = spawnSync(process.execPath, ["--max-old-space-size=12000", import.meta.filename, "--produce"], {
      stdio: "inherit",
      env: process.env
    })
    if (produced.status !== 0) throw new Error("Le producteur a échoué")
  }
  console.log(`${options.schools} établissements × ${options.students} élèves ; ${file}`)
  await follow()
}
