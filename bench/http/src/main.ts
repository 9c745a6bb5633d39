/**
 * `pnpm --filter @orga/bench-http bench`: the app's HTTP stack under load, beside a bare `node:http` handler that
 * returns the same bytes, in the same run (autocannon 9 in a worker thread, 50 connections).
 *
 * The app here is the real one (`Server.app` with the API and the web pages: request log, security headers,
 * problems, body limits, CSRF, `Orga-Position`, `Idempotency-Key`) over the library on the in-memory store, with a
 * 5,000-student school (SIECLE import) and a 3,000-participant campaign (joined and shared). The targets are its
 * endpoints as the typed client calls them (Claire's bearer token): the results and the learners in pages of 50
 * and whole, the analysis, the web pages of results and learners (session cookie), sign-in (argon2id; the rate
 * limits are lifted here, a flood from one address is what they refuse) and `/health`.
 *
 * Before the load, a 5,000-student SIECLE upload is confirmed end to end over HTTP (multipart upload to the
 * preview, then its confirmation without the file, with a bearer token) beside the library's own import of the same
 * file (and its own preview + confirmation), each into a fresh organization, in turns, and the ratios are printed.
 *
 * Environment: `DURATION` seconds per round (default 3), `ROUNDS` of app then bare handler per target (default 3:
 * medians, and the median of the rounds' ratios), `CONNECTIONS` (default 50), `IMPORT_RUNS` (default 5),
 * `ONLY` (the targets whose name contains one of its comma-separated parts), `PROFILE=dir` (a CPU profile of the app
 * per target and round, `dir/<index>-<round>.cpuprofile`), `IMPORT_RUNS=0` (no SIECLE import figures),
 * `IMPORT_ONLY=1` (the SIECLE import's figures only, without the load targets), `READ_CACHE=off` (every read
 * computed, as before ADR 0054), `FAST_PATH=off` (cache hits through effect's router too, as before the fast path).
 *
 * @since 0.1.0
 */

import * as Fs from "node:fs"
import { createServer } from "node:http"
import * as Inspector from "node:inspector/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import {
  App,
  Config,
  CredentialStore,
  InvitationIndex,
  Library,
  OrgaApi,
  Password,
  RateLimit,
  ReadCache,
  Readiness,
  RequestLog,
  Server,
  SessionStore,
  Sessions,
  Web
} from "@orga/http"
import { BackOffice, Orga, Reports, Rosters, Runtime, Stores, TargetProfiles, Team } from "@orga/orga"
import autocannon from "autocannon"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as School from "./school.ts"

const duration = Number(process.env.DURATION ?? 3)
const rounds = Number(process.env.ROUNDS ?? 3)
const connections = Number(process.env.CONNECTIONS ?? 50)
const importRuns = Number(process.env.IMPORT_RUNS ?? 5)
const students = 5000
const participants = 3000
const admin = School.admin
const password = "mot de passe du banc"

const log = (line: string) => process.stdout.write(`${line}\n`)
const ms = (start: number) => (performance.now() - start).toFixed(0)

// The library on the in-memory store, the school, its campaign and participants.
const library = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
  Layer.provideMerge(Layer.merge(Stores.memory, Runtime.live))
)
const scope = Effect.runSync(Scope.make())
const services = await Effect.runPromise(Layer.buildWithScope(library, scope))
const run = <A, E>(effect: Effect.Effect<A, E, Layer.Success<typeof library>>) =>
  Effect.runPromise(Effect.provide(effect, services))

// The school's SIECLE export, as the school sends it (ISO-8859-15).
const siecle = School.siecleFile(students).bytes

const start = performance.now()
const { organizationId, campaignId } = await run(School.seed(students, participants))
log(`données : ${students} élèves importés, ${participants} participations partagées (${ms(start)} ms)`)

// Claire signs in with this password (argon2id, as the app stores it).
const passwordHash = await Effect.runPromise(Password.hash(password))

