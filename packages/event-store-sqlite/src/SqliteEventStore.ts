/**
 * The embedded event store: one SQLite file (`node:sqlite`, WAL), one group-committing writer per process,
 * positions from an `AUTOINCREMENT` key (gap-free, in commit order), read models in the same file.
 *
 * Several processes may open the same file: SQLite's write lock serializes their transactions (each waits up
 * to `busyTimeout`, then the writer retries), and subscribers of a process see other processes' events by
 * polling every `pollInterval` milliseconds (this process's own commits wake them at once).
 *
 * @since 0.1.0
 */
import type { StatementSync } from "node:sqlite"
import { EventStore, EventStoreError, Scopes } from "@orga/event-store"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as CommitSignal from "./CommitSignal.ts"
import * as GroupCommitWriter from "./GroupCommitWriter.ts"
import * as SqliteDatabase from "./SqliteDatabase.ts"

/**
 * Options of the store.
 *
 * @since 0.1.0
 */
export interface Options extends SqliteDatabase.OpenOptions {
  /** Milliseconds between two polls of the file by an idle subscriber (default 50). */
  readonly pollInterval?: number | undefined
  /** How long an append keeps retrying while another process holds the write lock (ms, default 30000). */
  readonly busyRetryTimeout?: number | undefined
  /** Default timeout of `awaitPosition` (default 10 seconds). */
  readonly awaitTimeout?: Duration.Input | undefined
}

/**
 * The open database of a store, as a service: projections use it to keep their read models in the same file.
 *
 * @since 0.1.0
 */
export class SqliteEventStoreDatabase extends Context.Service<
  SqliteEventStoreDatabase,
  SqliteDatabase.SqliteDatabase
>()("@orga/event-store-sqlite/SqliteEventStoreDatabase") {}

// `recorded_at` as REAL: read as a number although the statements read integers as bigints (one BigInt less
// to allocate per event; milliseconds are exact as doubles).
const columns =
  "global_position, event_id, stream_id, stream_version, type, data, metadata, CAST(recorded_at AS REAL), command_id"

type Row = [
  globalPosition: bigint,
  eventId: string,
  streamId: string,
  streamVersion: bigint,
  type: string,
  data: string,
  metadata: string,
  recordedAt: number,
  commandId: string | null
]

const decodeRow = (row: Row): EventStore.RecordedEvent => ({
  globalPosition: row[0],
  id: row[1],
  streamId: row[2],
  streamVersion: row[3],
  type: row[4],
  data: JSON.parse(row[5]),
  // Most events carry no metadata: skip the parser for them.
  metadata: row[6] === "{}" ? {} : JSON.parse(row[6]),
  recordedAt: new Date(row[7]),
  commandId: row[8]
})

/** A `maxCount` as a SQL LIMIT: nothing for zero, negative or NaN; no limit (-1) for Infinity. */
const sqlLimit = (maxCount: number): number =>
  Number.isNaN(maxCount) || maxCount <= 0 ? 0 : maxCount === Number.POSITIVE_INFINITY ? -1 : Math.floor(maxCount)

const readError = (cause: unknown): EventStoreError.EventStoreError =>
  new EventStoreError.EventStoreError({
    reason: "ReadFailed",
    message: `SQLite read failed: ${SqliteDatabase.messageOf(cause)}`,
    cause
  })

const invalidEvent = (message: string, cause?: unknown): EventStoreError.EventStoreError =>
  new EventStoreError.EventStoreError({ reason: "InvalidEvent", message, cause })

const serialize = (
  appends: ReadonlyArray<EventStore.AppendToStream>,
  scopeKey: string | undefined
): Array<GroupCommitWriter.SerializedAppend> | EventStoreError.EventStoreError => {
  const serialized: Array<GroupCommitWriter.SerializedAppend> = []
  for (const append of appends) {
    const events: Array<GroupCommitWriter.SerializedAppend["events"][number]> = []
    for (const event of append.events) {
      try {
        const scope = Scopes.scopeOf(event.metadata, scopeKey)
        events.push({
          id: event.id,
          type: event.type,
          data: JSON.stringify(event.data) ?? "null",
          metadata: JSON.stringify(event.metadata ?? {}),
          ...(scope === undefined ? {} : { scope })
        })
      } catch (cause) {
        return invalidEvent(`Event ${event.id} cannot be stored as JSON: ${SqliteDatabase.messageOf(cause)}`, cause)
      }
    }
    serialized.push({ streamId: append.streamId, expectedVersion: append.expectedVersion, events })
  }
  return serialized
}

