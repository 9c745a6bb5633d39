/**
 * `orga rebuild` against the library's own rebuild, on one SQLite log of about 1,000,000 events (the log of
 * `bench/orga`), side by side in one run: each rebuild in a fresh process, alternating the CLI
 * (`apps/cli/src/main.ts --json rebuild`) and the library (`bench/orga/src/rebuildOnce.ts`). Prints every run,
 * the medians of the rebuild's throughput and of the processes' wall time, and their ratios.
 *
 * Run: `pnpm exec node bench/cli/src/main.ts` (REBUILD_EVENTS, REBUILD_RUNS: default 1,000,000 and 5).
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { seedLog } from "@orga/bench-orga/seed-log"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"

const root = resolve(import.meta.dirname, "../../..")
const total = Number(process.env.REBUILD_EVENTS ?? 1_000_000)
const runs = Number(process.env.REBUILD_RUNS ?? 5)

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

interface Run {
  readonly events: number
  readonly rate: number
  readonly wallMillis: number
}

const timed = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): { output: string; wallMillis: number } => {
  const start = performance.now()
  const output = execFileSync(process.execPath, args, { encoding: "utf8", env })
  return { output, wallMillis: performance.now() - start }
}

const library = (file: string): Run => {
  const { output, wallMillis } = timed([join(root, "bench/orga/src/rebuildOnce.ts"), "sqlite", file], process.env)
  const stats = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as { events: number; millis: number }
  return { events: stats.events, rate: Math.round(stats.events / (stats.millis / 1000)), wallMillis }
}

const cli = (file: string): Run => {
  const { output, wallMillis } = timed([join(root, "apps/cli/src/main.ts"), "--json", "--as", "bench", "rebuild"], {
    ...process.env,
    ORGA_SQLITE_FILE: file,
    ORGA_PIX_ADMINS: "bench",
    DATABASE_URL: ""
  })
  const stats = JSON.parse(output) as { events: number; eventsPerSecond: number }
  return { events: stats.events, rate: stats.eventsPerSecond, wallMillis }
}

const dir = mkdtempSync(join(tmpdir(), "orga-bench-cli-"))
try {
  const file = join(dir, "rebuild.db")
  const seedStart = performance.now()
  const written = await Effect.runPromise(Effect.scoped(seedLog(total).pipe(Effect.provide(Sqlite.layer(file)))))
  execFileSync("sync")
  console.log(`seeded ${written} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)
  const results = { cli: [] as Array<Run>, library: [] as Array<Run> }
  for (let run = 1; run <= runs; run++) {
    // Alternating, so a noisy moment of the shared machine falls on both sides.
    for (const [name, rebuild] of run % 2 === 1
      ? ([
          ["library", library],
          ["cli", cli]
        ] as const)
      : ([
          ["cli", cli],
          ["library", library]
        ] as const)) {
      const result = rebuild(file)
      results[name].push(result)
      console.log(
        `run ${run}/${runs} ${name.padEnd(7)}: ${result.events} events, ${result.rate} events/s, process ${result.wallMillis.toFixed(0)} ms`
      )
    }
  }
  const rate = { cli: median(results.cli.map((r) => r.rate)), library: median(results.library.map((r) => r.rate)) }
  const wall = {
    cli: median(results.cli.map((r) => r.wallMillis)),
    library: median(results.library.map((r) => r.wallMillis))
  }
  console.log(
    `median rebuild throughput: orga rebuild ${rate.cli} events/s, library ${rate.library} events/s, ratio ${(rate.cli / rate.library).toFixed(3)} (target within 10%)`
  )
  console.log(
    `median process time: orga rebuild ${wall.cli.toFixed(0)} ms, library ${wall.library.toFixed(0)} ms, ratio ${(wall.cli / wall.library).toFixed(3)}`
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