// The "Élèves" page as Pix Orga opens it: page 3 of 50, the students without a certifiable profile.
const learnersPage = { certificability: ["not-available", "non-eligible"], page: 3, pageSize: 50 } as const
const learnersPageQuery = "certificability=not-available&certificability=non-eligible&page=3&pageSize=50"

/** A limiter that lets every attempt through. */
const unlimited: RateLimit.Limiter = {
  take: (_key, _rule, now) => Effect.succeed({ allowed: true, bucket: { tokens: 1, updatedAt: now } })
}

// The app: the real middleware stack, every endpoint and the app's services (stores in a temporary data dir),
// over the library's services and event store built above.
const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-bench-http-"))
// `FAST_PATH=off`: every request through effect's router, cache hits included (the app before the fast path).
const config = Config.fromEnv({ PORT: "0", DATA_DIR: dataDir, FAST_PATH: process.env.FAST_PATH })
const appLayer = Server.serve(Layer.merge(Server.app(OrgaApi.Api, Library.handlers), Web.layer), config).pipe(
  Layer.provideMerge(Layer.merge(InvitationIndex.layer, Library.credentialStore(config))),
  Layer.provideMerge(Layer.succeed(Config.Config, config)),
  Layer.provideMerge(Readiness.layer([])),
  // No rate limit here: sign-in's limit per client address (20 a minute) would answer the load with 429s.
  Layer.provideMerge(Layer.succeed(RateLimit.RateLimiter, unlimited)),
  Layer.provideMerge(App.sessionStore(config)),
  Layer.provideMerge(App.idempotencyStore(config)),
  Layer.provideMerge(Layer.succeedContext(services)),
  // `READ_CACHE=off`: a cache that keeps nothing, so that every read is computed (the app before ADR 0054).
  Layer.provideMerge(
    process.env.READ_CACHE === "off"
      ? Layer.succeed(ReadCache.ReadCache, (store) => ReadCache.make(store, { maxEntries: 0 }))
      : Layer.empty
  ),
  // The request log is one JSON line per request; here it goes nowhere, so the figures are the stack's.
  Layer.provide(Layer.succeed(RequestLog.LogSink, () => {}))
)
const appContext = await Effect.runPromise(Layer.buildWithScope(appLayer, scope))
await Effect.runPromise(
  Context.get(appContext, CredentialStore.CredentialStore).set("claire", passwordHash, Date.now())
)
const address = Context.get(appContext, HttpServer.HttpServer).address
const appUrl = `http://127.0.0.1:${"port" in address ? address.port : 0}`

// A 5,000-student SIECLE upload confirmed end to end over HTTP (multipart upload to the preview, then its
// confirmation: what a school does), beside the library's own import of the same file; each into a fresh
// organization, in turns in this run, medians of `IMPORT_RUNS`.
const token = (
  await Effect.runPromise(
    Sessions.open(Context.get(appContext, SessionStore.SessionStore), "claire", "token", Date.now())
  )
).secret
const freshOrganization = () =>
  run(
    Effect.gen(function* () {
      const backOffice = yield* BackOffice.BackOffice
      const { organizationId } = yield* backOffice.registerOrganization(Orga.user("pix"), {
        name: "Collège Jean Moulin",
        type: "SCO",
        uai: "0331234X",
        isManagingStudents: true
      })
      const invitation = yield* backOffice.inviteFirstAdmin(Orga.user("pix"), {
        organizationId,
        email: "claire@college.fr"
      })
      yield* (yield* Team.Team).acceptInvitation(admin, { organizationId, ...invitation })
      return organizationId
    })
  )
