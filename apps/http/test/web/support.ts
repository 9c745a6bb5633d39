/**
 * The browser suite's fixtures: the whole app (API, pages, the invitation outbox writing `.eml` files) on a free
 * loopback port over a fresh data dir, a Pix admin who registered the test school, and Debian's Chromium driven by
 * playwright-core, with an axe-core audit and screenshots at desktop and phone widths of every page visited.
 */
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Net from "node:net"
import * as Path from "node:path"
import { Accounts, BackOffice, Team } from "@orga/orga"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import * as App from "../../src/App.ts"
import * as Library from "../../src/api/Library.ts"
import * as OrgaApi from "../../src/api/OrgaApi.ts"
import { CredentialStore } from "../../src/auth/CredentialStore.ts"
import * as Password from "../../src/auth/Password.ts"
import * as Config from "../../src/Config.ts"
import * as Mail from "../../src/mail/Mail.ts"
import * as Outbox from "../../src/outbox/Outbox.ts"
import * as RateLimit from "../../src/safety/RateLimit.ts"
import * as Readiness from "../../src/server/Readiness.ts"
import { LogSink } from "../../src/server/RequestLog.ts"
import * as Server from "../../src/server/Server.ts"
import * as Web from "../../src/web/Web.ts"
import { tempDir } from "../support.ts"

/** Where the run writes its screenshots (ignored by git: `.tmp/`). */
export const screenshotDir = Path.resolve(import.meta.dirname, "../../.tmp/screenshots")

/** Debian's Chromium (`apt-get install -y --no-install-recommends chromium`; `.ci/run` installs it). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

export const pixAdmin = { userId: "pix-admin", email: "admin@pix.fr", password: "Pix-Admin-2026" }

export interface WebApp {
  readonly url: string
  readonly dataDir: string
  readonly organizationId: string
  readonly run: <A, E>(effect: Effect.Effect<A, E, Library.Services>) => Promise<A>
  readonly close: () => Promise<void>
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/** A user with a password in the credentials table (setup only: people sign up through the pages). */
export const registerUser = (
  app: WebApp,
  user: { userId: string; firstName: string; lastName: string; email: string; password: string }
) =>
  app.run(
    Effect.gen(function* () {
      yield* (yield* Accounts.Accounts).registerUser({
        userId: user.userId,
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email
      })
      yield* (yield* CredentialStore).set(user.userId, yield* Password.hash(user.password), Date.now())
    })
  )

/**
 * Starts the app as `pnpm start` composes it (without the demo school): the Pix admin registers "Collège Jean
 * Moulin" and `admin` becomes its first administrator (the back office's part, outside these pages).
 */
export const startWebApp = async (admin: {
  userId: string
  firstName: string
  lastName: string
  email: string
  password: string
}): Promise<WebApp> => {
  const dataDir = tempDir("orga-web-")
  const port = await freePort()
  const config = Config.fromEnv({ PORT: String(port), DATA_DIR: dataDir, OUTBOX_RETRY_MS: "200" })
  const scope = Effect.runSync(Scope.make())
  const events = App.eventStore(config)
  const library = Library.layer(config, { pixAdminIds: [pixAdmin.userId] }, events)
  const mail = Mail.layer({
    smtpUrl: undefined,
    outboxDir: Path.join(dataDir, "outbox"),
    from: config.mailFrom,
    log: () => {}
  })
  const layer = Server.serve(Layer.merge(Server.app(OrgaApi.Api, Library.handlers), Web.layer), config).pipe(
    Layer.provideMerge(library),
    Layer.provideMerge(
      Outbox.layer(config, { leaseMillis: 5_000, baseDelayMillis: 200, log: () => {} }).pipe(
        Layer.provide(Layer.merge(events, mail))
      )
    ),
    Layer.provideMerge(Layer.succeed(Config.Config, config)),
    Layer.provideMerge(Readiness.layer([])),
    Layer.provideMerge(RateLimit.layerMemory()),
    Layer.provideMerge(App.idempotencyStore(config)),
    Layer.provideMerge(App.sessionStore(config)),
    Layer.provide(Layer.succeed(LogSink, () => {}))
  )
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  const run = <A, E>(effect: Effect.Effect<A, E, Library.Services>) =>
    Effect.runPromise(Effect.provide(effect, context as Context.Context<Library.Services>))
  const partial = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    run,
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
  const organizationId = await run(
    Effect.gen(function* () {
      yield* (yield* Accounts.Accounts).registerUser({
        userId: pixAdmin.userId,
        firstName: "Pix",
        lastName: "Admin",
        email: pixAdmin.email
      })
      const backOffice = yield* BackOffice.BackOffice
      const { organizationId } = yield* backOffice.registerOrganization(Library.actor(pixAdmin.userId), {
        name: "Collège Jean Moulin",
        type: "SCO",
        uai: "0331234X",
        isManagingStudents: true
      })
      const invitation = yield* backOffice.inviteFirstAdmin(Library.actor(pixAdmin.userId), {
        organizationId,
        email: admin.email
      })
      yield* (yield* Accounts.Accounts).registerUser({
        userId: admin.userId,
        firstName: admin.firstName,
        lastName: admin.lastName,
        email: admin.email
      })
      yield* (yield* CredentialStore).set(admin.userId, yield* Password.hash(admin.password), Date.now())
      yield* (yield* Team.Team).acceptInvitation(Library.actor(admin.userId), {
        organizationId,
        invitationId: invitation.invitationId,
        code: invitation.code
      })
      return organizationId
    })
  )
  void context
  return { ...partial, organizationId }
}

