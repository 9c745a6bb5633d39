/**
 * A SQLite store's replay pages keep the replay contract (`ReplayContract`: what `readAll` answers, for any log
 * and any start; nothing for an empty log or after the head; every position once, in order, while appends
 * commit; a replay stopped early stops its worker) on a file, where the first page is read on the calling thread
 * and the rest on a worker, and in memory (`:memory:`), where every page is read on the calling thread; and a
 * file that is not a store, or that the worker cannot open, fails with a "Database" error instead of hanging.
 */
import { rmSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "@effect/vitest"
import { EventStoreError, ExpectedVersion, type ReplayPage } from "@orga/event-store"
import { type ContractStoreOptions, ReplayContract } from "@orga/event-store/testing"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { SqliteEventStore, SqliteReplay } from "../src/index.ts"
import { freshFile, tempDir } from "./helpers.ts"

const dir = tempDir()
const { workerHandles } = ReplayContract

/** A store on a new file (or in memory), and its replay. */
const open =
  (filename: () => string, reads: ReplayContract.Reads) =>
  ({ initialPosition }: ContractStoreOptions) =>
    Effect.map(
      SqliteEventStore.makeWithDatabase({ filename: filename(), initialPosition, durability: "normal" }),
      ({ store, database }): ReplayContract.ReplayStore => ({
        store,
        replays: [{ name: reads, reads, pages: (options) => SqliteReplay.pages(database, options) }]
      })
    )

ReplayContract.suite("SqliteReplay.pages on a file", {
  open: open(() => freshFile(dir), "firstPageInPlace"),
  numRuns: 45,
  starts: 3,
  writers: 4,
  appendsPerWriter: 150,
  replaysWhileAppending: 2,
  earlyStopEvents: 50_000
})

ReplayContract.suite("SqliteReplay.pages in memory", {
  open: open(() => ":memory:", "inPlace"),
  numRuns: 150,
  starts: 3
})

let ids = 0
const event = (data: unknown) => ({ id: `e-${++ids}`, type: "Happened", data })

describe("SqliteReplay.pages", () => {
  // Live clock: the timeout is what would catch a hang.
  it.live(
    "fails with a Database error, without hanging, on a file that is not a store",
    () =>
      Effect.gen(function* () {
        // A SQLite file with another table: the first page, read on this thread, fails.
        const otherFile = freshFile(dir)
        const other = yield* Effect.acquireRelease(
          Effect.sync(() => new DatabaseSync(otherFile)),
          (connection) => Effect.sync(() => connection.close())
        )
        other.exec("CREATE TABLE not_events (x INTEGER)")
        const before = workerHandles()
        const error = yield* Effect.flip(
          Stream.runCollect(
            SqliteReplay.pages(
              { filename: otherFile, durability: "full", connection: other, scopeKey: undefined },
              { pageSize: 10 }
            )(0n)
          ).pipe(Effect.timeout("10 seconds"))
        )
        expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
        expect(error).toMatchObject({ reason: "Database" })
        expect(error.message).toContain("Reading the log for a replay failed")
        expect(error.message).toContain("no such table: events")
        expect(workerHandles()).toBe(before)
      }),
    30_000
  )

  it.live(
    "fails with a Database error, without hanging, when the reading thread cannot open the file",
    () =>
      Effect.gen(function* () {
        const filename = freshFile(dir)
        const { store, database } = yield* SqliteEventStore.makeWithDatabase({ filename })
        yield* store.append([
          { streamId: "s", expectedVersion: ExpectedVersion.noStream, events: [1, 2, 3, 4, 5].map(event) }
        ])
        // The store's connection keeps reading its open file; the reading thread finds no file to open.
        for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
        const before = workerHandles()
        const seen: Array<ReplayPage.ReplayPage> = []
        const error = yield* Effect.flip(
          Stream.runCollect(
            SqliteReplay.pages(database, { pageSize: 2 })(0n).pipe(
              Stream.tap((page) => Effect.sync(() => seen.push(page)))
            )
          ).pipe(Effect.timeout("10 seconds"))
        )
        expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
        expect(error).toMatchObject({ reason: "Database" })
        expect(error.message).toContain("Reading the log for a replay failed")
        expect(error.message).toContain("unable to open database file")
        // The first page was read on this thread before the worker failed.
        expect(seen.map((page) => page.lastPosition)).toEqual([2n])
        expect(workerHandles()).toBe(before)
      }),
    30_000
  )
})
