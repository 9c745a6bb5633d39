/**
 * `pnpm --filter @orga/bench-scale bench`: an académie on PostgreSQL under three app instances (issue 17).
 *
 * 1. Writes the académie's log (`Academie`, `Seed`: 200 schools × 1,000 students by default, about 4.1 million
 *    events) into a private PostgreSQL cluster (or `DATABASE_URL`; a log already there is reused when
 *    `ORGA_MASTER_KEY` is given, the key it was sealed with), crypto-shredding on, then `VACUUM ANALYZE`.
 * 2. Starts one app instance alone (time to `/ready`, resident memory and its peak), then two more together.
 * 3. Loads the heaviest school pages, one page at a time, spread over the three instances: the results of the
 *    300-participant assessment, the learners list, the certificability by class (the administrators' bearer
 *    tokens, `SCALE_LOAD_SCHOOLS` schools). p50 / p95 / p99 of every response.
 * 4. The rentrée: `SCALE_RENTREE` schools (default all) import their next year's SIECLE file (preview then
 *    confirmation, `SCALE_RENTREE_CONCURRENCY` at a time, each on the next instance) while the pages load runs:
 *    imports per minute, and the projection lag: from an import's answer to the moment another instance answers
 *    a read presenting its `Orga-Position` (that instance waits for the position, then reads).
 * 5. Resident memory after the load.
 *
 * With `SCALE_READ_MODELS=tables` the instances keep the read models in tables beside the log and answer from them
 * (`ORGA_READ_MODELS=tables ORGA_READ_MODEL_TABLES=on`, `ORGA_CACHE_SCHOOLS` from `SCALE_CACHE_SCHOOLS`, the app's
 * 4): the first instance leads and folds the whole log into the tables (its time, events/s and the tables' size), B and C
 * start once the tables have caught up with the log, and the rentrée also measures the leader's lag (from an
 * import's answer to the tables' checkpoint passing its position, the checkpoint row polled every 10 ms).
 * `SCALE_TABLES_BUILD=bench` has the bench fold the tables before A starts instead, in batches of `SCALE_TABLES_BATCH`
 * (20,000; the leader's batches of 1,000 rewrite the growing router's row each time, too slow for the académie).
 * `SCALE_PG_DIR` keeps a private cluster in that folder between runs: the log is written once into a template
 * database (and, in tables mode, the log with its tables built into another), each run works on a copy.
 *
 * Environment: `SCALE_SCHOOLS` (200; 10 for development), `SCALE_STUDENTS` (1000), `SCALE_MEMBERS` (3),
 * `SCALE_ASSESSMENTS` (4 per level), `SCALE_INSTANCES` (3), `SCALE_HEADLINE` (300), `SCALE_LOAD_SCHOOLS` (50),
 * `DURATION` (10 s per page), `CONNECTIONS` (10 per instance), `SCALE_RENTREE`, `SCALE_RENTREE_CONCURRENCY` (3),
 * `DATABASE_URL`, `ORGA_MASTER_KEY`, `SCALE_STORE=sqlite` (the log in a SQLite file, one instance over it),
 * `SCALE_READ_MODELS` (`memory` or `tables`), `SCALE_CACHE_SCHOOLS` (the app's default, 4), `SCALE_NODE_OPTIONS`
 * (`--max-semi-space-size=8`), `SCALE_APP_MAIN` (the app's bundle, as `pnpm start` runs it), `SCALE_PG_DIR`;
 * `ORGA_SNAPSHOTS` is handed to the instances as it is (read-model snapshots, when the app has them).
 *
 * @since 0.1.0
 */
import { execFileSync } from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import type { EventStore, EventStoreError } from "@orga/event-store"
import { SqliteEventStore } from "@orga/event-store-sqlite"
import { Ledger, Outbox, PostgresSessionStore, Sessions, SqliteSessionStore } from "@orga/http"
import { ReadModelTables } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import Pg from "pg"
// Not a dependency of the bench: the adapter the store layer runs on (the log's head, before any instance starts).
import { PostgresEventStore } from "../../../packages/event-store-postgres/src/index.ts"
import * as Academie from "./Academie.ts"
import * as Cluster from "./Cluster.ts"
import * as Instances from "./Instances.ts"
import * as Load from "./Load.ts"
import * as Seed from "./Seed.ts"
import * as TablesBuild from "./TablesBuild.ts"
import * as TablesWatch from "./TablesWatch.ts"

