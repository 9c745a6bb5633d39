/**
 * `BENCH_ONLY=audit`: one page of an organization's audit trail on a 1,000,000-event log (the rebuild's log,
 * `SeedLog`), on SQLite and PostgreSQL, read through the store's scope index (ADR 0041), and what the index costs
 * the writes. For each store: seeds the log into a store without the index and into one with it, in turns, in the
 * same run (IMPORT_RUNS pairs, default 1), and prints both times; then opens Orga over the indexed log, makes
 * `admin` the first admin of `org-0`, and times, each over PAGE_RUNS queries (default 200): the newest page, pages
 * at cursors drawn over the whole journal, and the oldest page; page size AUDIT_LIMIT (default 100). Prints the
 * median and p95 of each (target < 20 ms).
 *
 * Run: `BENCH_ONLY=audit pnpm exec node bench/orga/src/main.ts` (`BENCH_STORES=sqlite` or `postgres` and
 * `REBUILD_EVENTS` narrow it).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { EventStore, EventStoreError } from "@orga/event-store"
import { PostgresEventStore } from "@orga/event-store-postgres"
import { SqliteEventStore } from "@orga/event-store-sqlite"
import { Orga, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import { startPostgresCluster } from "@orga/test-support/postgres-cluster"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { seedLog } from "./SeedLog.ts"

type StoreLayer = Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError>
const pixAdmin = "bench-admin"
const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: [pixAdmin] }
const organizationId = "org-0"
// The key Orga's stores index (`internal/AuditScope.ts`): the seeding stores below are made with it or without.
const scopeKey = "organizationId"

const fmt = (value: number) => value.toFixed(2)
const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

// A deterministic draw of cursors (the same in every run and on both stores).
const draws = (count: number, bound: number) => {
  let state = 42
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state % bound
  })
}

/** Seeds `total` events into a store and answers the seconds it took. */
const seed = (store: StoreLayer, total: number) =>
  Effect.gen(function* () {
    const start = performance.now()
    const written = yield* Effect.scoped(seedLog(total).pipe(Effect.provide(store)))
    return { written, seconds: (performance.now() - start) / 1000 }
  })

/**
 * The import with and without the index, in turns (`without(i)` and `with(i)` make the i-th pair's stores; the
 * last `with` store is the one the pages are read from).
 */
const importCost = (
  name: string,
  total: number,
  stores: { readonly without: (run: number) => StoreLayer; readonly with: (run: number) => StoreLayer }
) =>
  Effect.gen(function* () {
    const runs = Number(process.env.IMPORT_RUNS ?? 1)
    const plain: Array<number> = []
    const indexed: Array<number> = []
    for (let run = 1; run <= runs; run++) {
      const a = yield* seed(stores.without(run), total)
      const b = yield* seed(stores.with(run), total)
      plain.push(a.seconds)
      indexed.push(b.seconds)
      console.log(
        `[${name}] import ${run}/${runs} of ${b.written} events: without the scope index ${fmt(a.seconds)} s, with it ${fmt(b.seconds)} s (with / without ${(b.seconds / a.seconds).toFixed(2)})`
      )
    }
    const median = { plain: percentile(plain, 50), indexed: percentile(indexed, 50) }
    console.log(
      `[${name}] import of ${total} events, median of ${runs}: without the index ${fmt(median.plain)} s, with it ${fmt(median.indexed)} s (with / without ${(median.indexed / median.plain).toFixed(2)})`
    )
  })

