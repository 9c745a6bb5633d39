/**
 * One start-up rebuild, in a process of its own (as an app starting over an existing log): opens Orga over the
 * store named on the command line and prints the rebuild's figures as JSON. `main.ts` runs it several times.
 *
 * With `REBUILD_BARE=1` it reads the same log the same way instead (the store's replay pages: rows read and
 * event data parsed) and folds nothing: the floor the rebuild is compared with, so the fold's share shows.
 *
 * With `REBUILD_SHREDDING=off` the store is opened without crypto-shredding (a log written without it).
 *
 * With `REBUILD_SNAPSHOTS=load` the start loads the newest read-model snapshot and replays what follows; with
 * `write`, it prints its figures and stays up while its writer stores a snapshot (`snapshot.ts` kills it).
 *
 * Run: `node bench/orga/src/rebuildOnce.ts sqlite <file>` or `... postgres <url> <schema>`.
 */
import { BackOffice, Orga, Replay, Runtime, TargetProfiles } from "@orga/orga"
import * as Postgres from "@orga/orga/postgres"
import * as Sqlite from "@orga/orga/sqlite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

const [kind, location, schema] = process.argv.slice(2)
if (location === undefined || (kind !== "sqlite" && kind !== "postgres")) {
  console.error("usage: rebuildOnce.ts sqlite <file> | postgres <url> <schema>")
  process.exit(2)
}
// REBUILD_SHREDDING=off: the log was written without crypto-shredding (docs/adr/0049-crypto-shredding.md).
const personalData = process.env.REBUILD_SHREDDING === "off" ? (false as const) : {}
// REBUILD_SNAPSHOTS (docs/adr/0056-read-model-snapshots.md): `off` (the default: the whole log replayed, as this
// rebuild has always measured), `load` (from the newest snapshot, none written), `write` (a snapshot written at once
// after the start: `snapshot.ts` times it from the store's table).
const snapshotMode = process.env.REBUILD_SNAPSHOTS ?? "off"
const snapshots =
  snapshotMode === "off"
    ? (false as const)
    : snapshotMode === "write"
      ? { everyEvents: 1, everySeconds: 3_600 }
      : { everyEvents: Number.MAX_SAFE_INTEGER, everySeconds: 1e9 }
const store =
  kind === "sqlite"
    ? Sqlite.layer(location, { personalData, snapshots })
    : Postgres.layer(location, schema, { personalData, snapshots })
const config: Orga.Config = { targetProfiles: [TargetProfiles.sample], pixAdminIds: ["bench-admin"] }

// The same pages as the rebuild, counted and dropped.
const bareRead = Effect.gen(function* () {
  const replay = yield* Replay.Replay
  const started = performance.now()
  let events = 0
  yield* Stream.runForEach(replay.pages(0n), (page) =>
    Effect.sync(() => {
      events += page.data.length
    })
  )
  return { events, millis: performance.now() - started, foldMillis: 0 }
})

const stats = await Effect.runPromise(
  process.env.REBUILD_BARE === "1"
    ? Effect.scoped(bareRead.pipe(Effect.provide(store)))
    : Effect.scoped(
        Effect.gen(function* () {
          const backOffice = yield* BackOffice.BackOffice
          const rebuild = backOffice.rebuild
          const figures = {
            events: rebuild.events,
            millis: rebuild.millis,
            foldMillis: rebuild.foldMillis,
            fromSnapshot: rebuild.snapshotPosition != null,
            // The process's peak resident memory (KB -> MB) and its resident memory once started.
            peakRssMb: process.resourceUsage().maxRSS / 1024,
            rssMb: process.memoryUsage().rss / 1048576
          }
          if (snapshotMode === "write") {
            // Written by the instance's writer at once: this process lives until the parent saw it in the table.
            console.log(JSON.stringify(figures))
            yield* Effect.never
          }
          return figures
        }).pipe(Effect.provide(Orga.layer(config).pipe(Layer.provide(Layer.merge(store, Runtime.live)))))
      )
)
console.log(JSON.stringify(stats))
