/**
 * `pnpm --filter @orga/bench-http bench:pages`: the results page of a 3,000-participant campaign in Chromium (Debian's,
 * driven by playwright-core), as a staff member opens it: time to first byte and full load (the `load` event), from
 * the browser's Navigation Timing, median of `RUNS` visits (default 9) after one warm-up, the page's weight, and
 * the same for the results page filtered by one class. Target: full load under 1 s.
 *
 * The app is the real one (`Server.app` with the API and `Web.layer`, every middleware) over the library on the
 * in-memory store, with a 5,000-student school and a 3,000-participant profiles collection, all shared.
 *
 * @since 0.1.0
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { gzipSync } from "node:zlib"
import {
  App,
  Config,
  CredentialStore,
  InvitationIndex,
  Library,
  OrgaApi,
  Password,
  RateLimit,
  Readiness,
  RequestLog,
  Server,
  Web
} from "@orga/http"
import { Orga, Runtime, Stores, TargetProfiles } from "@orga/orga"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { chromium } from "playwright-core"
import * as School from "./school.ts"

const runs = Number(process.env.RUNS ?? 9)
const students = 5000
const participants = 3000
const password = "Banc-Pages-2026"
const log = (line: string) => process.stdout.write(`${line}\n`)

const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-bench-pages-"))
const config = Config.fromEnv({ PORT: "0", DATA_DIR: dataDir })
const orga = Orga.layer({ targetProfiles: [TargetProfiles.sample], pixAdminIds: ["pix"] }).pipe(
  Layer.provideMerge(Layer.merge(Stores.memory, Runtime.live))
)
const library = Layer.mergeAll(orga, Library.credentialStore(config), InvitationIndex.layer.pipe(Layer.provide(orga)))
const scope = Effect.runSync(Scope.make())
const services = await Effect.runPromise(Layer.buildWithScope(library, scope))
const run = <A, E>(effect: Effect.Effect<A, E, Layer.Success<typeof library>>) =>
  Effect.runPromise(Effect.provide(effect, services))

const started = performance.now()
const { organizationId, campaignId, division } = await run(
  School.seed(
    students,
    participants,
    Effect.gen(function* () {
      yield* (yield* CredentialStore.CredentialStore).set("claire", yield* Password.hash(password), Date.now())
    })
  )
)
log(
  `données : ${students} élèves importés, ${participants} participations partagées (${(performance.now() - started).toFixed(0)} ms)`
)

// The real app: the API and the pages, every middleware.
const appLayer = Server.serve(Layer.merge(Server.app(OrgaApi.Api, Library.handlers), Web.layer), config).pipe(
  Layer.provideMerge(Layer.succeed(Config.Config, config)),
  Layer.provideMerge(Readiness.layer([])),
  Layer.provideMerge(RateLimit.layerMemory()),
  Layer.provideMerge(App.sessionStore(config)),
  Layer.provideMerge(App.idempotencyStore(config)),
  Layer.provideMerge(Layer.succeedContext(services)),
  Layer.provide(Layer.succeed(RequestLog.LogSink, () => {}))
)
const appContext = await Effect.runPromise(Layer.buildWithScope(appLayer, scope))
const address = Context.get(appContext, HttpServer.HttpServer).address
const url = `http://127.0.0.1:${"port" in address ? address.port : 0}`

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"]
})
const page = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } })).newPage()
await page.goto(`${url}/connexion`)
await page.getByLabel("Adresse e-mail ou identifiant").fill("claire@college.fr")
await page.getByLabel("Mot de passe").fill(password)
await page.getByRole("button", { name: "Se connecter" }).click()
await page.waitForURL(`${url}/espace/${organizationId}`)

interface Visit {
  readonly ttfb: number
  readonly load: number
}

/** One visit's Navigation Timing: first byte and the `load` event, from the start of the navigation. */
const visit = async (path: string): Promise<Visit> => {
  await page.goto(`${url}${path}`, { waitUntil: "load" })
  // Runs in the page: the DOM's types are not this project's, hence the narrow cast.
  return page.evaluate(() => {
    const timing = (
      globalThis as unknown as {
        performance: {
          getEntriesByType: (
            type: string
          ) => ReadonlyArray<{ startTime: number; responseStart: number; loadEventEnd: number }>
        }
      }
    ).performance
    const [entry] = timing.getEntriesByType("navigation")
    return { ttfb: entry!.responseStart - entry!.startTime, load: entry!.loadEventEnd - entry!.startTime }
  })
}
const median = (values: ReadonlyArray<number>) => {
  const sorted = values.toSorted((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const base = `/espace/${organizationId}/campagnes/${campaignId}`
log(`Chromium ${browser.version()}, ${runs} visites par page après une visite d'échauffement`)
log("| page | HTML | HTML gzip | premier octet (médiane) | chargement complet (médiane) | max |")
log("|---|---|---|---|---|---|")
for (const [name, path] of [
  [`résultats (${participants} participants, page 1)`, base],
  [`résultats, classe ${division}`, `${base}?classe=${encodeURIComponent(division)}`]
] as const) {
  await visit(path)
  const visits: Array<Visit> = []
  for (let index = 0; index < runs; index++) visits.push(await visit(path))
  const response = await page.request.get(`${url}${path}`)
  const body = await response.body()
  log(
    `| ${name} | ${(body.length / 1024).toFixed(0)} Ko | ${(gzipSync(body).length / 1024).toFixed(1)} Ko | ${median(visits.map((v) => v.ttfb)).toFixed(0)} ms | ${median(visits.map((v) => v.load)).toFixed(0)} ms | ${Math.max(...visits.map((v) => v.load)).toFixed(0)} ms |`
  )
}

await browser.close()
await Effect.runPromise(Scope.close(scope, Exit.void))
Fs.rmSync(dataDir, { recursive: true, force: true })