const upload = async (organizationId: string) => {
  const form = new FormData()
  form.append("file", new Blob([siecle], { type: "text/xml" }), "ElevesSansAdresses.xml")
  const response = await fetch(`${appUrl}/organizations/${organizationId}/imports/preview`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form
  })
  const body = (await response.json()) as { added: ReadonlyArray<unknown>; previewId: string }
  if (!response.ok) throw new Error(`preview: ${response.status} ${JSON.stringify(body)}`)
  return { added: body.added.length, previewId: body.previewId }
}
const confirm = async (organizationId: string, previewId: string) => {
  const response = await fetch(`${appUrl}/organizations/${organizationId}/imports/previews/${previewId}/confirm`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` }
  })
  const body = (await response.json()) as { added: number }
  if (!response.ok) throw new Error(`confirm: ${response.status} ${JSON.stringify(body)}`)
  return body.added
}
const importTimes = {
  library: [] as Array<number>,
  libraryPreviewed: [] as Array<number>,
  http: [] as Array<number>,
  preview: [] as Array<number>
}
const addedCounts = new Set<number>()
// Three fresh organizations a round: the library's import alone, the library's preview + confirmation, and the
// same over HTTP, in an order that turns from round to round.
const orders = [
  ["library", "libraryPreviewed", "http"],
  ["http", "library", "libraryPreviewed"],
  ["libraryPreviewed", "http", "library"]
] as const
for (let round = 0; round < importRuns; round++) {
  for (const which of orders[round % orders.length]!) {
    const organization = await freshOrganization()
    const input = { organizationId: organization, fileName: "eleves.xml", bytes: siecle }
    const begin = performance.now()
    if (which === "library") {
      const outcome = await run(Effect.flatMap(Rosters.Rosters, (rosters) => rosters.importSiecleFile(admin, input)))
      importTimes.library.push(performance.now() - begin)
      addedCounts.add(outcome.added)
    } else if (which === "libraryPreviewed") {
      const outcome = await run(
        Effect.flatMap(Rosters.Rosters, (rosters) =>
          Effect.flatMap(rosters.previewSiecleImport(admin, input), (previewed) =>
            rosters.confirmSiecleImport(admin, { organizationId: organization, previewId: previewed.previewId })
          )
        )
      )
      importTimes.libraryPreviewed.push(performance.now() - begin)
      addedCounts.add(outcome.added)
    } else {
      const previewed = await upload(organization)
      importTimes.preview.push(performance.now() - begin)
      const added = await confirm(organization, previewed.previewId)
      importTimes.http.push(performance.now() - begin)
      addedCounts.add(previewed.added).add(added)
    }
  }
}
if (importRuns > 0) {
  // Every way must add the same students (the generated file leaves some out: left, no INE, no class).
  if (addedCounts.size !== 1) throw new Error(`imports added different counts: ${[...addedCounts].join(", ")}`)
  const middle = (times: ReadonlyArray<number>) => [...times].sort((x, y) => x - y)[Math.floor(times.length / 2)] ?? 0
  const libraryImport = middle(importTimes.library)
  const libraryBoth = middle(importTimes.libraryPreviewed)
  const httpBoth = middle(importTimes.http)
  const httpConfirm = middle(importTimes.http.map((total, index) => total - (importTimes.preview[index] ?? 0)))
  const ms0 = (value: number) => `${value.toFixed(0)} ms`
  log(
    `import SIECLE (${students} élèves dont ${[...addedCounts][0]} importés, ${(siecle.length / 1e6).toFixed(1)} Mo, ` +
      `médianes de ${importRuns}) : bibliothèque import ${ms0(libraryImport)}, aperçu + confirmation ${ms0(libraryBoth)} ; ` +
      `HTTP aperçu (multipart) + confirmation ${ms0(httpBoth)}, dont confirmation ${ms0(httpConfirm)}`
  )
  log(
    `import SIECLE, rapports : HTTP aperçu + confirmation / bibliothèque import ${(httpBoth / libraryImport).toFixed(2)} (cible ≤ 1,5) ; ` +
      `HTTP aperçu + confirmation / bibliothèque aperçu + confirmation ${(httpBoth / libraryBoth).toFixed(2)} ; ` +
      `bibliothèque aperçu + confirmation / import ${(libraryBoth / libraryImport).toFixed(2)}`
  )
}
if (process.env.IMPORT_ONLY === "1") process.exit(0)

/** What the load generator sends. */
interface Target {
  readonly name: string
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: string
  readonly headers?: Record<string, string>
}

// One line per target: the endpoints the typed client and the pages' readers call, with Claire's bearer token.
// `ONLY` keeps the targets whose name contains one of its comma-separated parts (a short run on a busy machine).
const only = process.env.ONLY
const bearer = { authorization: `Bearer ${token}` }
// The web pages read the session cookie (a GET needs no CSRF token).
const cookieSession = await Effect.runPromise(
  Sessions.open(Context.get(appContext, SessionStore.SessionStore), "claire", "cookie", Date.now())
)
const cookie = { cookie: `orga_session=${cookieSession.secret}` }
const allTargets: ReadonlyArray<Target> = [
  {
    name: `résultats, page de 50 (${participants} participants)`,
    method: "GET",
    path: `/campaigns/${campaignId}/participants?page=1&size=50`,
    headers: bearer
  },
  {
    name: `résultats (${participants} participants)`,
    method: "GET",
    path: `/campaigns/${campaignId}/results`,
    headers: bearer
  },
  {
    name: `élèves, page de 50 filtrée (${students})`,
    method: "GET",
    path: `/organizations/${organizationId}/learners/page?${learnersPageQuery}`,
    headers: bearer
  },
  { name: `élèves (${students})`, method: "GET", path: `/organizations/${organizationId}/learners`, headers: bearer },
  {
    name: `analyse (${participants} participants)`,
    method: "GET",
    path: `/campaigns/${campaignId}/analysis`,
    headers: bearer
  },
  {
    name: `page web résultats (${participants} participants, HTML)`,
    method: "GET",
    path: `/espace/${organizationId}/campagnes/${campaignId}`,
    headers: cookie
  },
  {
    name: `page web élèves (${students}, HTML)`,
    method: "GET",
    path: `/espace/${organizationId}/eleves`,
    headers: cookie
  },
  {
    name: `page web analyse (${participants} participants, HTML)`,
    method: "GET",
    path: `/espace/${organizationId}/campagnes/${campaignId}/analyse`,
    headers: cookie
  },
  {
    name: "connexion (argon2id)",
    method: "POST",
    path: "/auth/sign-in",
    body: JSON.stringify({ login: "claire@college.fr", password, kind: "token", application: "orga" }),
    headers: { "content-type": "application/json" }
  },
  { name: "/health", method: "GET", path: "/health" }
]
const targets =
  only === undefined
    ? allTargets
    : allTargets.filter((target) => only.split(",").some((part) => target.name.includes(part)))

// The bare handler answers each target's path with the bytes the app answered.
const captured = new Map<string, { type: string; bytes: Buffer }>()
for (const target of targets) {
  const response = await fetch(`${appUrl}${target.path}`, {
    method: target.method,
    headers: target.headers ?? {},
    ...(target.body === undefined ? {} : { body: target.body })
  })
  if (!response.ok) throw new Error(`${target.path}: ${response.status} ${await response.text()}`)
  captured.set(target.path, {
    type: response.headers.get("content-type") ?? "application/octet-stream",
    bytes: Buffer.from(await response.arrayBuffer())
  })
}
const bare = createServer((request, response) => {
  const found = captured.get(request.url ?? "/")
  request.resume()
  request.on("end", () => {
    if (found === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { "content-type": found.type, "content-length": found.bytes.length }).end(found.bytes)
  })
})
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve))
const bareAddress = bare.address()
const bareUrl = `http://127.0.0.1:${typeof bareAddress === "object" && bareAddress !== null ? bareAddress.port : 0}`

const load = (base: string, target: Target) =>
  autocannon({
    url: `${base}${target.path}`,
    connections,
    duration,
    workers: 1,
    method: target.method,
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.headers === undefined ? {} : { headers: target.headers })
  })

/** Waits until this thread is free: a pause, then a `/health` answered by the app. */
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 300))
  await fetch(`${appUrl}/health`)
}