const log = (line: string) => process.stdout.write(`${line}\n`)
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const fr = (value: number, digits = 1) => value.toFixed(digits).replace(".", ",")
const seconds = (millis: number) => `${fr(millis / 1000)} s`

const options = Academie.fromEnv(process.env)
const loadSchools = Math.min(options.schools, number("SCALE_LOAD_SCHOOLS", 50))
const duration = number("DURATION", 10)
const connections = number("CONNECTIONS", 10)
const rentree = Math.min(options.schools, number("SCALE_RENTREE", options.schools))
const rentreeConcurrency = number("SCALE_RENTREE_CONCURRENCY", 3)
const schema = "orga_events"
// Three instances (one alone, then the others together); fewer where memory is short (each holds the log's views).
// `SCALE_STORE=sqlite`: the embedded store, one file one process, so one instance over it.
const sqlite = process.env.SCALE_STORE === "sqlite"
const instanceCount = sqlite ? 1 : Math.min(5, Math.max(1, number("SCALE_INSTANCES", 3)))

// The instances answer from memory (every one folds the log) or from the read-model tables beside the log.
const tables = process.env.SCALE_READ_MODELS === "tables"
if (tables && sqlite) throw new Error("SCALE_READ_MODELS=tables : le banc le mesure sur PostgreSQL seulement")
const cacheSchools = number("SCALE_CACHE_SCHOOLS", ReadModelTables.defaultCacheSchools)
// A follower's heap is small and turns over fast: v8 would keep a young generation of 100 MB and more reserved
// (bench/scale/README.md, "A compact router and lighter schools"); 8 MB semi-spaces hold the steady state under
// 300 MB with the pages as fast (docs/adr/0061-bundled-start.md). `SCALE_NODE_OPTIONS` overrides.
const nodeOptions = process.env.SCALE_NODE_OPTIONS ?? "--max-semi-space-size=8"
// Who builds the tables the first time: the first instance's leader (batches of 1,000), or the bench before any
// instance starts (`bench`, batches of SCALE_TABLES_BATCH).
const buildByBench = tables && process.env.SCALE_TABLES_BUILD === "bench"
const tablesBatch = number("SCALE_TABLES_BATCH", 20_000)

// glibc's allocator as apps/http/README.md advises for a deployment ("Memory"): freed blocks of 128 KB and more go
// back to the system instead of staying in the process (35 to 110 MB less after the load and the rentrée, measured
// with one instance). `SCALE_MALLOC=glibc` leaves glibc's defaults; `MALLOC_*` in this environment are kept.
const instanceMalloc: Record<string, string> =
  process.env.SCALE_MALLOC === "glibc"
    ? {}
    : {
        MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ ?? "131072",
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? "131072"
      }

const given = process.env.DATABASE_URL
const sqliteDir = sqlite ? Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-scale-sqlite-")) : undefined
// A cluster kept between runs (SCALE_PG_DIR): the log in a template database, copied for each run.
const kept =
  sqlite || given !== undefined || process.env.SCALE_PG_DIR === undefined
    ? undefined
    : await Cluster.start(process.env.SCALE_PG_DIR)
const masterKey = process.env.ORGA_MASTER_KEY ?? kept?.masterKey ?? Crypto.randomBytes(32).toString("hex")
const cluster =
  sqlite || given !== undefined || kept !== undefined
    ? undefined
    : await startPostgresCluster({ durable: true, sharedBuffers: "1GB" })
