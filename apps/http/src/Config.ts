/**
 * The app's settings, read from the environment once at start: every one has a default that runs `pnpm start`
 * on a fresh clone (port 3000 on loopback, data in `./data`, the embedded SQLite file, mail to `./data/outbox`, a
 * master key for personal data generated in `./data/orga.db.master-key`).
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import { ReadModelTables } from "@orga/orga"
import * as Context from "effect/Context"

/**
 * The settings.
 *
 * @category models
 * @since 0.1.0
 */
export interface AppConfig {
  /** `PORT` (default 3000; 0 picks a free port). */
  readonly port: number
  /** `HOST` (default `127.0.0.1`: nothing is exposed unless asked). */
  readonly host: string
  /** `DATA_DIR` (default `./data`), absolute. */
  readonly dataDir: string
  /** `DATABASE_URL`: PostgreSQL when set, the SQLite files of the data dir otherwise. */
  readonly databaseUrl: string | undefined
  /** `SMTP_URL`: mail through SMTP when set, `.eml` files in `<dataDir>/outbox` otherwise. */
  readonly smtpUrl: string | undefined
  /** `PUBLIC_URL`: the address people use (links in e-mails); `https:` turns on HSTS and Secure cookies. */
  readonly publicUrl: string
  /** `MAX_BODY_BYTES` (default 64 KiB): the largest JSON body accepted. */
  readonly maxBodyBytes: number
  /** `SHUTDOWN_GRACE_MS` (default 10 s): how long in-flight requests may take to finish on SIGTERM. */
  readonly shutdownGraceMillis: number
  /** `MAIL_FROM` (default `Pix Orga <ne-pas-repondre@orga.localhost>`). */
  readonly mailFrom: string
  /** `OUTBOX_LEASE_MS` (default 60 s): how long a sender's claim on a delivery holds before another takes it over. */
  readonly outboxLeaseMillis: number
  /** `OUTBOX_RETRY_MS` (default 5 s): the first retry's delay of a failed delivery, doubled at each attempt. */
  readonly outboxRetryMillis: number
  /**
   * `ORGA_MASTER_KEY`: the master key that wraps the personal-data keys (32 bytes, base64 or hex; ADR 0049), a
   * secret of the deployment. Every instance over one database needs the same one.
   */
  readonly masterKey: string | undefined
  /**
   * `ORGA_MASTER_KEY_FILE` (default `<dataDir>/orga.db.master-key`): where the master key is read when
   * `ORGA_MASTER_KEY` is not set; generated (permissions 0600) for a new store, so `pnpm start` just works.
   */
  readonly masterKeyFile: string
  /**
   * `FAST_PATH` (`off` turns it off): cached API reads answered before effect's router (`FastPath`). Absent: on.
   */
  readonly fastPath?: boolean
  /**
   * `ORGA_READ_MODELS` (`memory` or `tables`): where the library answers from (`tables`: the read-model tables,
   * started without a replay; the library's "Serving from the tables"). Absent: the store layer's default (memory).
   */
  readonly readModels?: "memory" | "tables"
  /**
   * `ORGA_CACHE_SCHOOLS`: the schools an instance serving from the tables keeps in memory. Absent: the library's
   * `ReadModelTables.defaultCacheSchools` (4).
   */
  readonly cacheSchools?: number
  /**
   * `ORGA_HEAP_GROWTH` (a percent, `0`: v8's own): how far the heap may grow past what it holds before a full
   * collection (`Heap`). Absent: 15 with `ORGA_READ_MODELS=tables`, v8's own otherwise.
   */
  readonly heapGrowthPercent?: number
}

/**
 * The settings of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class Config extends Context.Service<Config, AppConfig>()("@orga/http/Config") {}

/**
 * A bad setting: its name and why, in French (the operator reads it at start).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidConfig extends Error {
  override readonly name = "InvalidConfig"
}

const integer = (env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number) => {
  const raw = env[name]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new InvalidConfig(`${name} doit être un entier entre ${min} et ${max} (reçu : ${raw}).`)
  return value
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim()

/**
 * Reads the settings from an environment (`process.env` in `main.ts`, a plain object in tests); throws
 * `InvalidConfig` on a bad value, so the app refuses to start rather than run misconfigured.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromEnv = (env: Record<string, string | undefined>, cwd: string = process.cwd()): AppConfig => {
  const port = integer(env, "PORT", 3000, 0, 65535)
  const host = nonEmpty(env.HOST) ?? "127.0.0.1"
  const publicUrl = nonEmpty(env.PUBLIC_URL) ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  if (!URL.canParse(publicUrl))
    throw new InvalidConfig(`PUBLIC_URL n'est pas une adresse valide (reçu : ${publicUrl}).`)
  const databaseUrl = nonEmpty(env.DATABASE_URL)
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new InvalidConfig("DATABASE_URL doit commencer par postgres:// ou postgresql://.")
  const smtpUrl = nonEmpty(env.SMTP_URL)
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
    throw new InvalidConfig("SMTP_URL doit commencer par smtp:// ou smtps://.")
  const dataDir = Path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? "data")
  const readModels = nonEmpty(env.ORGA_READ_MODELS)
  if (readModels !== undefined && readModels !== "memory" && readModels !== "tables")
    throw new InvalidConfig(`ORGA_READ_MODELS doit valoir memory ou tables (reçu : ${readModels}).`)
  const cacheSchools = nonEmpty(env.ORGA_CACHE_SCHOOLS)
  const heapGrowth = integer(env, "ORGA_HEAP_GROWTH", readModels === "tables" ? 15 : 0, 0, 1000)
  return {
    ...(readModels === undefined ? {} : { readModels }),
    ...(cacheSchools === undefined
      ? {}
      : { cacheSchools: integer(env, "ORGA_CACHE_SCHOOLS", ReadModelTables.defaultCacheSchools, 1, 1_000_000) }),
    ...(heapGrowth === 0 ? {} : { heapGrowthPercent: heapGrowth }),
    port,
    host,
    dataDir,
    databaseUrl,
    smtpUrl,
    publicUrl: publicUrl.replace(/\/+$/, ""),
    maxBodyBytes: integer(env, "MAX_BODY_BYTES", 64 * 1024, 1024, 100 * 1024 * 1024),
    shutdownGraceMillis: integer(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 300_000),
    mailFrom: nonEmpty(env.MAIL_FROM) ?? "Pix Orga <ne-pas-repondre@orga.localhost>",
    outboxLeaseMillis: integer(env, "OUTBOX_LEASE_MS", 60_000, 100, 3_600_000),
    outboxRetryMillis: integer(env, "OUTBOX_RETRY_MS", 5_000, 10, 3_600_000),
    masterKey: nonEmpty(env.ORGA_MASTER_KEY),
    masterKeyFile: Path.resolve(cwd, nonEmpty(env.ORGA_MASTER_KEY_FILE) ?? Path.join(dataDir, "orga.db.master-key")),
    fastPath: env.FAST_PATH !== "off"
  }
}

/**
 * Whether people reach the app over TLS (directly or behind a proxy that terminates it): HSTS and Secure cookies.
 *
 * @category getters
 * @since 0.1.0
 */
export const behindTls = (config: AppConfig): boolean => config.publicUrl.startsWith("https://")