// Where the time of a read goes: the library's query and the JSON encoding alone, in this process (median of 15).
const median = async (work: () => Promise<unknown>) => {
  const times: Array<number> = []
  for (let i = 0; i < 15; i++) {
    const begin = performance.now()
    await work()
    times.push(performance.now() - begin)
  }
  return times.sort((x, y) => x - y)[7]?.toFixed(1)
}
const results = await run(Effect.flatMap(Reports.Reports, (reports) => reports.campaignResults(admin, campaignId)))
const learners = await run(Effect.flatMap(Rosters.Rosters, (rosters) => rosters.learners(admin, organizationId)))
log(
  `bibliothèque seule (médianes) : résultats ${await median(() =>
    run(Effect.flatMap(Reports.Reports, (reports) => reports.campaignResults(admin, campaignId)))
  )} ms + JSON ${await median(async () => JSON.stringify(results))} ms ; élèves ${await median(() =>
    run(Effect.flatMap(Rosters.Rosters, (rosters) => rosters.learners(admin, organizationId)))
  )} ms + JSON ${await median(async () => JSON.stringify(learners))} ms ; page d'élèves ${await median(() =>
    run(Effect.flatMap(Rosters.Rosters, (rosters) => rosters.learnersPage(admin, organizationId, learnersPage)))
  )} ms ; argon2id ${await median(() => Effect.runPromise(Password.verify(passwordHash, password)))} ms`
)
log(
  `charge : ${connections} connexions, ${rounds} tours de ${duration} s par cible (app puis nu ; médianes), ` +
    `autocannon dans un worker ; Node ${process.version}`
)
log("| cible | octets | app req/s | app p50 / p99 ms | nu req/s | nu p50 / p99 ms | app / nu |")
log("|---|---|---|---|---|---|---|")
// `PROFILE=dir`: a CPU profile of this process (the app's thread) while the app is under load, one per target.
const profileDir = process.env.PROFILE
const inspector = profileDir === undefined ? undefined : new Inspector.Session()
inspector?.connect()
/** Runs `work` under the CPU profiler when `PROFILE` is set, writing `dir/<name>.cpuprofile`. */
const profiled = async (name: string, work: () => Promise<unknown>) => {
  if (inspector === undefined || profileDir === undefined) {
    await work()
    return
  }
  await inspector.post("Profiler.enable")
  await inspector.post("Profiler.start")
  await work()
  const { profile } = await inspector.post("Profiler.stop")
  Fs.mkdirSync(profileDir, { recursive: true })
  Fs.writeFileSync(Path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile))
}
/** What one load run measured. */
type LoadResult = Awaited<ReturnType<typeof autocannon>>

