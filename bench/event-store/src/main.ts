/**
 * Event store benchmark: Orga on SQLite, Orga on PostgreSQL and Emmett's PostgreSQL event store, side by side,
 * on the same workloads (interleaved rounds, medians), against the same PostgreSQL server.
 *
 * Emmett runs twice: as its 0.42.0 release sets itself up (the version the registry serves here), and with the
 * two indexes its 0.42.4 migration adds for its global reader (created after its schema setup, outside the
 * timing; see `emmett0424IndexesSql`). Both are printed side by side, so a ratio always says which it is.
 *
 * Run: `pnpm --filter @orga/bench-event-store bench [rounds] [replayEvents] [readEvents]` (defaults 3, 1,000,000
 * and 100,000): appends, then catch-up read and replay of `readEvents` on all four, then a replay of
 * `replayEvents` on Orga's two stores and on the indexed Emmett.
 * Uses DATABASE_URL when set, otherwise starts a private, durable PostgreSQL cluster (fsync on).
 */

import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import { registerEmmettPeers } from "./emmettPeers.ts"
import { type Payload, payload } from "./payload.ts"
import * as Pg from "./pg.ts"
import type { Subject } from "./subjects.ts"

const rounds = Number(process.argv[2] ?? 3)
const replayEvents = Number(process.argv[3] ?? 1_000_000)
const readEvents = Number(process.argv[4] ?? 100_000)
const roundMillis = 1500

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

const admin = async <A>(url: string, use: (client: Pg.Client) => Promise<A>): Promise<A> => {
  const client = new Pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Appends of `size` events by `callers` concurrent callers (one stream each) for `roundMillis`: events/s. */
const appendRate = async (subject: Subject, callers: number, size: number, tag: string): Promise<number> => {
  const events = Array.from({ length: size }, (_, i) => payload(i))
  const deadline = performance.now() + roundMillis
  const started = performance.now()
  let appended = 0
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const stream = `${tag}-${caller}`
      for (let version = 0; performance.now() < deadline; version += size) {
        await subject.append(stream, version, events)
        appended += size
      }
    })
  )
  return appended / ((performance.now() - started) / 1000)
}

const readRate = async (subject: Subject, expected: number): Promise<number> => {
  const started = performance.now()
  const count = await subject.readAll(1000)
  if (count !== expected) throw new Error(`${subject.name} read ${count} events, expected ${expected}`)
  return count / ((performance.now() - started) / 1000)
}

/** Replays the log into a read model (learners per division and a checksum), through each store's catch-up. */
const replayRate = async (subject: Subject, count: number): Promise<number> => {
  const perStream = new Map<string, number>()
  let checksum = 0
  const fold = (data: Payload, stream: string): void => {
    perStream.set(stream, (perStream.get(stream) ?? 0) + 1)
    checksum += data.n
  }
  const started = performance.now()
  await subject.replay(count, fold)
  const seconds = (performance.now() - started) / 1000
  const expected = (count * (count - 1)) / 2
  if (checksum !== expected) throw new Error(`${subject.name} replay checksum ${checksum}, expected ${expected}`)
  return count / seconds
}

