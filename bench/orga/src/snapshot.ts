/**
 * `BENCH_ONLY=snapshot`: starting from a read-model snapshot against replaying the whole log
 * (docs/adr/0056-read-model-snapshots.md), on the rebuild's log of `REBUILD_EVENTS` events (1,000,000 by default,
 * `SeedLog.ts`), SQLite and PostgreSQL, shredding on. Each start is a fresh process (`rebuildOnce.ts`), as an app
 * starting over an existing log: first one that replays the whole log and writes a snapshot (the write's time
 * from the start's end to the row in the table, and its size), then `REBUILD_RUNS` pairs, alternated, of a start
 * without snapshots (`ORGA_SNAPSHOTS=off`'s path) and a start from the snapshot: ready time, peak and resident
 * memory, the paired ratios.
 *
 * Run: `BENCH_ONLY=snapshot pnpm --filter @orga/bench-orga bench`
 * (`BENCH_STORES=sqlite` or `postgres` narrows it; `DATABASE_URL` uses a running server).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Effect from "effect/Effect"
import Pg from "pg"
import { seedLog } from "./SeedLog.ts"

const script = fileURLToPath(new URL("./rebuildOnce.ts", import.meta.url))

interface Figures {
  readonly events: number
  readonly millis: number
  readonly foldMillis: number
  readonly fromSnapshot: boolean
  readonly peakRssMb: number
  readonly rssMb: number
}

const once = (args: ReadonlyArray<string>, snapshots: "off" | "load"): Figures => {
  const output = execFileSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    env: { ...process.env, REBUILD_SNAPSHOTS: snapshots, REBUILD_SHREDDING: "on", REBUILD_BARE: "0" }
  })
  return JSON.parse(output.trim().split("\n").at(-1)!) as Figures
}

/** A start that writes a snapshot: its figures, then the time until the snapshot's row is stored, and its size. */
const writeOnce = async (args: ReadonlyArray<string>, stored: () => Promise<number | undefined>) => {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, REBUILD_SNAPSHOTS: "write", REBUILD_SHREDDING: "on", REBUILD_BARE: "0" },
    stdio: ["ignore", "pipe", "inherit"]
  })
  try {
    const figures = await new Promise<Figures>((resolve, reject) => {
      let out = ""
      child.stdout?.on("data", (chunk) => {
        out += chunk
        const line = out.split("\n").find((text) => text.startsWith("{"))
        if (line !== undefined) resolve(JSON.parse(line) as Figures)
      })
      child.on("exit", (code) => reject(new Error(`rebuildOnce exited with ${code}`)))
    })
    const started = performance.now()
    for (;;) {
      const size = await stored()
      if (size !== undefined) return { figures, writeMillis: performance.now() - started, size }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    child.kill("SIGTERM")
  }
}

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

const fmt = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 0 })

const compare = async (
  name: string,
  args: ReadonlyArray<string>,
  stored: () => Promise<number | undefined>,
  runs: number
) => {
  const written = await writeOnce(args, stored)
  console.log(
    `[${name}] first start (whole log, ${written.figures.events} events): ${fmt(written.figures.millis)} ms; snapshot written in ${fmt(written.writeMillis)} ms after it, ${(written.size / 1048576).toFixed(1)} MB (sealed)`
  )
  const full: Array<Figures> = []
  const loaded: Array<Figures> = []
  const ratios: Array<number> = []
  for (let run = 0; run < runs; run++) {
    // Alternated, the order swapped each pair: the machine's noise falls on both.
    const pair =
      run % 2 === 0
        ? [once(args, "off"), once(args, "load")]
        : ([once(args, "load"), once(args, "off")].reverse() as [Figures, Figures])
    full.push(pair[0]!)
    loaded.push(pair[1]!)
    ratios.push(pair[1]!.millis / pair[0]!.millis)
  }
  if (loaded.some((figures) => !figures.fromSnapshot)) throw new Error(`[${name}] a start did not load the snapshot`)
  const line = (label: string, figures: ReadonlyArray<Figures>) =>
    `${label}: ready in ${fmt(median(figures.map((f) => f.millis)))} ms (${fmt(median(figures.map((f) => f.events)))} events replayed), peak RSS ${fmt(median(figures.map((f) => f.peakRssMb)))} MB, RSS once started ${fmt(median(figures.map((f) => f.rssMb)))} MB`
  console.log(`[${name}] medians of ${runs}: ${line("whole log", full)}; ${line("from the snapshot", loaded)}`)
  console.log(
    `[${name}] paired ratios of start-up time (snapshot / whole log): ${ratios.map((r) => r.toFixed(2)).join(", ")}; median ${median(ratios).toFixed(2)}`
  )
}

/**
 * Runs the comparison on the stores named (`sqlite`, `postgres`).
 */
export const main = async (stores: ReadonlyArray<string>) => {
  const total = Number(process.env.REBUILD_EVENTS ?? 1_000_000)
  const runs = Number(process.env.REBUILD_RUNS ?? 3)
  const dir = mkdtempSync(join(tmpdir(), "orga-bench-snapshot-"))
  try {
    if (stores.includes("sqlite")) {
      const file = join(dir, "snapshot.db")
      await Effect.runPromise(
        Effect.scoped(seedLog(total).pipe(Effect.provide(Sqlite.layer(file, { snapshots: false }))))
      )
      execFileSync("sync")
      const stored = async () => {
        const connection = new DatabaseSync(file, { readOnly: true })
        try {
          const exists = connection
            .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'read_model_snapshots'")
            .get()
          if (exists === undefined) return undefined
          const row = connection.prepare("SELECT size FROM read_model_snapshots WHERE id <> '~floor' LIMIT 1").get()
          return row === undefined ? undefined : Number(row.size)
        } finally {
          connection.close()
        }
      }
      await compare(`sqlite, ${total} events, shredding on`, ["sqlite", file], stored, runs)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (stores.includes("postgres")) {
    const given = process.env.DATABASE_URL
    const cluster = given ? undefined : await startPostgresCluster()
    const url = given ?? cluster!.url
    const schema = `orga_bench_snapshot_${process.pid}_${Date.now()}`
    try {
      await Effect.runPromise(
        Effect.scoped(seedLog(total).pipe(Effect.provide(Postgres.layer(url, schema, { snapshots: false }))))
      )
      const client = new Pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query("CHECKPOINT")
        await client.query(`VACUUM (ANALYZE) ${schema}.events`)
        const stored = async () => {
          const exists = await client.query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
            [schema, "read_model_snapshots"]
          )
          if (exists.rows.length === 0) return undefined
          const rows = await client.query<{ size: string }>(
            `SELECT size FROM ${schema}.read_model_snapshots WHERE id <> '~floor' LIMIT 1`
          )
          return rows.rows.length === 0 ? undefined : Number(rows.rows[0]!.size)
        }
        await compare(`postgres, ${total} events, shredding on`, ["postgres", url, schema], stored, runs)
      } finally {
        await client.end()
      }
    } finally {
      cluster?.stop()
    }
  }
}
