/**
 * An app instance for the read-model tables' failover test: `node tables-leader.ts <url> <schema>`. Opens its own
 * Orga over the PostgreSQL schema with the read-model tables on (so it runs their leader, or stands by under the
 * lock), prints `ready`, and runs until it is killed or its stdin closes. The parent tells the instances apart by
 * their connections' `application_name` (`PGAPPNAME`).
 */
import { createInterface } from "node:readline"
import * as Postgres from "../../src/stores/Postgres.ts"
import { harness } from "../support/harness.ts"

const [url, schema] = process.argv.slice(2)
if (schema === undefined) {
  console.error("usage: tables-leader.ts <url> <schema>")
  process.exit(2)
}
const h = harness(Postgres.layer(url!, schema, { readModelTables: true }))
await h.orga()
process.stdout.write("ready\n")
const lines = createInterface({ input: process.stdin })
await new Promise<void>((resolve) => lines.once("close", () => resolve()))
await h.dispose()
process.exit(0)
