/**
 * The log of a SQLite store as a start-up replay folds it (`ReplayPage`s), read on a worker thread with its
 * own read-only connection, so the thread that folds only parses and folds. A private in-memory database
 * (`:memory:`) cannot be opened by another thread: its pages are read on the calling thread.
 *
 * @since 0.1.0
 */
import { type EventStoreError, type ReplayPage, ReplayWorker } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { pageReader } from "./internal/TextRows.ts"
import type * as SqliteDatabase from "./SqliteDatabase.ts"

// Run from the sources (type stripping) the worker is a `.ts` file; built, it is the `.js` beside this module.
const workerModule = new URL(
  `./internal/ReplayWorker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
  import.meta.url
)

/** The file behind the connection's main database, or `undefined` for an in-memory one. */
const fileOf = (database: SqliteDatabase.SqliteDatabase): string | undefined => {
  const rows = database.connection.prepare("PRAGMA database_list").all() as Array<{ name: string; file: string }>
  const file = rows.find((row) => row.name === "main")?.file
  return file === undefined || file === "" ? undefined : file
}

/** The pages after `after`, read on this thread. */
const inThread = (
  read: ReturnType<typeof pageReader>,
  after: bigint,
  pageSize: number,
  options: ReplayWorker.Options
): Stream.Stream<ReplayPage.ReplayPage, EventStoreError.EventStoreError> =>
  Stream.paginate(after, (from) =>
    Effect.try({
      try: () => {
        const raw = read(from, pageSize)
        if (raw === undefined) return [[], Option.none()] as const
        const next = raw.count < pageSize ? Option.none<bigint>() : Option.some(raw.lastPosition)
        return [[ReplayWorker.parseHere(raw, options)], next] as const
      },
      catch: ReplayWorker.readFailure
    })
  )

/**
 * The pages of the log after `after`, to its end as read (events appended meanwhile are the caller's to read).
 * The first page is read on this thread: a log that fits in it (a small school, a test) never pays for starting
 * a thread; the rest, if any, is read on the worker.
 *
 * @since 0.1.0
 */
export const pages =
  (database: SqliteDatabase.SqliteDatabase, options: ReplayWorker.Options = {}) =>
  (after: bigint): Stream.Stream<ReplayPage.ReplayPage, EventStoreError.EventStoreError> => {
    const pageSize = Math.max(1, options.pageSize ?? 2_000)
    return Stream.unwrap(
      Effect.try({
        try: () => {
          const read = pageReader(database.connection)
          const raw = read(after, pageSize)
          if (raw === undefined) return Stream.empty
          const first = Stream.succeed(ReplayWorker.parseHere(raw, options))
          if (raw.count < pageSize) return first
          const file = fileOf(database)
          const rest =
            file === undefined
              ? inThread(read, raw.lastPosition, pageSize, options)
              : ReplayWorker.pages(workerModule, { filename: file }, raw.lastPosition, options)
          return Stream.concat(first, rest)
        },
        catch: ReplayWorker.readFailure
      })
    )
  }
