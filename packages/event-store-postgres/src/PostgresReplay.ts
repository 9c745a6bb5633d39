/**
 * The log of a PostgreSQL store as a start-up replay folds it (`ReplayPage`s), read on a worker thread with its
 * own connection: the thread that folds only parses and folds. Its visibility rule is `readAll`'s
 * (`global_position > after`, in position order): positions are handed out at commit under the store's counter
 * lock, so a page never has a hole.
 *
 * @since 0.1.0
 */
import { EventStoreError, type ReplayPage, ReplayWorker } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Pg from "pg"
import { isValidSchemaName } from "./internal/Identifiers.ts"
import { pageReader } from "./internal/ReplayQuery.ts"

// Run from the sources (type stripping) the worker is a `.ts` file; built, it is the `.js` beside this module.
const workerModule = new URL(
  `./internal/ReplayWorker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
  import.meta.url
)

/**
 * Where the log lives. With the store's pool, the first page is read through it, on this thread: a log that
 * fits in one page (a small school, a test) never pays for starting a thread and connecting.
 *
 * @since 0.1.0
 */
export interface Source {
  readonly connectionString: string
  /** The store's schema. */
  readonly schema: string
  readonly pool?: Pg.Pool | undefined
}

/**
 * Pages of 5,000 events, 3 in flight (unless told otherwise): fewer queries than `ReplayWorker`'s 2,000 leave
 * more of the reading thread's core to the server's backend; 7.5% faster over a million events (4 runs side by
 * side against 2,000 and 4).
 */
const defaults = { pageSize: 5_000, ahead: 3 }

/**
 * The pages of the log after `after`, to its end as read (events appended meanwhile are the caller's to read).
 *
 * @since 0.1.0
 */
export const pages =
  (source: Source, given: ReplayWorker.Options = {}) =>
  (after: bigint): Stream.Stream<ReplayPage.ReplayPage, EventStoreError.EventStoreError> => {
    const options = {
      ...given,
      pageSize: given.pageSize ?? defaults.pageSize,
      ahead: given.ahead ?? defaults.ahead
    }
    if (!isValidSchemaName(source.schema))
      return Stream.fail(
        new EventStoreError.EventStoreError({
          reason: "InvalidInput",
          message: `schema name ${JSON.stringify(source.schema)} must match [a-z_][a-z0-9_]{0,47}`
        })
      )
    const onWorker = (from: bigint) =>
      ReplayWorker.pages(
        workerModule,
        { connectionString: source.connectionString, schema: source.schema },
        from,
        options
      )
    const pool = source.pool
    if (pool === undefined) return onWorker(after)
    const pageSize = Math.max(1, options.pageSize)
    return Stream.unwrap(
      Effect.map(
        Effect.tryPromise({
          try: () => pageReader(pool, source.schema)(after, pageSize),
          catch: ReplayWorker.readFailure
        }),
        (raw) => {
          if (raw === undefined) return Stream.empty
          const first = Stream.succeed(ReplayWorker.parseHere(raw, options))
          return raw.count < pageSize ? first : Stream.concat(first, onWorker(raw.lastPosition))
        }
      )
    )
  }