const logDatabase = `scale_log_${options.schools}x${options.students}_${options.members}_${options.assessmentsPerLevel}_${options.headline}`
const tablesDatabase = `${logDatabase}_tables`
const runDatabase = "scale_run"
let url = given ?? cluster?.url ?? kept?.url(runDatabase) ?? ""
const instances: Array<Instances.Instance> = []
const cleanUp = async () => {
  await Promise.all(instances.map(Instances.stop))
  cluster?.stop()
  kept?.stop()
  if (sqliteDir !== undefined) Fs.rmSync(sqliteDir, { recursive: true, force: true })
}
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)))

try {
  log(
    `académie : ${options.schools} établissements × ${options.students} élèves, ${options.members} professeurs, ` +
      `${1 + 4 * (1 + options.assessmentsPerLevel)} campagnes par établissement ; Node ${process.version}, ` +
      `${Os.cpus().length} cœurs, charge ${Os.loadavg()
        .map((load) => fr(load, 2))
        .join(" ")} ; ` +
      `ORGA_SNAPSHOTS=${process.env.ORGA_SNAPSHOTS ?? "(absent)"} ; modèles de lecture : ` +
      `${tables ? `tables (ORGA_READ_MODELS=tables, ORGA_CACHE_SCHOOLS=${cacheSchools}, NODE_OPTIONS=${nodeOptions})` : "en mémoire"} ; ` +
      `allocateur : ${mallocEnv()} ; application : ${Path.relative(Path.resolve(import.meta.dirname, "../../.."), Instances.entry())} ; code ${commit()}`
  )

  // 1. The log.
  const step = Math.max(1, Math.floor(options.schools / 10))
  const seedInto = (layer: Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>) =>
    Effect.runPromise(
      Effect.scoped(
        Seed.seed(options, (school, events) => {
          if ((school + 1) % step === 0) log(`  ${school + 1} établissements écrits, ${events} événements`)
        }).pipe(Effect.provide(layer))
      )
    )
  const written = (seeded: Seed.Seeded) =>
    `journal écrit : ${seeded.events} événements en ${seconds(seeded.millis)} ` +
    `(${Math.round(seeded.events / (seeded.millis / 1000))} événements/s, chiffrement des données personnelles)`
  if (sqliteDir !== undefined) {
    const file = Path.join(sqliteDir, "orga.db")
    log(written(await seedInto(Sqlite.layer(file, { personalData: { masterKey } }))))
    log(`fichier SQLite : ${fr(Fs.statSync(file).size / 1e6, 0)} Mo (une instance, le journal embarqué)`)
  } else {
    if (kept !== undefined) {
      // The log written once into its template database (under another name until complete), copied for the run.
      const admin = kept.url("postgres")
      if (!(await Cluster.exists(admin, logDatabase))) {
        const writing = `${logDatabase}_writing`
        await Cluster.create(admin, writing)
        const seeded = await seedInto(Postgres.layer(kept.url(writing), schema, { personalData: { masterKey } }))
        const client = new Pg.Client({ connectionString: kept.url(writing) })
        await client.connect()
        const vacuum = performance.now()
        await client.query(`VACUUM (ANALYZE) ${schema}.events`)
        await client.end()
        log(`${written(seeded)}, puis VACUUM ANALYZE en ${seconds(performance.now() - vacuum)}`)
        const renaming = new Pg.Client({ connectionString: admin })
        await renaming.connect()
        await renaming.query(`ALTER DATABASE "${writing}" RENAME TO "${logDatabase}"`)
        await renaming.end()
      }
      const template = tables && (await Cluster.exists(admin, tablesDatabase)) ? tablesDatabase : logDatabase
      const copying = performance.now()
      await Cluster.create(admin, runDatabase, template)
      log(
        `base gardée (SCALE_PG_DIR) : ${template}${template === tablesDatabase ? " (journal et tables)" : " (journal)"} ` +
          `copiée en ${seconds(performance.now() - copying)}`
      )
      url = kept.url(runDatabase)
    }
    const client = new Pg.Client({ connectionString: url })
    await client.connect()
    const existing = await client.query(`SELECT count(*)::bigint AS n FROM ${schema}.events`).then(
      (result) => Number(result.rows[0].n),
      () => 0
    )
    if (existing > 0 && (process.env.ORGA_MASTER_KEY !== undefined || kept !== undefined)) {
      log(`journal existant réutilisé : ${existing} événements`)
    } else {
      if (existing > 0) throw new Error(`le schéma ${schema} a déjà ${existing} événements : donnez ORGA_MASTER_KEY`)
      const seeded = await seedInto(Postgres.layer(url, schema, { personalData: { masterKey } }))
      const vacuum = performance.now()
      await client.query(`VACUUM (ANALYZE) ${schema}.events`)
      log(`${written(seeded)}, puis VACUUM ANALYZE en ${seconds(performance.now() - vacuum)}`)
    }
    const size = await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)
    log(`base PostgreSQL : ${size.rows[0].size}`)
    await client.end()
  }

  // The invitation outbox's ledger at the log's head, as in a deployment that has been running: the generated log's
  // invitations count as sent. Otherwise the first instance would read the whole log at start to record them (a
  // one-off a fresh ledger over an old log pays, not the steady state the bench measures).
  const head = await Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(
        sqliteDir === undefined
          ? PostgresEventStore.make({ connectionString: url, schema })
          : SqliteEventStore.make({ filename: Path.join(sqliteDir, "orga.db") }),
        (store) => store.head
      )
    )
  )
  await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const ledger = yield* Layer.build(
          Outbox.ledger(
            sqliteDir === undefined
              ? { databaseUrl: url, dataDir: Os.tmpdir() }
              : { databaseUrl: undefined, dataDir: sqliteDir }
          )
        )
        yield* Context.get(ledger, Ledger.Ledger).record([], head, Date.now())
      })
    )
  )
  log(
    `courriels : registre d'envoi placé à la tête du journal (${head}), les invitations du journal généré réputées envoyées`
  )

  // The administrators' bearer tokens, in the sessions table the instances share.
  const plans = Array.from({ length: options.schools }, (_, index) => Academie.school(index, options))
  const tokens = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const store =
          sqliteDir === undefined
            ? yield* PostgresSessionStore.make({ connectionString: url })
            : yield* SqliteSessionStore.make(Path.join(sqliteDir, "sessions.db"))
        const wanted = Math.max(loadSchools, rentree)
        const secrets: Array<string> = []
        for (const plan of plans.slice(0, wanted))
          secrets.push((yield* Sessions.open(store, plan.adminId, "token", Date.now())).secret)
        // Pix Admin's, last.
        secrets.push((yield* Sessions.open(store, Academie.pixAdminId, "token", Date.now())).secret)
        return secrets
      })
    )
  )
  const bearer = (index: number) => ({ authorization: `Bearer ${tokens[index]}` })
  const pixAdminBearer = { authorization: `Bearer ${tokens.at(-1)}` }

  // 2. The instances: one alone, then two together.
  const env: Record<string, string> = {
    ...(sqliteDir === undefined ? { DATABASE_URL: url } : { DATA_DIR: sqliteDir }),
    ORGA_MASTER_KEY: masterKey,
    PIX_ADMIN_IDS: Academie.pixAdminId,
    ...(process.env.ORGA_SNAPSHOTS === undefined ? {} : { ORGA_SNAPSHOTS: process.env.ORGA_SNAPSHOTS }),
    ...(tables
      ? {
          ORGA_READ_MODELS: "tables",
          ORGA_READ_MODEL_TABLES: "on",
          ORGA_CACHE_SCHOOLS: String(cacheSchools),
          NODE_OPTIONS: nodeOptions
        }
      : {}),
    ...instanceMalloc
  }
  const memoryLine = (instance: Instances.Instance) => {
    const { rss, peak } = Instances.memory(instance)
    return `${instance.name} ${fr(rss, 0)} Mo (pic ${fr(peak, 0)} Mo)`
  }
  // SCALE_TABLES_BUILD=bench: the tables folded by the bench in large batches before A starts.
  if (buildByBench) {
    const progress = Math.max(tablesBatch, 400_000)
    let shown = 0n
    const built = await TablesBuild.build({
      url,
      schema,
      masterKey,
      batchSize: tablesBatch,
      onBatch: (checkpoint) => {
        if (checkpoint - shown >= BigInt(progress)) {
          shown = checkpoint
          log(`  tables : point de reprise ${checkpoint}`)
        }
      }
    })
    const folded = Number(built.to - built.from)
    if (folded > 0) {
      const sizing = await TablesWatch.watch(url, schema)
      const bytes = await sizing.size()
      await sizing.close()
      log(
        `${built.from === 0n ? "premier remplissage des tables" : "tables rattrapées"} par le banc (lots de ${tablesBatch} événements) : ` +
          `${folded} événements en ${seconds(built.millis)} (${Math.round(folded / (built.millis / 1000))} événements/s) ; ` +
          `tables en PostgreSQL : ${fr(bytes / 1e6, 0)} Mo (index compris)`
      )
      if (kept !== undefined && !(await Cluster.exists(kept.url("postgres"), tablesDatabase))) {
        const copying = performance.now()
        await Cluster.create(kept.url("postgres"), tablesDatabase, runDatabase)
        log(
          `tables gardées pour les prochains passages : ${tablesDatabase} copiée en ${seconds(performance.now() - copying)}`
        )
      }
    }
  }
  // In tables mode the checkpoint row is watched from the spawn of A: the tables' first build (or catch-up).
  const watch = tables ? await TablesWatch.watch(url, schema) : undefined
  const before = await watch?.positions()
  const catchingUp =
    watch === undefined || before === undefined ? undefined : TablesWatch.until(watch, before.head, 3_600_000)
  instances.push(await Instances.start("A", env))
  await new Promise((resolve) => setTimeout(resolve, 2000))
  log(
    `instance A seule : prête en ${seconds(instances[0]!.readyMillis)} (cible < 5 s) ; mémoire ${memoryLine(instances[0]!)}`
  )
  if (watch !== undefined && before !== undefined && catchingUp !== undefined) {
    const caughtUp = await catchingUp
    if (caughtUp === undefined) throw new Error("les tables n'ont pas rattrapé le journal en une heure")
    const folded = Number(before.head - before.checkpoint)
    const bytes = await watch.size()
    const size = `tables en PostgreSQL : ${fr(bytes / 1e6, 0)} Mo (${before.table}, index compris)`
    log(
      folded === 0
        ? `tables gardées, déjà à jour : point de reprise = tête du journal (${before.head}) ; ${size}`
        : `${before.checkpoint === 0n ? "premier remplissage des tables" : `tables gardées (point de reprise ${before.checkpoint}) rattrapées`} ` +
            `par A : ${folded} événements en ${seconds(caughtUp)} depuis son lancement ` +
            `(${Math.round(folded / (caughtUp / 1000))} événements/s), point de reprise = tête du journal (${before.head}) ; ` +
            `${size} ; mémoire ${memoryLine(instances[0]!)}`
    )
    // A restarts over the tables it built (the start of an instance once the tables exist, issue 17's "ready");
    // meanwhile the log with its tables is kept for the next runs (SCALE_PG_DIR), copied with no session on it.
    if (folded > 0) {
      await Instances.stop(instances.pop()!)
      if (kept !== undefined && !(await Cluster.exists(kept.url("postgres"), tablesDatabase))) {
        await watch.close()
        const copying = performance.now()
        await Cluster.create(kept.url("postgres"), tablesDatabase, runDatabase)
        log(
          `tables gardées pour les prochains passages : ${tablesDatabase} copiée en ${seconds(performance.now() - copying)}`
        )
      }
      instances.push(await Instances.start("A", env))
      await new Promise((resolve) => setTimeout(resolve, 2000))
      log(
        `instance A relancée sur les tables à jour : prête en ${seconds(instances[0]!.readyMillis)} (cible < 5 s) ; ` +
          `mémoire ${memoryLine(instances[0]!)}`
      )
    }
    await watch.close()
  }
  // With read-model snapshots (ORGA_SNAPSHOTS=on), A writes one after its start from the whole log: B and C start
  // once it is stored, so their start is the one from a snapshot (ADR 0056).
  if (instanceCount > 1 && sqliteDir === undefined && process.env.ORGA_SNAPSHOTS === "on") {
    const waited = await waitForSnapshot(url, 300_000)
    log(
      waited === undefined
        ? "instantané des modèles de lecture : aucun écrit par A en 300 s (B et C relisent tout le journal)"
        : `instantané des modèles de lecture écrit par A ${seconds(waited)} après qu'elle est prête ; mémoire ${memoryLine(instances[0]!)}`
    )
  }
  if (instanceCount > 1) {
    const others = ["B", "C", "D", "E"].slice(0, instanceCount - 1)
    instances.push(...(await Promise.all(others.map((name) => Instances.start(name, env)))))
    await new Promise((resolve) => setTimeout(resolve, 2000))
    log(
      `instances ${others.join(", ")} ensemble : prêtes en ${instances
        .slice(1)
        .map((instance) => seconds(instance.readyMillis))
        .join(", ")} ; mémoire ${instances.map(memoryLine).join(", ")} (cible < 300 Mo)`
    )
  }
  const urls = instances.map((instance) => instance.url)

  // 3. The heaviest pages, one at a time, over the three instances.
  const schoolsLoaded = plans.slice(0, loadSchools)
  const pageKinds = [
    {
      name: `résultats d'une campagne de ${options.headline} participants`,
      pages: schoolsLoaded.map((plan) => ({
        path: `/campaigns/${plan.headline.campaignId}/results`,
        headers: bearer(plan.index)
      }))
    },
    {
      name: `liste des élèves (${options.students} dans le fichier)`,
      pages: schoolsLoaded.map((plan) => ({
        path: `/organizations/${plan.organizationId}/learners`,
        headers: bearer(plan.index)
      }))
    },
    {
      name: "certificabilité par classe",
      pages: schoolsLoaded.map((plan) => ({
        path: `/organizations/${plan.organizationId}/certificability`,
        headers: bearer(plan.index)
      }))
    }
  ]
  // Every page once on every instance first: the first answer computes the view, the next ones may be cached.
  for (const kind of pageKinds) {
    const first: Array<number> = []
    for (const page of kind.pages)
      for (const base of urls) {
        const began = performance.now()
        const response = await fetch(`${base}${page.path}`, { headers: page.headers })
        await response.arrayBuffer()
        if (!response.ok) throw new Error(`${page.path} : ${response.status}`)
        first.push(performance.now() - began)
      }
    log(
      `premier affichage, ${kind.name} : p50 ${fr(Load.percentile(first, 50))} ms, p95 ${fr(Load.percentile(first, 95))} ms ` +
        `(${first.length} pages, ${loadSchools} établissements × ${urls.length} instances, une à la fois)`
    )
  }
  log(
    `charge : ${connections} connexions par instance × ${urls.length}, ${duration} s par page, ${loadSchools} établissements`
  )
  for (const kind of pageKinds) {
    const measured = await Load.start(urls, kind.pages, connections, duration).done
    log(`  ${kind.name} : ${Load.summary(measured)} (cible p95 < 50 ms)`)
  }
  // The steady state of serving: every instance has shown its schools' pages, within its bound of schools kept.
  log(`mémoire après la charge : ${instances.map(memoryLine).join(", ")} (cible < 300 Mo)`)

  // Pix Admin's list of every organization, once, on A: it reads every school (in tables mode a batch at a time).
  {
    const began = performance.now()
    const response = await fetch(`${urls[0]}/back-office/organizations`, { headers: pixAdminBearer })
    if (!response.ok) throw new Error(`/back-office/organizations : ${response.status}`)
    const listed = (await response.json()) as ReadonlyArray<unknown>
    const took = performance.now() - began
    await new Promise((resolve) => setTimeout(resolve, 2000))
    log(
      `liste des organisations de Pix Admin, une fois sur A : ${listed.length} organisations en ${seconds(took)} ; ` +
        `mémoire ${memoryLine(instances[0]!)}`
    )
  }

  // 4. The rentrée, under the pages' load.
  const mixed = pageKinds.flatMap((kind) => kind.pages)
  const background = Load.start(urls, mixed, Math.max(1, Math.floor(connections / 2)), 24 * 3600)
  const imports: Array<{ millis: number; lag: number | undefined; added: number; updated: number; events: number }> = []
  // The leader's lag (tables mode): from an import's answer to the tables' checkpoint passing its position.
  const lagWatch = tables ? await TablesWatch.watch(url, schema) : undefined
  const leaderLag = lagWatch === undefined ? undefined : TablesWatch.leaderLag(lagWatch)
  const rentreeBegan = performance.now()
  let next = 0
  // A 503 (the app's "réessayez dans quelques instants") is retried as a client would, up to 5 times a second
  // apart; an import still refused is counted with its answer, and the rentrée goes on.
  // A connection reset before the answer (seen once, at 15:22 on 2026-12-05: the run stopped) is sent again the
  // same way, and counted: a confirmation the app had already taken is then refused, and counted as such.
  let retried = 0
  let reset = 0
  const refused: Array<string> = []
  const attempt = async (send: () => Promise<Response>): Promise<Response> => {
    for (let tries = 1; ; tries++) {
      const response = await send().catch((error: unknown) => {
        if (tries === 5) throw error
        reset++
        return undefined
      })
      if (response !== undefined && (response.status !== 503 || tries === 5)) return response
      if (response !== undefined) {
        retried++
        await response.arrayBuffer()
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
  const importOne = async (index: number) => {
    const plan = plans[index]!
    const bytes = Academie.siecleBytes(Academie.nextYear(plan, options))
    const writer = urls[index % urls.length]!
    const reader = urls[(index + 1) % urls.length]!
    const began = performance.now()
    const preview = await attempt(() => {
      const form = new FormData()
      form.append("file", new Blob([bytes], { type: "text/xml" }), "ElevesSansAdresses.xml")
      return fetch(`${writer}/organizations/${plan.organizationId}/imports/preview`, {
        method: "POST",
        headers: bearer(index),
        body: form
      })
    })
    const previewed = (await preview.json()) as { previewId: string; code?: string }
    if (!preview.ok) return void refused.push(`aperçu ${preview.status} ${previewed.code ?? ""}`.trim())
    const confirm = await attempt(() =>
      fetch(`${writer}/organizations/${plan.organizationId}/imports/previews/${previewed.previewId}/confirm`, {
        method: "POST",
        headers: bearer(index)
      })
    )
    const confirmed = (await confirm.json()) as {
      added: number
      updated: number
      eventsAppended: number
      code?: string
    }
    if (!confirm.ok) return void refused.push(`confirmation ${confirm.status} ${confirmed.code ?? ""}`.trim())
    const answered = performance.now()
    const position = confirm.headers.get("orga-position")
    if (position !== null) leaderLag?.expect(BigInt(position), answered)
    let lag: number | undefined
    if (position !== null) {
      const read = await fetch(`${reader}/organizations/${plan.organizationId}/learners/page?page=1&pageSize=1`, {
        headers: { ...bearer(index), "orga-position": position }
      }).catch(() => {
        reset++
        return undefined
      })
      await read?.arrayBuffer()
      if (read?.ok === true) lag = performance.now() - answered
    }
    imports.push({
      millis: answered - began,
      lag,
      added: confirmed.added,
      updated: confirmed.updated,
      events: confirmed.eventsAppended
    })
  }
  await Promise.all(
    Array.from({ length: rentreeConcurrency }, async () => {
      while (next < rentree) await importOne(next++)
    })
  )
  const rentreeMillis = performance.now() - rentreeBegan
  background.stop()
  const underImports = await background.done
  const lags = imports.flatMap((entry) => (entry.lag === undefined ? [] : [entry.lag]))
  const importTimes = imports.map((entry) => entry.millis)
  const total = (key: "added" | "updated" | "events") => imports.reduce((sum, entry) => sum + entry[key], 0)
  if (rentree === 0) {
    log("rentrée : aucun import (SCALE_RENTREE=0)")
    await leaderLag?.stop(0)
    await lagWatch?.close()
  } else {
    log(
      `rentrée : ${imports.length} imports SIECLE (aperçu + confirmation, ${rentreeConcurrency} à la fois) en ${seconds(rentreeMillis)}, ` +
        `${fr((imports.length * 60_000) / rentreeMillis)} imports par minute ; durée d'un import p50 ` +
        `${seconds(Load.percentile(importTimes, 50))}, p95 ${seconds(Load.percentile(importTimes, 95))} ; ` +
        `${total("added")} élèves ajoutés, ${total("updated")} mis à jour, ${total("events")} événements` +
        `${retried > 0 ? ` ; ${retried} réponses 503 réessayées` : ""}` +
        `${reset > 0 ? ` ; ${reset} connexions coupées avant la réponse, requêtes renvoyées` : ""}` +
        `${refused.length > 0 ? ` ; ${refused.length} imports refusés (${[...new Set(refused)].join(", ")})` : ""}`
    )
    log(
      `  retard de projection (réponse de l'import → ${urls.length > 1 ? "une autre instance" : "l'instance"} répond à cette position) : p50 ${fr(Load.percentile(lags, 50))} ms, ` +
        `p99 ${fr(Load.percentile(lags, 99))} ms, max ${fr(Load.percentile(lags, 100))} ms` +
        `${lags.length < imports.length ? ` (${imports.length - lags.length} lectures sans réponse à temps)` : ""}`
    )
    if (leaderLag !== undefined) {
      const leader = await leaderLag.stop(120_000)
      await lagWatch?.close()
      log(
        `  retard du meneur des tables (réponse de l'import → point de reprise des tables à cette position, relevé toutes les 10 ms) : ` +
          `p50 ${fr(Load.percentile(leader.lags, 50))} ms, p99 ${fr(Load.percentile(leader.lags, 99))} ms, ` +
          `max ${fr(Load.percentile(leader.lags, 100))} ms (${leader.lags.length} imports` +
          `${leader.missed > 0 ? `, ${leader.missed} non atteints en 120 s` : ""})`
      )
    }
    log(`  pages pendant la rentrée (les trois pages mêlées) : ${Load.summary(underImports)}`)
  }

  // 5. Memory after the load, once the instances have settled (the leader caught up, the requests answered).
  await new Promise((resolve) => setTimeout(resolve, 5000))
  log(
    `mémoire après la charge et la rentrée : ${instances.map(memoryLine).join(", ")}` +
      `${tables ? ` (ORGA_CACHE_SCHOOLS=${cacheSchools} établissements gardés par instance)` : ""} ; charge ${Os.loadavg()
        .map((load) => fr(load, 2))
        .join(" ")}`
  )
} finally {
  await cleanUp()
}
process.exit(0)

/** Milliseconds until a read-model snapshot is stored in the database (polled), or undefined after `limit`. */
async function waitForSnapshot(url: string, limit: number): Promise<number | undefined> {
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  const began = performance.now()
  try {
    while (performance.now() - began < limit) {
      const tables = await client.query<{ schema: string }>(
        "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'read_model_snapshots'"
      )
      for (const { schema } of tables.rows) {
        const rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".read_model_snapshots`)
        if (Number(rows.rows[0]?.n ?? 0) > 0) return performance.now() - began
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    return undefined
  } finally {
    await client.end()
  }
}

/** glibc's allocator settings of the instances (`instanceMalloc`), or its defaults. */
function mallocEnv(): string {
  const set = Object.entries(instanceMalloc)
  return set.length === 0 ? "glibc par défaut" : set.map(([name, value]) => `${name}=${value}`).join(" ")
}

/** The commit the instances run (and whether the tree had changes), so that figures name their code. */
function commit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim()
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim()
    return dirty === "" ? head : `${head} (modifié)`
  } catch {
    return "(inconnu)"
  }
}