/** The middle value. */
const mid = (values: ReadonlyArray<number>) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0
for (const [index, target] of targets.entries()) {
  // `ROUNDS` turns of app then bare handler, each `DURATION` s: medians, and the median of the rounds' ratios (each
  // measured side by side within seconds, so that another session's burst weighs on one round, not on a figure).
  const app: Array<LoadResult> = []
  const plain: Array<LoadResult> = []
  for (let round = 0; round < rounds; round++) {
    await profiled(`${index}-${round}`, async () => app.push(await load(appUrl, target)))
    // The app may still be answering requests of closed connections: the bare handler shares this thread.
    await settle()
    // The bare handler's profile too: the difference of the two is what the app costs per request.
    await profiled(`${index}-${round}-bare`, async () => plain.push(await load(bareUrl, target)))
    await settle()
  }
  const ratio = mid(app.map((result, round) => result.requests.average / (plain[round]?.requests.average ?? 1)))
  const failures = [...app, ...plain].reduce((sum, result) => sum + result.non2xx + result.errors, 0)
  const figures = (results: ReadonlyArray<LoadResult>) =>
    `${mid(results.map((result) => result.requests.average)).toFixed(0)} | ` +
    `${mid(results.map((result) => result.latency.p50))} / ${mid(results.map((result) => result.latency.p99))}`
  log(
    `| ${target.name} | ${captured.get(target.path)?.bytes.length ?? 0} | ${figures(app)} | ${figures(plain)} | ` +
      `${(ratio * 100).toFixed(0)} %${failures > 0 ? ` (${failures} échecs)` : ""} |`
  )
}

bare.close()
await Effect.runPromise(Scope.close(scope, Exit.void))
process.exit(0)
