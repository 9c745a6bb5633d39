/**
 * A worker process for the burst and race tests: `node worker.ts <sqlite|postgres> <file|url> <schema|-> <idPrefix>
 * <seeded.json> <workload> <from> <to> <step> [after] [concurrency]`. Opens its own Orga (own store connection, own read models,
 * rebuilt from the log), prints `ready`, waits for a line on stdin, runs the workload on indices from, from +
 * step, ... below to, all at once (or `concurrency` at a time; `archive` and `remove` once the other child's
 * work reached `after`), prints their outcomes as one JSON line and exits.
 */
import { readFileSync } from "node:fs"
import { createInterface } from "node:readline"
import * as Orga from "../../src/Orga.ts"
import * as Postgres from "../../src/stores/Postgres.ts"
import { runWorkload, type Seeded, type Workload } from "../support/burst.ts"
import { harness, sqliteStore } from "../support/harness.ts"

const [kind, where, schema, idPrefix, seededFile, workload, fromArg, toArg, stepArg, afterArg, concurrencyArg] =
  process.argv.slice(2)
if (stepArg === undefined) {
  console.error(
    "usage: worker.ts <sqlite|postgres> <file|url> <schema|-> <idPrefix> <seeded.json> <workload> <from> <to> <step>"
  )
  process.exit(2)
}
const seeded = JSON.parse(readFileSync(seededFile!, "utf8")) as Seeded
const indices: Array<number> = []
for (let i = Number(fromArg); i < Number(toArg); i += Number(stepArg)) indices.push(i)

const h = harness(kind === "postgres" ? Postgres.layer(where!, schema!) : sqliteStore(where!), {
  idPrefix: idPrefix!
})
const orga = await h.orga()
// Caught up with the log before the start: the burst measures the writes, not the rebuild.
await h.run(orga.campaigns(Orga.user("admin"), "org"))
process.stdout.write("ready\n")
const lines = createInterface({ input: process.stdin })
await new Promise<void>((resolve) => lines.once("line", () => resolve()))
// The other child's progress, as this instance's read models see the log.
const progress = async () =>
  workload === "archive"
    ? (await h.run(orga.campaignResults(Orga.user("admin"), seeded.campaignId))).participationsCount
    : (await h.run(orga.campaigns(Orga.user("admin"), "org"))).filter((campaign) => campaign.name.startsWith("T"))
        .length
const after = Number(afterArg ?? 0)
while (after > 0 && (await progress()) < after) await new Promise((resolve) => setTimeout(resolve, 2))
const concurrency = Number(concurrencyArg ?? 0)
const outcomes = await h.run(
  runWorkload(orga, seeded, workload as Workload, indices, concurrency > 0 ? concurrency : "unbounded")
)
process.stdout.write(`${JSON.stringify(outcomes)}\n`)
lines.close()
await h.dispose()
process.exit(0)
