/**
 * The real app (every group, the library on a SQLite file, credentials and sessions in the data dir) served in
 * this process on a free loopback port, with a Pix admin who can sign in, and helpers to call it.
 */
import * as Path from "node:path"
import { Accounts } from "@orga/orga"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { FetchHttpClient, HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as App from "../../src/App.ts"
import * as Client from "../../src/api/Client.ts"
import * as Library from "../../src/api/Library.ts"
import * as OrgaApi from "../../src/api/OrgaApi.ts"
import { CredentialStore } from "../../src/auth/CredentialStore.ts"
import * as Password from "../../src/auth/Password.ts"
import { SessionStore } from "../../src/auth/SessionStore.ts"
import * as SqliteSessionStore from "../../src/auth/SqliteSessionStore.ts"
import * as Config from "../../src/Config.ts"
import * as Mail from "../../src/mail/Mail.ts"
import * as Outbox from "../../src/outbox/Outbox.ts"
import * as RateLimit from "../../src/safety/RateLimit.ts"
import { LogSink } from "../../src/server/RequestLog.ts"
import * as Server from "../../src/server/Server.ts"
import { tempDir } from "../support.ts"

export const pixAdmin = { userId: "pix-admin", email: "admin@pix.fr", password: "Pix-Admin-2026" }

export interface RunningApi {
  readonly url: string
  readonly dataDir: string
  /** Runs an effect against the app's own services (test setup only). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Library.Services>) => Promise<A>
  readonly close: () => Promise<void>
}

/** Starts the app on port 0 over a fresh data dir (or `DATA_DIR`); with `SMTP_URL`, the invitation outbox too. */
export const startApi = async (
  env: Record<string, string> = {},
  schemas?: Library.Options["schemas"]
): Promise<RunningApi> => {
  const dataDir = env.DATA_DIR ?? tempDir("orga-api-")
  const config = Config.fromEnv({ PORT: "0", DATA_DIR: dataDir, ...env })
  const scope = Effect.runSync(Scope.make())
  const library = Library.layer(config, { pixAdminIds: [pixAdmin.userId], schemas })
  // With SMTP_URL, the invitation outbox runs too (quick polls and retries), sending to that server.
  const outbox =
    config.smtpUrl === undefined
      ? Layer.empty
      : Outbox.layer(config, { pollMillis: 20, baseDelayMillis: 50, leaseMillis: 5_000, log: () => {} }).pipe(
          Layer.provide(
            Mail.layer({
              smtpUrl: config.smtpUrl,
              outboxDir: Path.join(dataDir, "outbox"),
              from: config.mailFrom,
              log: () => {}
            })
          )
        )
  const layer = Server.serve(Server.app(OrgaApi.Api, Library.handlers), config).pipe(
    Layer.provideMerge(outbox),
    Layer.provideMerge(App.probes),
    Layer.provideMerge(library),
    Layer.provideMerge(Layer.succeed(Config.Config, config)),
    Layer.provideMerge(RateLimit.layerMemory()),
    Layer.provideMerge(App.idempotencyStore(config)),
    Layer.provideMerge(
      config.databaseUrl === undefined
        ? Layer.effect(SessionStore, SqliteSessionStore.make(Path.join(dataDir, "sessions.db")))
        : App.sessionStore(config)
    ),
    Layer.provide(Layer.succeed(LogSink, () => {}))
  )
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  const address = Context.get(context, HttpServer.HttpServer).address
  if (!("port" in address)) throw new Error("expected a TCP address")
  const run = <A, E>(effect: Effect.Effect<A, E, Library.Services>) =>
    Effect.runPromise(Effect.provide(effect, context as Context.Context<Library.Services>))
  await run(
    Effect.gen(function* () {
      const accounts = yield* Accounts.Accounts
      if ((yield* accounts.account(pixAdmin.userId)) !== null) return
      yield* accounts.registerUser({
        userId: pixAdmin.userId,
        firstName: "Pix",
        lastName: "Admin",
        email: pixAdmin.email
      })
      yield* (yield* CredentialStore).set(pixAdmin.userId, yield* Password.hash(pixAdmin.password), Date.now())
    })
  )
  return {
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    run,
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

/** Runs a program with the typed client of `app` (signed in with `token` when given). */
export const withClient = <A, E>(
  app: RunningApi,
  token: string | undefined,
  program: (client: Client.Client) => Effect.Effect<A, E>
): Promise<A> =>
  Effect.runPromise(Effect.flatMap(Client.make(app.url, token), program).pipe(Effect.provide(FetchHttpClient.layer)))

/** Signs in through HTTP and answers the bearer token. */
export const tokenFor = async (
  app: RunningApi,
  login: string,
  password: string,
  application: "orga" | "app" = "app"
) => {
  const response = await fetch(`${app.url}/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password, kind: "token", application })
  })
  const body = (await response.json()) as { token?: string; code?: string }
  if (body.token === undefined) throw new Error(`sign-in of ${login} failed: ${response.status} ${body.code}`)
  return body.token
}

/** A JSON request with a bearer token; answers the status and the parsed body (text when not JSON). */
export const call = async (
  app: RunningApi,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; form?: FormData; rawJson?: string } = {}
  // biome-ignore lint/suspicious/noExplicitAny: a test reads problem and view bodies by field
): Promise<{ status: number; body: any; headers: Headers }> => {
  const headers: Record<string, string> = {}
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | FormData | undefined
  if (options.form !== undefined) body = options.form
  else if (options.rawJson !== undefined) {
    headers["content-type"] = "application/json"
    body = options.rawJson
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json"
    body = JSON.stringify(options.body)
  }
  const response = await fetch(`${app.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text === "" ? undefined : JSON.parse(text)
  } catch {}
  return { status: response.status, body: parsed, headers: response.headers }
}

/** A request that must succeed (status under 300): answers its body, or throws with the problem. */
export const ok = async (app: RunningApi, method: string, path: string, bearer: string | undefined, body?: unknown) => {
  const form = body instanceof FormData ? body : undefined
  const answer = await call(app, method, path, { token: bearer, ...(form === undefined ? { body } : { form }) })
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/**
 * A school registered by Pix Admin (`pixToken`) and its first administrator, over HTTP: invited, signed up, the
 * invitation accepted and the terms too. Answers the school, the administrator's token and user id.
 */
export const schoolAdmin = async (
  app: RunningApi,
  pixToken: string,
  school: { readonly name: string; readonly uai: string; readonly email: string; readonly password: string }
) => {
  const { email, password } = school
  const { organizationId } = await ok(app, "POST", "/back-office/organizations", pixToken, {
    name: school.name,
    type: "SCO",
    uai: school.uai,
    isManagingStudents: true
  })
  const invitation = await ok(
    app,
    "POST",
    `/back-office/organizations/${organizationId}/first-admin-invitation`,
    pixToken,
    {
      email
    }
  )
  await ok(app, "POST", "/auth/sign-up", undefined, { firstName: "Prénom", lastName: "Nom", email, password })
  const token = await tokenFor(app, email, password)
  await ok(app, "POST", `/invitations/${invitation.invitationId}/accept`, token, {
    organizationId,
    code: invitation.code
  })
  await ok(app, "POST", "/me/pix-orga-terms", token)
  const { userId } = await ok(app, "GET", "/me", token)
  return { organizationId: organizationId as string, token, userId: userId as string }
}
