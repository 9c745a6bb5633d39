/**
 * The whole app from its settings: the stores (SQLite files in the data dir, or PostgreSQL with `DATABASE_URL`),
 * the mailer, the rate limiter, readiness probes, the server, and the French start-up lines.
 *
 * `main.ts` runs it with the app's API; tests run it with a probe API in a child process (start-up, SIGTERM).
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import { EventStore } from "@orga/event-store"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpServer } from "effect/http"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Schedule from "effect/Schedule"
import * as PostgresSessionStore from "./auth/PostgresSessionStore.ts"
import { SessionStore } from "./auth/SessionStore.ts"
import * as SqliteSessionStore from "./auth/SqliteSessionStore.ts"
import { type AppConfig, Config } from "./Config.ts"
import * as Idempotency from "./idempotency/Idempotency.ts"
import { IdempotencyStore } from "./idempotency/IdempotencyStore.ts"
import * as PostgresIdempotencyStore from "./idempotency/PostgresIdempotencyStore.ts"
import * as SqliteIdempotencyStore from "./idempotency/SqliteIdempotencyStore.ts"
import * as Mail from "./mail/Mail.ts"
import * as Outbox from "./outbox/Outbox.ts"
import * as RateLimit from "./safety/RateLimit.ts"
import * as Readiness from "./server/Readiness.ts"
import * as ReferencePage from "./server/ReferencePage.ts"
import { LogSink } from "./server/RequestLog.ts"

/**
 * The session store the settings ask for.
 *
 * @category layers
 * @since 0.1.0
 */
export const sessionStore = (config: AppConfig) =>
  Layer.effect(
    SessionStore,
    config.databaseUrl === undefined
      ? SqliteSessionStore.make(Path.join(config.dataDir, "sessions.db"))
      : PostgresSessionStore.make({ connectionString: config.databaseUrl })
  )

/**
 * The event store the settings ask for: the data dir's `orga.db` SQLite file, or PostgreSQL with `DATABASE_URL`
 * (with the library's replay reader, for `Orga.layer`).
 *
 * @category layers
 * @since 0.1.0
 */
export const eventStore = (config: AppConfig, schema?: string) => {
  // Personal data is shredded under keys wrapped by the master key (ADR 0049): the configured one, else the file's.
  const personalData = { masterKey: config.masterKey, masterKeyFile: config.masterKeyFile }
  // Where the library answers from: the read-model tables when asked (ORGA_READ_MODELS, ORGA_CACHE_SCHOOLS).
  const serving = {
    ...(config.readModels === undefined ? {} : { readModels: config.readModels }),
    ...(config.cacheSchools === undefined ? {} : { cacheSchools: config.cacheSchools })
  }
  return config.databaseUrl === undefined
    ? Sqlite.layer(Path.join(config.dataDir, "orga.db"), { personalData, ...serving })
    : Postgres.layer(config.databaseUrl, schema, { personalData, ...serving })
}

/**
 * The idempotency store the settings ask for (the first response per `Idempotency-Key` and account).
 *
 * @category layers
 * @since 0.1.0
 */
export const idempotencyStore = (config: AppConfig) =>
  Layer.effect(
    IdempotencyStore,
    config.databaseUrl === undefined
      ? SqliteIdempotencyStore.make(Path.join(config.dataDir, "idempotency.db"))
      : PostgresIdempotencyStore.make({ connectionString: config.databaseUrl })
  )

/**
 * The readiness probes of the app's own stores: the sessions database and the event store answer (the library
 * adds that its read models have caught up with the log, `Library.handlers`).
 *
 * @category layers
 * @since 0.1.0
 */
export const probes = Layer.effect(
  Readiness.Readiness,
  Effect.gen(function* () {
    const sessions = yield* SessionStore
    const events = yield* EventStore.EventStore
    return [
      { name: "sessions", check: sessions.ping },
      { name: "event-store", check: events.head }
    ]
  })
)

/** Deletes expired sessions every hour (revoked and expired records are kept until then, for audits). */
const sweepSessions = Layer.effectDiscard(
  Effect.gen(function* () {
    const store = yield* SessionStore
    yield* Effect.forkScoped(
      Effect.suspend(() => store.deleteExpired(Date.now())).pipe(
        Effect.ignore,
        Effect.repeat(Schedule.spaced(Duration.hours(1)))
      )
    )
  })
)

/** Prints where to go, in French, once the port is bound. */
const announce = (config: AppConfig) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const server = yield* HttpServer.HttpServer
      const port = "port" in server.address ? server.address.port : config.port
      const url = config.publicUrl.endsWith(`:${config.port}`)
        ? config.publicUrl.replace(/:\d+$/, `:${port}`)
        : config.publicUrl
      const lines = [
        `Orga écoute sur ${url}`,
        `Pages (connexion) : ${url}/`,
        `Référence de l'API : ${url}${ReferencePage.path}`,
        `Document OpenAPI : ${url}/openapi.json`,
        config.databaseUrl === undefined
          ? `Données : ${config.dataDir} (SQLite)`
          : "Données : PostgreSQL (DATABASE_URL)",
        config.masterKey === undefined
          ? `Clé maîtresse des données personnelles : ${config.masterKeyFile}`
          : "Clé maîtresse des données personnelles : ORGA_MASTER_KEY",
        config.smtpUrl === undefined
          ? `Courriels : écrits dans ${Path.join(config.dataDir, "outbox")} (pas de SMTP_URL)`
          : "Courriels : envoyés par SMTP (SMTP_URL)",
        "Arrêt : Ctrl+C (les requêtes en cours se terminent)."
      ]
      yield* Effect.sync(() => process.stdout.write(`${lines.join("\n")}\n`))
    })
  )

/**
 * Everything but the server: settings, stores, mailer, limiter, probes, JSON logs.
 *
 * @category layers
 * @since 0.1.0
 */
export const services = (config: AppConfig, events: ReturnType<typeof eventStore> = eventStore(config)) => {
  const store = sessionStore(config)
  const mail = Mail.layer({
    smtpUrl: config.smtpUrl,
    outboxDir: Path.join(config.dataDir, "outbox"),
    from: config.mailFrom,
    log: (line) => process.stdout.write(`${JSON.stringify(line)}\n`)
  })
  const idempotency = idempotencyStore(config)
  return Layer.mergeAll(
    Layer.succeed(Config, config),
    store,
    probes.pipe(Layer.provide(Layer.merge(store, events))),
    sweepSessions.pipe(Layer.provide(store)),
    RateLimit.layerMemory(),
    mail,
    events,
    idempotency,
    Idempotency.sweep.pipe(Layer.provide(idempotency)),
    Outbox.layer(config, { leaseMillis: config.outboxLeaseMillis, baseDelayMillis: config.outboxRetryMillis }).pipe(
      Layer.provide(Layer.merge(events, mail))
    ),
    Layer.succeed(LogSink, (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`)),
    Logger.layer([Logger.consoleJson])
  )
}

/**
 * The app ready to launch: a server layer (from `Server.serve`), its services, and the start-up lines.
 *
 * @category layers
 * @since 0.1.0
 */
export const launchable = <E, R>(
  server: Layer.Layer<HttpServer.HttpServer, E, R>,
  config: AppConfig,
  events: ReturnType<typeof eventStore> = eventStore(config)
) => announce(config).pipe(Layer.provideMerge(server), Layer.provide(services(config, events)))