/**
 * Builds the store on an open database (the caller owns and closes it). The returned store stops its writer
 * when the scope closes.
 *
 * @since 0.1.0
 */
export const fromDatabase = (
  database: SqliteDatabase.SqliteDatabase,
  options: Omit<Options, keyof SqliteDatabase.OpenOptions> = {}
): Effect.Effect<EventStore.EventStoreShape, EventStoreError.EventStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const { connection } = database
    const pollInterval = options.pollInterval ?? 50
    const awaitTimeout = Duration.toMillis(options.awaitTimeout ?? Duration.seconds(10))
    const signal = CommitSignal.make()
    const prepared = yield* Effect.try({
      try: () => {
        const prepare = (sql: string): StatementSync => {
          const statement = connection.prepare(sql)
          statement.setReadBigInts(true)
          statement.setReturnArrays(true)
          return statement
        }
        return {
          readAll: prepare(`SELECT ${columns} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`),
          readStream: prepare(
            `SELECT ${columns} FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version LIMIT ?`
          ),
          // The scope's runs below the cursor, newest first (at most ?3: each holds an event), each cut to the
          // cursor and to what the page still needs (`skipped`: the events of the newer runs; a run's positions
          // are consecutive), then their events by position range: the work is the page's, whatever the log.
          // CROSS JOIN keeps the runs the outer loop (SQLite never reorders it): scanning `events` from the
          // newest and filtering would read the log, not the page (PostgreSQL chose that plan for a plain join).
          readScope: prepare(
            `WITH r AS (
               SELECT first_position AS lo, min(last_position, ?2 - 1) AS hi FROM event_scopes
               WHERE scope = ?1 AND first_position < ?2 ORDER BY first_position DESC LIMIT ?3
             ), c AS (
               SELECT lo, hi, sum(hi - lo + 1) OVER (ORDER BY lo DESC ROWS UNBOUNDED PRECEDING) - (hi - lo + 1) AS skipped
               FROM r
             )
             SELECT ${columns} FROM c CROSS JOIN events ON global_position BETWEEN max(lo, hi - (?3 - skipped) + 1) AND hi
             WHERE skipped < ?3 ORDER BY global_position DESC LIMIT ?3`
          ),
          head: prepare("SELECT coalesce(max(global_position), 0) FROM events")
        }
      },
      catch: readError
    })
    const writer = GroupCommitWriter.make({
      connection,
      onCommit: signal.notify,
      busyRetryMillis: options.busyRetryTimeout ?? 30_000
    })
    yield* Effect.addFinalizer(() => Effect.sync(writer.close))

    const headNow = (): bigint => (prepared.head.get() as unknown as [bigint])[0]
    const readAllNow = (after: bigint, maxCount: number): Array<EventStore.RecordedEvent> =>
      (prepared.readAll.all(after, maxCount) as unknown as Array<Row>).map(decodeRow)

    const append: EventStore.EventStoreShape["append"] = (appends, appendOptions) =>
      Effect.suspend(() => {
        const serialized = serialize(appends, database.scopeKey)
        if (!Array.isArray(serialized)) return Effect.fail(serialized)
        return Effect.callback<
          EventStore.AppendResult,
          EventStoreError.WrongExpectedVersion | EventStoreError.EventStoreError
        >((resume) => {
          writer.submit(serialized, appendOptions?.commandId, (outcome) =>
            resume(outcome._tag === "Written" ? Effect.succeed(outcome.result) : Effect.fail(outcome.error))
          )
        })
      })

    const readAll: EventStore.EventStoreShape["readAll"] = ({ after, maxCount }) =>
      Effect.try({
        try: () => {
          const limit = sqlLimit(maxCount)
          return limit === 0 ? [] : readAllNow(after, limit)
        },
        catch: readError
      })

    const readStream: EventStore.EventStoreShape["readStream"] = (streamId, readOptions) =>
      Effect.try({
        try: () => {
          const limit = readOptions?.maxCount === undefined ? -1 : sqlLimit(readOptions.maxCount)
          if (limit === 0) return []
          const rows = prepared.readStream.all(streamId, readOptions?.after ?? 0n, limit) as unknown as Array<Row>
          return rows.map(decodeRow)
        },
        catch: readError
      })

    // SQLite's integers stop at 2^63 - 1: a cursor above every position reads from the newest.
    const newest = 2n ** 63n - 1n
    const readScope: EventStore.EventStoreShape["readScope"] = (scope, { before, maxCount }) =>
      database.scopeKey === undefined
        ? Effect.fail(Scopes.notIndexed())
        : Effect.try({
            try: () => {
              const count = sqlLimit(maxCount)
              if (count === 0) return []
              // The query subtracts from the limit: "all" is a count no page reaches, not SQLite's -1.
              const limit = count === -1 || count > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : count
              const cursor = before === undefined || before > newest ? newest : before
              return (prepared.readScope.all(scope, cursor, limit) as unknown as Array<Row>).map(decodeRow)
            },
            catch: readError
          })

    const head: EventStore.EventStoreShape["head"] = Effect.try({ try: headNow, catch: readError })

    const subscribe: EventStore.EventStoreShape["subscribe"] = ({ after, batchSize }) => {
      const size = Math.max(1, Math.floor(batchSize ?? 1000))
      return Stream.paginate(after, (checkpoint: bigint) =>
        Effect.gen(function* () {
          while (true) {
            const seen = signal.generation()
            const events = yield* Effect.try({ try: () => readAllNow(checkpoint, size), catch: readError })
            const last = events.at(-1)
            if (last !== undefined) return [events, Option.some(last.globalPosition)] as const
            yield* signal.wait(seen, pollInterval)
          }
        })
      )
    }

    const awaitPosition: EventStore.EventStoreShape["awaitPosition"] = (position, timeout) =>
      Effect.gen(function* () {
        const deadline = Date.now() + (timeout === undefined ? awaitTimeout : Duration.toMillis(timeout))
        while (true) {
          const seen = signal.generation()
          const current = yield* Effect.try({ try: headNow, catch: readError })
          if (current >= position) return
          const left = deadline - Date.now()
          if (left <= 0) {
            return yield* new EventStoreError.EventStoreError({
              reason: "Timeout",
              message: `Position ${position} was not reached in time (head is ${current})`
            })
          }
          yield* signal.wait(seen, Math.min(pollInterval, left))
        }
      })

    return {
      append,
      readStream,
      readAll,
      readScope,
      subscribe,
      head,
      awaitPosition
    } satisfies EventStore.EventStoreShape
  })