const pages = (name: string, store: StoreLayer) =>
  Effect.gen(function* () {
    const runs = Number(process.env.PAGE_RUNS ?? 200)
    const limit = Number(process.env.AUDIT_LIMIT ?? 100)
    yield* Effect.scoped(
      Effect.gen(function* () {
        const orga = yield* Orga.all
        console.log(`[${name}] start-up rebuild of ${orga.rebuild.events} events: ${fmt(orga.rebuild.millis)} ms`)
        yield* orga.registerUser({ userId: pixAdmin, firstName: "Pix", lastName: "Admin", email: "pix@bench.fr" })
        yield* orga.registerUser({ userId: "admin", firstName: "Ad", lastName: "Min", email: "admin@bench.fr" })
        const invitation = yield* orga.inviteFirstAdmin(Orga.user(pixAdmin), {
          organizationId,
          email: "admin@bench.fr"
        })
        yield* orga.acceptInvitation(Orga.user("admin"), { organizationId, ...invitation })
        const admin = Orga.user("admin")

        const firstStart = performance.now()
        yield* orga.auditTrail(admin, organizationId, { limit })
        console.log(`[${name}] first page after the start-up: ${fmt(performance.now() - firstStart)} ms`)

        // The whole journal once (pages of 1,000), for its length and the cursors to draw from.
        const positions: Array<string> = []
        let before: string | undefined
        const walkStart = performance.now()
        do {
          const page = yield* orga.auditTrail(admin, organizationId, {
            limit: 1000,
            ...(before === undefined ? {} : { before })
          })
          for (const entry of page.entries) positions.push(entry.position)
          before = page.next ?? undefined
        } while (before !== undefined)
        const walkMillis = performance.now() - walkStart

        const time = (options: (run: number) => { readonly limit: number; readonly before?: string }) =>
          Effect.gen(function* () {
            const times: Array<number> = []
            let entries = 0
            for (let run = 0; run < runs; run++) {
              const start = performance.now()
              const page = yield* orga.auditTrail(admin, organizationId, options(run))
              times.push(performance.now() - start)
              entries += page.entries.length
            }
            return { times, entries: entries / runs }
          })
        const line = (what: string, result: { times: ReadonlyArray<number>; entries: number }) =>
          `${what} (${fmt(result.entries)} entries) median ${fmt(percentile(result.times, 50))} ms, p95 ${fmt(percentile(result.times, 95))} ms`
        // Warm-up: the first queries compile the code paths.
        yield* time(() => ({ limit }))
        const newest = yield* time(() => ({ limit }))
        const cursors = draws(runs, positions.length).map((index) => positions[index]!)
        const anywhere = yield* time((run) => ({ limit, before: cursors[run]! }))
        const oldest = yield* time(() => ({ limit, before: positions[Math.max(0, positions.length - limit - 1)]! }))
        console.log(
          `[${name}] audit trail of ${organizationId} (${positions.length} entries, read whole in ${fmt(walkMillis)} ms by pages of 1,000; log of ${orga.rebuild.events} events), page of ${limit}, ${runs} runs each: ${line("newest page", newest)}; ${line("at cursors drawn over the journal", anywhere)}; ${line("deepest page", oldest)} (target < 20 ms)`
        )
      }).pipe(Effect.provide(Orga.layer(config).pipe(Layer.provide(Layer.merge(store, Runtime.live)))))
    )
  })

/**
 * Runs the audit trail benchmark on the stores named (`sqlite`, `postgres`).
 *
 * @since 0.1.0
 */
export const main = async (stores: ReadonlyArray<string>) => {
  const total = Number(process.env.REBUILD_EVENTS ?? 1_000_000)
  if (stores.includes("sqlite")) {
    const dir = mkdtempSync(join(tmpdir(), "orga-bench-audit-"))
    try {
      const file = (kind: string, run: number) => join(dir, `${kind}-${run}.db`)
      let last = 0
      await Effect.runPromise(
        importCost("sqlite", total, {
          without: (run) => SqliteEventStore.layer({ filename: file("plain", run), durability: "full" }),
          with: (run) => {
            last = run
            return SqliteEventStore.layer({ filename: file("indexed", run), durability: "full", scopeKey })
          }
        })
      )
      // Without crypto-shredding: the seed wrote plain data, and the trail reads metadata only.
      await Effect.runPromise(pages("sqlite", Sqlite.layer(file("indexed", last), { personalData: false })))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  if (!stores.includes("postgres")) return
  const given = process.env.DATABASE_URL
  const cluster = given ? undefined : await startPostgresCluster()
  const url = given ?? cluster!.url
  try {
    const schema = (kind: string, run: number) => `orga_bench_audit_${kind}_${run}_${process.pid}`
    let last = 0
    await Effect.runPromise(
      importCost("postgres", total, {
        without: (run) => PostgresEventStore.layer({ connectionString: url, schema: schema("plain", run) }),
        with: (run) => {
          last = run
          return PostgresEventStore.layer({ connectionString: url, schema: schema("indexed", run), scopeKey })
        }
      })
    )
    await Effect.runPromise(pages("postgres", Postgres.layer(url, schema("indexed", last), { personalData: false })))
  } finally {
    cluster?.stop()
  }
}
