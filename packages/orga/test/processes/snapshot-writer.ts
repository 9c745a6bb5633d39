/**
 * A worker process for the snapshot leader test: `node snapshot-writer.ts <url> <schema>`. Opens its own Orga over
 * the PostgreSQL schema with snapshots written as soon as the log moves (while it holds the snapshot lock), prints
 * `ready` and its start-up figures, and runs until it is killed or its stdin closes.
 */
import { createInterface } from "node:readline"
import * as Postgres from "../../src/stores/Postgres.ts"
import { harness } from "../support/harness.ts"

const [url, schema] = process.argv.slice(2)
if (schema === undefined) {
  console.error("usage: snapshot-writer.ts <url> <schema>")
  process.exit(2)
}
const h = harness(Postgres.layer(url!, schema, { snapshots: { everyEvents: 1, everySeconds: 0.1 } }))
const orga = await h.orga()
process.stdout.write(`ready ${JSON.stringify({ events: orga.rebuild.events })}\n`)
const lines = createInterface({ input: process.stdin })
await new Promise<void>((resolve) => lines.once("close", () => resolve()))
await h.dispose()
process.exit(0)