/**
 * Opens the file and builds the store; closes both with the scope.
 *
 * @since 0.1.0
 */
export const make = (
  options: Options
): Effect.Effect<EventStore.EventStoreShape, EventStoreError.EventStoreError, Scope.Scope> =>
  Effect.flatMap(SqliteDatabase.open(options), (database) => fromDatabase(database, options))

/**
 * Opens the file and builds the store, also returning the database (for projections in the same file).
 *
 * @since 0.1.0
 */
export const makeWithDatabase = (
  options: Options
): Effect.Effect<
  { readonly store: EventStore.EventStoreShape; readonly database: SqliteDatabase.SqliteDatabase },
  EventStoreError.EventStoreError,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const database = yield* SqliteDatabase.open(options)
    const store = yield* fromDatabase(database, options)
    return { store, database }
  })

/**
 * The store as a layer; the file is closed when the layer is released.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<EventStore.EventStore, EventStoreError.EventStoreError> =>
  Layer.effect(EventStore.EventStore, make(options))

/**
 * The store and its database as a layer (projections that keep read models in the same file need both).
 *
 * @since 0.1.0
 */
export const layerWithDatabase = (
  options: Options
): Layer.Layer<EventStore.EventStore | SqliteEventStoreDatabase, EventStoreError.EventStoreError> =>
  Layer.effectContext(
    Effect.map(makeWithDatabase(options), ({ database, store }) =>
      Context.make(EventStore.EventStore, store).pipe(Context.add(SqliteEventStoreDatabase, database))
    )
  )
