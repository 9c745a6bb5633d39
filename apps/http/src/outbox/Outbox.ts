/**
 * The invitation outbox of the running app: the delivery ledger the settings ask for (PostgreSQL with
 * `DATABASE_URL`, `<dataDir>/outbox.db` otherwise) and the sender over it.
 *
 * @since 0.1.0
 */
import * as Path from "node:path"
import * as Layer from "effect/Layer"
import type { AppConfig } from "../Config.ts"
import { Ledger } from "./Ledger.ts"
import * as PostgresLedger from "./PostgresLedger.ts"
import * as Sender from "./Sender.ts"
import * as SqliteLedger from "./SqliteLedger.ts"

/**
 * The ledger the settings ask for (only where the data lives is read: a tool may open the running app's ledger).
 *
 * @category layers
 * @since 0.1.0
 */
export const ledger = (config: Pick<AppConfig, "databaseUrl" | "dataDir">) =>
  Layer.effect(
    Ledger,
    config.databaseUrl === undefined
      ? SqliteLedger.make(Path.join(config.dataDir, "outbox.db"))
      : PostgresLedger.make({ connectionString: config.databaseUrl })
  )

/**
 * The ledger and the sender (which needs the event store and the mailer).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (config: AppConfig, options: Partial<Sender.Options> = {}) =>
  Sender.layer({
    publicUrl: config.publicUrl,
    log: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
    ...options
  }).pipe(Layer.provideMerge(ledger(config)))