/** The invitation link in the e-mail the outbox wrote to `to` (waits for the outbox worker). */
export const invitationLink = async (app: WebApp, to: string): Promise<string> => {
  const dir = Path.join(app.dataDir, "outbox")
  for (let attempt = 0; attempt < 100; attempt++) {
    if (Fs.existsSync(dir))
      for (const file of Fs.readdirSync(dir).filter((name) => name.endsWith(".eml"))) {
        const raw = Fs.readFileSync(Path.join(dir, file), "utf8").replace(/\r\n/g, "\n")
        const split = raw.indexOf("\n\n")
        const headers = raw.slice(0, split).toLowerCase()
        const body = raw.slice(split + 2)
        const text = /content-transfer-encoding: base64/.test(headers)
          ? Buffer.from(body, "base64").toString("utf8")
          : body.replace(/=\n/g, "").replace(/=3D/g, "=")
        if (headers.includes(`to: ${to}`)) {
          const link = /https?:\/\/\S+\/invitations\/\S+/.exec(text)?.[0]
          if (link !== undefined) return link
        }
      }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no invitation e-mail to ${to} in ${dir}`)
}

/** Chromium, headless. */
export const launch = (): Promise<Browser> => {
  if (!Fs.existsSync(chromiumPath))
    throw new Error(
      `Chromium is missing at ${chromiumPath}: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`
    )
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=fr-FR"]
  })
}

/** A new browser context: French, desktop size; `bypassCSP` lets the audit inject axe-core (the app's CSP refuses inline scripts). */
export const newContext = async (
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {}
): Promise<BrowserContext> => {
  const context = await browser.newContext({
    locale: "fr-FR",
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    bypassCSP: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true
  })
  // Pages answer in milliseconds; 20 s leaves room for a CI machine busy with the other test files.
  context.setDefaultTimeout(20_000)
  return context
}

const axeSource = Fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

/** A serious or critical axe-core violation on a page. */
export interface Violation {
  readonly page: string
  readonly id: string
  readonly impact: string
  readonly help: string
  readonly targets: ReadonlyArray<string>
}

/**
 * Audits the page with axe-core (WCAG 2.1 A and AA rules) and answers its serious and critical violations; then
 * takes full-page screenshots at desktop and phone widths under `screenshotDir`.
 */
export const auditPage = async (page: Page, name: string): Promise<ReadonlyArray<Violation>> => {
  await page.evaluate(axeSource)
  const result = (await page.evaluate(() =>
    (
      globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<unknown> }
      }
    ).axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }
    })
  )) as {
    passes: ReadonlyArray<unknown>
    violations: ReadonlyArray<{
      id: string
      impact: string
      help: string
      nodes: ReadonlyArray<{ target: ReadonlyArray<string> }>
    }>
  }
  // An audit that checked nothing would pass every page: axe must have applied its rules.
  if (result.passes.length < 5) throw new Error(`axe-core checked only ${result.passes.length} rules on ${name}`)
  await screenshots(page, name)
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      page: name,
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" "))
    }))
}

/** Full-page screenshots at 1280 px and 375 px wide. */
export const screenshots = async (page: Page, name: string): Promise<void> => {
  Fs.mkdirSync(screenshotDir, { recursive: true })
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 }
  await page.screenshot({ path: Path.join(screenshotDir, `${name}-bureau.png`), fullPage: true })
  await page.setViewportSize({ width: 375, height: 740 })
  await page.screenshot({ path: Path.join(screenshotDir, `${name}-telephone.png`), fullPage: true })
  await page.setViewportSize(viewport)
}

/** Waits for a text in the page; on failure, says what the page showed instead (its title and main text). */
export const waitForText = async (page: Page, text: string): Promise<void> => {
  try {
    await page.getByText(text).first().waitFor()
  } catch (error) {
    const main = await page
      .locator("main")
      .textContent()
      .catch(() => "")
    throw new Error(
      `"${text}" not shown on ${page.url()} (${await page.title()}): ${main?.replace(/\s+/g, " ").slice(0, 600)}`,
      {
        cause: error
      }
    )
  }
}
