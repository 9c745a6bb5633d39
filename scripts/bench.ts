/**
 * `pnpm bench`: runs the benchmark script of every package under `bench/` (or only the ones named:
 * `pnpm bench siecle event-store`), one after the other so they do not compete for the two cores.
 * Each prints its own figures; this exits non-zero when any of them fails.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"

const benchRoot = Path.resolve(import.meta.dirname, "../bench")
const wanted = process.argv.slice(2)
const benches = Fs.readdirSync(benchRoot)
  .filter((name) => Fs.existsSync(Path.join(benchRoot, name, "package.json")))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort()

let failures = 0
for (const name of benches) {
  console.log(`\n=== bench/${name} ===`)
  const run = spawnSync("pnpm", ["--filter", `@orga/bench-${name}`, "run", "bench"], { stdio: "inherit" })
  if (run.status !== 0) {
    failures++
    console.error(`bench/${name} failed (exit ${run.status ?? run.signal})`)
  }
}
process.exit(failures === 0 ? 0 : 1)
