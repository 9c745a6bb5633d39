/**
 * `pnpm --filter @orga/bench-http bench`: the app's HTTP stack under load, beside a bare `node:http` handler that
 * returns the same bytes, in the same run (autocannon 9 in a worker thread, 50 connections).
 *
 * The app here is the real middleware stack (`Server.app`: request log, security headers, problems, body limits,
 * rate limits, CSRF, `Orga-Position`, `Idempotency-Key`) over the library on the in-memory store, with a
 * 5,000-student school (SIECLE import) and a 3,000-participant campaign (joined and shared). Until the library's
 * endpoints land, three bench routes stand in for them, each calling what the endpoint will call: the campaign's
 * results, the school's learners, and a sign-in (argon2id verification + a bearer token). When the endpoints
 * exist, each target below becomes one line naming the endpoint's path (and a bearer token header).
 *
 * Before the load, a 5,000-student SIECLE upload is confirmed end to end over HTTP (multipart upload to the
 * preview, then its confirmation without the file, with a bearer token) beside the library's own import of the same
 * file (and its own preview + confirmation), each into a fresh organization, in turns, and the ratios are printed.
 *
 * Environment: `DURATION` seconds per target (default 5), `CONNECTIONS` (default 50), `IMPORT_RUNS` (default 5),
 * `ONLY` (the targets whose name contains one of its comma-separated parts),
 * `IMPORT_ONLY=1` (the SIECLE import's figures only, without the load targets).
 *
 * @since 0.1.0
 */

import * as Fs from "node:fs"
import { createServer } from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import { EventStore } from "@orga/event-store"
import {
  App,
  Config,
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
  Sessions
} from "@orga/http"
import { Analysis, BackOffice, Orga, Reports, Rosters, Runtime, Stores, TargetProfiles, Team } from "@orga/orga"
import autocannon from "autocannon"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { HttpRouter, HttpServer, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as School from "./school.ts"

const duration = Number(process.env.DURATION ?? 5)
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

let start = performance.now()
const { organizationId, campaignId } = await run(School.seed(students, participants))
log(`données : ${students} élèves importés, ${participants} participations partagées (${ms(start)} ms)`)

// The bench routes standing in for the endpoints to come (each calls what the endpoint will call).
const passwordHash = await Effect.runPromise(Password.hash(password))
const json = (value: unknown) => HttpServerResponse.jsonUnsafe(value)
const cache = await run(Effect.map(EventStore.EventStore, (store) => ReadCache.make(store)))
/** A GET bench route: its answer computed with the library's services (a failure is a defect: the bench stops). */
const get = (
  path: `/${string}`,
  answer: Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, Library.Services>
) => HttpRouter.route("GET", path, answer.pipe(Effect.provide(services), Effect.orDie))
const benchRoutes = HttpRouter.addAll([
  get(
    "/bench/cached/campaigns/:campaignId/results",
    Effect.flatMap(Reports.Reports, (reports) =>
      cache.json(`results:claire:${campaignId}`, reports.campaignResults(admin, campaignId))
    )
  ),
  get(
    "/bench/cached/organizations/:organizationId/learners",
    Effect.flatMap(Rosters.Rosters, (rosters) =>
      cache.json(`learners:claire:${organizationId}`, rosters.learners(admin, organizationId))
    )
  ),
  get(
    "/bench/campaigns/:campaignId/results",
    Effect.flatMap(Reports.Reports, (reports) => Effect.map(reports.campaignResults(admin, campaignId), json))
  ),
  get(
    "/bench/organizations/:organizationId/learners",
    Effect.flatMap(Rosters.Rosters, (rosters) => Effect.map(rosters.learners(admin, organizationId), json))
  ),
  get(
    "/bench/campaigns/:campaignId/participants",
    Effect.flatMap(Analysis.Analysis, (analysis) =>
      Effect.map(analysis.resultsPage(admin, campaignId, { page: 1, size: 50 }), json)
    )
  ),
  get(
    "/bench/campaigns/:campaignId/analysis",
    Effect.flatMap(Analysis.Analysis, (analysis) => Effect.map(analysis.campaignAnalysis(admin, campaignId), json))
  ),
  get(
    "/bench/organizations/:organizationId/learners/page",
    Effect.flatMap(Rosters.Rosters, (rosters) =>
      Effect.map(rosters.learnersPage(admin, organizationId, pageQuery), json)
    )
  ),
  HttpRouter.route(
    "POST",
    "/bench/sign-in",
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const body = (yield* request.json) as { password?: string }
      const verified = yield* Password.verify(passwordHash, body.password ?? "")
      if (!verified.valid) return HttpServerResponse.empty({ status: 401 })
      const opened = yield* Sessions.open(yield* SessionStore.SessionStore, "claire", "token", Date.now())
      return json({ token: opened.secret.length > 0 ? "…" : "" })
    }).pipe(Effect.orDie)
  )
])