const main = async (): Promise<void> => {
  registerEmmettPeers()
  const { emmettName, emmettSubject, postgresSubject, sqliteSubject } = await import("./subjects.ts")
  const given = process.env.DATABASE_URL
  const cluster = given ? undefined : await startPostgresCluster({ durable: true, sharedBuffers: "256MB" })
  const url = given ?? cluster?.url ?? ""
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "orga-bench-"))
  const suffix = Math.random().toString(36).slice(2, 8)
  const emmettDatabases: Array<string> = []
  try {
    const settings = await admin(url, async (client) => {
      const rows = await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'server_version') ORDER BY name"
      )
      return rows.rows.map((row) => `${row.name}=${row.setting}`).join(", ")
    })
    const orgaDb = `orga_bench_${suffix}`
    const emmettDb = `emmett_bench_${suffix}`
    await admin(url, (client) => client.query(`CREATE DATABASE ${orgaDb}`))
    console.log(`PostgreSQL: ${settings}; SQLite: synchronous=FULL (WAL); ${Os.cpus().length} cores`)
    console.log(
      `rounds: ${rounds} (${roundMillis} ms each, interleaved), reads: ${readEvents.toLocaleString("en")} events, replay: ${replayEvents.toLocaleString("en")} events`
    )

    // Emmett's tables are per database: each Emmett subject gets its own.
    const emmettDatabase = async (name: string): Promise<string> => {
      await admin(url, (client) => client.query(`CREATE DATABASE ${name}`))
      emmettDatabases.push(name)
      return withDatabase(url, name)
    }
    const open = (round: string) => [
      () => sqliteSubject(dir, `orga-${round}.db`),
      () => postgresSubject(withDatabase(url, orgaDb), `bench_${round}`),
      async () => emmettSubject(await emmettDatabase(`${emmettDb}_${round}`), false),
      async () => emmettSubject(await emmettDatabase(`${emmettDb}_${round}_idx`), true)
    ]
    const names = ["Orga SQLite", "Orga PostgreSQL", emmettName(false), emmettName(true)]
    const workloads = [
      { label: "single-event appends, 1 writer (events/s)", callers: 1, size: 1 },
      { label: "single-event appends, 8 concurrent callers (events/s)", callers: 8, size: 1 },
      { label: "100-event batch appends, 1 writer (events/s)", callers: 1, size: 100 }
    ]
    const figures = new Map<string, Map<string, Array<number>>>()
    const record = (label: string, name: string, value: number): void => {
      const row = figures.get(label) ?? new Map<string, Array<number>>()
      row.set(name, [...(row.get(name) ?? []), value])
      figures.set(label, row)
    }

    const subjects = await Promise.all(open("appends").map((make) => make()))
    try {
      for (let round = 0; round < rounds; round++) {
        for (const workload of workloads) {
          for (const subject of subjects) {
            record(
              workload.label,
              subject.name,
              await appendRate(
                subject,
                workload.callers,
                workload.size,
                `r${round}-${workload.callers}-${workload.size}`
              )
            )
          }
        }
        process.stderr.write(`append round ${round + 1}/${rounds} done\n`)
      }
    } finally {
      await Promise.all(subjects.map((subject) => subject.close()))
    }

    // Reads: a fresh store of each kind per log size, seeded with straight inserts (not measured).
    const readPhase = async (events: number, tag: string, unindexedEmmett: boolean): Promise<void> => {
      const makers = open(tag)
      const subjects: Array<Subject> = []
      for (const [index, make] of makers.entries()) if (unindexedEmmett || index !== 2) subjects.push(await make())
      try {
        for (const subject of subjects) {
          const started = performance.now()
          await subject.seed(events)
          process.stderr.write(
            `${subject.name}: seeded ${events} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`
          )
        }
        const count = events.toLocaleString("en")
        const readRounds = Math.max(1, Math.min(rounds, 2))
        for (let round = 0; round < readRounds; round++) {
          for (const subject of subjects) {
            if (events <= readEvents)
              record(
                `catch-up read of ${count}, pages of 1000 (events/s)`,
                subject.name,
                await readRate(subject, events)
              )
            record(`replay ${count} into a projection (events/s)`, subject.name, await replayRate(subject, events))
          }
          process.stderr.write(`${tag} read round ${round + 1}/${readRounds} done\n`)
        }
      } finally {
        await Promise.all(subjects.map((subject) => subject.close()))
      }
    }
    await readPhase(readEvents, "read", true)
    // Emmett 0.42.0 reads the log with no index on its global position (each page sorts the whole table): a
    // million events would take it many minutes, so the full-size replay runs on Orga's stores and on the indexed
    // Emmett only.
    if (replayEvents > readEvents) await readPhase(replayEvents, "replay", false)

    const ratioNames = ["Orga PG / Emmett", "Orga PG / Emmett+idx"]
    const width = Math.max(...[...figures.keys()].map((label) => label.length))
    const columns = [...names, ...ratioNames].map((name) => Math.max(name.length, 12))
    const cell = (value: number | undefined) => (value === undefined ? "-" : Math.round(value).toLocaleString("en"))
    const ratio = (a: number | undefined, b: number | undefined) =>
      a !== undefined && b !== undefined && b > 0 ? (a / b).toFixed(2) : "-"
    const line = (label: string, cells: ReadonlyArray<string>) =>
      `${label.padEnd(width)} | ${cells.map((text, i) => text.padStart(columns[i] ?? 12)).join(" | ")}`
    console.log("")
    console.log(line("workload (median)", [...names, ...ratioNames]))
    console.log(`${"-".repeat(width)}-|-${columns.map((w) => "-".repeat(w)).join("-|-")}`)
    for (const [label, row] of figures) {
      const values = names.map((name) => {
        const samples = row.get(name)
        return samples ? median(samples) : undefined
      })
      console.log(line(label, [...values.map(cell), ratio(values[1], values[2]), ratio(values[1], values[3])]))
    }
    const single = figures.get(workloads[0]?.label ?? "")?.get("Orga SQLite")
    const eight = figures.get(workloads[1]?.label ?? "")?.get("Orga SQLite")
    if (single && eight) {
      console.log(`\nSQLite group commit: 8 callers / 1 caller = ${(median(eight) / median(single)).toFixed(2)}x`)
    }
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
    if (given) {
      await admin(url, async (client) => {
        for (const db of [`orga_bench_${suffix}`, ...emmettDatabases]) {
          await client.query(`DROP DATABASE IF EXISTS ${db}`)
        }
      }).catch(() => undefined)
    }
    cluster?.stop()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  }
)