// The "Élèves" page as Pix Orga opens it: page 3 of 50, the students without a certifiable profile.
const pageQuery = { certificability: ["not-available", "non-eligible"], page: 3, pageSize: 50 } as const

// The app: the real middleware stack, every endpoint and the app's services (stores in a temporary data dir),
// over the library's services and event store built above.
const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-bench-http-"))
const config = Config.fromEnv({ PORT: "0", DATA_DIR: dataDir })
const appLayer = Server.serve(Layer.merge(Server.app(OrgaApi.Api, Library.handlers), benchRoutes), config).pipe(
  Layer.provideMerge(Layer.merge(InvitationIndex.layer, Library.credentialStore(config))),
  Layer.provideMerge(Layer.succeed(Config.Config, config)),
  Layer.provideMerge(Readiness.layer([])),
  Layer.provideMerge(RateLimit.layerMemory()),
  Layer.provideMerge(App.sessionStore(config)),
  Layer.provideMerge(App.idempotencyStore(config)),
  Layer.provideMerge(Layer.succeedContext(services)),
  // The request log is one JSON line per request; here it goes nowhere, so the figures are the stack's.
  Layer.provide(Layer.succeed(RequestLog.LogSink, () => {}))
)
const appContext = await Effect.runPromise(Layer.buildWithScope(appLayer, scope))
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
if (process.env.IMPORT_ONLY === "1") process.exit(0)

/** What the load generator sends. */
interface Target {
  readonly name: string
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: string
  readonly headers?: Record<string, string>
}

// One line per target; the endpoints to come replace the `/bench/…` paths (with `authorization: Bearer …`).
// `ONLY` keeps the targets whose name contains one of its comma-separated parts (a short run on a busy machine).
const only = process.env.ONLY
const allTargets: ReadonlyArray<Target> = [
  { name: `résultats (${participants} participants)`, method: "GET", path: `/bench/campaigns/${campaignId}/results` },
  { name: `élèves (${students})`, method: "GET", path: `/bench/organizations/${organizationId}/learners` },
  {
    name: `résultats, ReadCache`,
    method: "GET",
    path: `/bench/cached/campaigns/${campaignId}/results`
  },
  { name: `élèves, ReadCache`, method: "GET", path: `/bench/cached/organizations/${organizationId}/learners` },
  {
    name: `élèves, page de 50 filtrée`,
    method: "GET",
    path: `/bench/organizations/${organizationId}/learners/page`
  },
  {
    name: "connexion (argon2id)",
    method: "POST",
    path: "/bench/sign-in",
    body: JSON.stringify({ password }),
    headers: { "content-type": "application/json" }
  },
  { name: "/health", method: "GET", path: "/health" },
  {
    name: `résultats, une page de 50 (${participants} participants)`,
    method: "GET",
    path: `/bench/campaigns/${campaignId}/participants`
  },
  { name: `analyse (${participants} participants)`, method: "GET", path: `/bench/campaigns/${campaignId}/analysis` }
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
  const found = captured.get((request.url ?? "/").split("?")[0] ?? "/")
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
    run(Effect.flatMap(Rosters.Rosters, (rosters) => rosters.learnersPage(admin, organizationId, pageQuery)))
  )} ms ; argon2id ${await median(() => Effect.runPromise(Password.verify(passwordHash, password)))} ms`
)
log(`charge : ${connections} connexions, ${duration} s par cible, autocannon dans un worker ; Node ${process.version}`)
log("| cible | octets | app req/s | app p50 / p99 ms | nu req/s | nu p50 / p99 ms | app / nu |")
log("|---|---|---|---|---|---|---|")
for (const target of targets) {
  start = performance.now()
  const app = await load(appUrl, target)
  const plain = await load(bareUrl, target)
  const ratio = app.requests.average / plain.requests.average
  const failures = app.non2xx + app.errors + plain.non2xx + plain.errors
  log(
    `| ${target.name} | ${captured.get(target.path)?.bytes.length ?? 0} | ${app.requests.average.toFixed(0)} | ` +
      `${app.latency.p50} / ${app.latency.p99} | ${plain.requests.average.toFixed(0)} | ` +
      `${plain.latency.p50} / ${plain.latency.p99} | ${(ratio * 100).toFixed(0)} %${failures > 0 ? ` (${failures} échecs)` : ""} |`
  )
}

bare.close()
await Effect.runPromise(Scope.close(scope, Exit.void))
process.exit(0)
