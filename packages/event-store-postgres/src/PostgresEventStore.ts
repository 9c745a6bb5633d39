/**
 * The event store on PostgreSQL: many app instances over one database.
 *
 * Global positions are handed out under a one-row lock taken at the end of each append transaction, so they
 * follow commit order and readers never see a hole, whatever the number of writers (ADR 0020). An append is one
 * round trip to a PL/pgSQL function: expected versions, events, command id and notification in one transaction.
 *
 * @since 0.1.0
 */
import { EventStore, ExpectedVersion, Scopes, EventStoreError as StoreErrors } from "@orga/event-store"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Pg from "pg"
import { type EncodedAppend, encodeAppend, validateAppends } from "./internal/AppendEncoding.ts"
import { type EventRow, selectColumns, toRecorded } from "./internal/EventRows.ts"
import { makeGroupCommit } from "./internal/GroupCommit.ts"
import { channelOf, isValidSchemaName } from "./internal/Identifiers.ts"
import { type Notifier, startNotifier } from "./internal/Notifier.ts"
import { indexScopes, migrate } from "./Migrations.ts"

// The port's names, short.
type AppendOptions = EventStore.AppendOptions
type AppendResult = EventStore.AppendResult
type AppendToStream = EventStore.AppendToStream
type EventStoreShape = EventStore.EventStoreShape
type ReadAllOptions = EventStore.ReadAllOptions
type ReadStreamOptions = EventStore.ReadStreamOptions
type RecordedEvent = EventStore.RecordedEvent
type SubscribeOptions = EventStore.SubscribeOptions
const { EventStoreError, WrongExpectedVersion } = StoreErrors
type EventStoreError = StoreErrors.EventStoreError
type WrongExpectedVersion = StoreErrors.WrongExpectedVersion

/**
 * How to reach the database.
 *
 * @since 0.1.0
 */
export interface PostgresEventStoreOptions {
  /** A `postgres://` URL. */
  readonly connectionString: string
  /** The schema holding the store's tables (created and migrated on start). Default `orga_events`. */
  readonly schema?: string | undefined
  /** Connections of the pool used for appends and reads (default 10); live updates use one more. */
  readonly poolSize?: number | undefined
  /**
   * The global position of the store's first event (default 1n). Only applied when the schema is created; the
   * contract suite uses `2n ** 53n` to prove positions stay exact past `Number.MAX_SAFE_INTEGER`.
   */
  readonly initialPosition?: bigint | undefined
  /** Poll interval of live reads when no notification arrives (default 500 ms). */
  readonly pollInterval?: Duration.Input | undefined
  /**
   * The metadata key whose string value is an event's scope, indexed for `readScope` (letters, digits and `_`). The
   * schema records it: a start without a key keeps the schema's, a start with another key re-indexes the log once.
   */
  readonly scopeKey?: string | undefined
}

/**
 * The store and what the PostgreSQL-specific parts (projection sinks, locks, tests) need to reach it.
 *
 * @since 0.1.0
 */
export interface PostgresEventStoreShape extends EventStoreShape {
  /** The pool of the store: projection sinks write their read models through it. */
  readonly pool: Pg.Pool
  /** The schema of the store's tables. */
  readonly schema: string
}

const defaultSchema = "orga_events"
const defaultAwaitTimeout = Duration.seconds(30)

const uniqueViolation = "23505"
const wrongExpectedVersionCode = "OEV01"

interface PgError {
  readonly code?: string
  readonly constraint?: string
  readonly detail?: string
  readonly message?: string
}

const asPgError = (cause: unknown): PgError => (typeof cause === "object" && cause !== null ? (cause as PgError) : {})

const storeError = (reason: string, message: string, cause?: unknown): EventStoreError =>
  new EventStoreError({ reason, message, cause })

const fromCause =
  (what: string) =>
  (cause: unknown): EventStoreError =>
    cause instanceof EventStoreError
      ? cause
      : storeError("Database", `${what} failed: ${asPgError(cause).message ?? String(cause)}`, cause)

interface AppendAnswer {
  readonly duplicate: boolean
  readonly result: {
    readonly streams: ReadonlyArray<string>
    readonly versions: ReadonlyArray<string>
    readonly position: string
  } | null
}

/** What a group write answers for one append: its result, or the error that rolled it back alone. */
type AppendOutcome = AppendAnswer | { readonly error: PgError }

/**
 * Inputs PostgreSQL refuses: U+0000 in a text column (stream id, type, event or command id) and JSON it cannot
 * read (a lone surrogate escape). Nothing was written.
 */
const invalidInputCodes = new Set(["22021", "22P05", "22P02", "22025", "22P06"])

/** Transaction-level failures after which the whole group was rolled back and may be sent again. */
const retryableCodes = new Set(["40P01", "40001"])

/**
 * Opens the store: a pool, a listening connection, and the schema migrated to the latest version. Everything
 * is closed when the scope closes.
 *
 * @since 0.1.0
 */
export const make = (
  options: PostgresEventStoreOptions
): Effect.Effect<PostgresEventStoreShape, EventStoreError, Scope.Scope> =>
  Effect.gen(function* () {
    const schema = options.schema ?? defaultSchema
    if (!isValidSchemaName(schema)) {
      return yield* Effect.fail(
        storeError("InvalidInput", `schema name ${JSON.stringify(schema)} must match [a-z_][a-z0-9_]{0,47}`)
      )
    }
    if (options.scopeKey !== undefined && !Scopes.isValidKey(options.scopeKey)) {
      return yield* Effect.fail(Scopes.invalidKey(options.scopeKey))
    }
    const pollMs = Duration.toMillis(Duration.fromInputUnsafe(options.pollInterval ?? Duration.millis(500)))

    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const created = new Pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 })
        // An idle connection killed by the server must not crash the process; the next checkout reconnects.
        created.on("error", () => undefined)
        return created
      }),
      (created) => Effect.promise(() => created.end().catch(() => undefined))
    )

    const applied = yield* Effect.tryPromise({ try: () => migrate(pool, schema), catch: fromCause("Migration") })
    if (options.initialPosition !== undefined && applied.includes(1)) {
      const start = options.initialPosition
      if (start < 1n) return yield* Effect.fail(storeError("InvalidInput", "initialPosition must be at least 1"))
      yield* Effect.tryPromise({
        try: () => pool.query(`UPDATE ${schema}.positions SET last = $1::bigint`, [(start - 1n).toString()]),
        catch: fromCause("Setting the initial position")
      })
    }

    const scopeKey = yield* Effect.tryPromise({
      try: () => indexScopes(pool, schema, options.scopeKey),
      catch: fromCause("Indexing the scopes")
    })

    const notifier: Notifier = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => startNotifier(options.connectionString, channelOf(schema)),
        catch: fromCause("Listening for new events")
      }),
      (started) => Effect.promise(() => started.close())
    )

    /** Failures that belong to one append (rolled back alone), not to the connection or the transaction. */
    const isAppendLevel = (error: PgError): boolean =>
      error.code === wrongExpectedVersionCode ||
      error.code === uniqueViolation ||
      (error.code !== undefined && invalidInputCodes.has(error.code))

    const runSingle = async (single: EncodedAppend): Promise<AppendOutcome> => {
      try {
        const result = await pool.query<{ answer: AppendAnswer }>({
          name: `orga-append-${schema}`,
          text: `SELECT ${schema}.append_events($1::text[], $2::text[], $3::bigint[], $4::int[], $5::json, $6::text) AS answer`,
          values: [
            single.streams,
            single.kinds,
            single.expected,
            single.counts,
            JSON.stringify(single.events),
            single.commandId
          ]
        })
        const answer = result.rows[0]?.answer
        if (!answer) throw storeError("Database", "the append answered nothing")
        return answer
      } catch (cause) {
        const error = asPgError(cause)
        if (isAppendLevel(error)) return { error }
        throw cause
      }
    }

    const runBatch = async (group: ReadonlyArray<EncodedAppend>): Promise<ReadonlyArray<AppendOutcome>> => {
      try {
        const result = await pool.query<{ answers: ReadonlyArray<AppendOutcome> }>({
          name: `orga-append-batch-${schema}`,
          text: `SELECT ${schema}.append_batch($1::json) AS answers`,
          values: [JSON.stringify(group)]
        })
        return result.rows[0]?.answers ?? []
      } catch (cause) {
        const code = asPgError(cause).code
        // One append PostgreSQL cannot even read (e.g. a lone surrogate in a stream id) spoils the group's
        // document: send them one by one so only that one fails.
        if (code === undefined || !invalidInputCodes.has(code)) throw cause
        const outcomes: Array<AppendOutcome> = []
        for (const single of group) outcomes.push(await runSingle(single))
        return outcomes
      }
    }

    const runGroup = async (group: ReadonlyArray<EncodedAppend>): Promise<ReadonlyArray<AppendOutcome>> => {
      for (let attempt = 1; ; attempt++) {
        try {
          const single = group.length === 1 ? group[0] : undefined
          return single ? [await runSingle(single)] : await runBatch(group)
        } catch (cause) {
          // A deadlock between two instances' groups rolled everything back: sending it again is safe.
          if (attempt < 5 && retryableCodes.has(asPgError(cause).code ?? "")) continue
          throw cause
        }
      }
    }

    const submit = makeGroupCommit(runGroup, { maxGroup: 64, gatherMillis: 1 })

    const toAppendError = (appends: ReadonlyArray<AppendToStream>, error: PgError, cause: unknown) => {
      if (error.code === wrongExpectedVersionCode && error.detail) {
        const detail = JSON.parse(error.detail) as { index: number; actual: string }
        const failed = appends[detail.index - 1]
        if (failed) {
          return new WrongExpectedVersion({
            streamId: failed.streamId,
            expected: ExpectedVersion.describe(failed.expectedVersion),
            actual: BigInt(detail.actual)
          })
        }
      }
      if (error.code === uniqueViolation && error.constraint?.includes("event_id")) {
        return storeError("DuplicateEventId", `an event id of the append is already stored: ${error.detail}`, cause)
      }
      if (error.code !== undefined && invalidInputCodes.has(error.code)) {
        return storeError("InvalidInput", `PostgreSQL cannot store this append: ${error.message}`, cause)
      }
      return fromCause("Append")(cause)
    }

    const append = (
      appends: ReadonlyArray<AppendToStream>,
      appendOptions?: AppendOptions
    ): Effect.Effect<AppendResult, WrongExpectedVersion | EventStoreError> => {
      const invalid = validateAppends(appends, appendOptions?.commandId)
      if (invalid) return Effect.fail(invalid)
      return Effect.tryPromise({
        try: () => submit(encodeAppend(appends, appendOptions?.commandId, scopeKey)),
        catch: (cause) => toAppendError(appends, asPgError(cause), cause)
      }).pipe(
        Effect.flatMap((outcome) => {
          if ("error" in outcome) return Effect.fail(toAppendError(appends, outcome.error, outcome.error))
          const result = outcome.result
          if (!result) return Effect.fail(storeError("Database", "the append answered nothing"))
          // A duplicate answers the original call's streams, which the stored result names.
          const streams = result.streams.map((streamId, index) => ({
            streamId,
            version: BigInt(result.versions[index] ?? "0")
          }))
          return Effect.succeed({ streams, position: BigInt(result.position), duplicate: outcome.duplicate })
        })
      )
    }

    const readStream = (
      streamId: string,
      readOptions?: ReadStreamOptions
    ): Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError> =>
      Effect.tryPromise({
        try: () =>
          pool.query<EventRow>({
            rowMode: "array",
            name: `orga-read-stream-${schema}`,
            text: `SELECT ${selectColumns} FROM ${schema}.events e WHERE e.stream_id = $1 AND e.stream_version > $2
               ORDER BY e.stream_version LIMIT $3`,
            values: [
              streamId,
              (readOptions?.after ?? 0n).toString(),
              readOptions?.maxCount === undefined ? null : Math.max(0, readOptions.maxCount)
            ]
          }),
        catch: fromCause("Reading a stream")
      }).pipe(Effect.map((result) => result.rows.map(toRecorded)))

    const readAllPromise = (after: bigint, maxCount: number): Promise<ReadonlyArray<RecordedEvent>> =>
      pool
        .query<EventRow>({
          rowMode: "array",
          name: `orga-read-all-${schema}`,
          text: `SELECT ${selectColumns} FROM ${schema}.events e WHERE e.global_position > $1
                 ORDER BY e.global_position LIMIT $2`,
          values: [after.toString(), Math.max(0, maxCount)]
        })
        .then((result) => result.rows.map(toRecorded))

    const readAll = (readOptions: ReadAllOptions): Effect.Effect<ReadonlyArray<RecordedEvent>, EventStoreError> =>
      Effect.tryPromise({
        try: () => readAllPromise(readOptions.after, readOptions.maxCount),
        catch: fromCause("Reading the log")
      })

    // PostgreSQL's bigint stops at 2^63 - 1: a cursor above every position reads from the newest.
    const newest = 2n ** 63n - 1n
    // The scope's runs below the cursor, newest first through the primary key (at most $3: each holds an event),
    // each cut to the cursor and to what the page still needs (`skipped`: the events of the newer runs; a run's
    // positions are consecutive), then their events by position range: the work is the page's, whatever the log.
    // The events are a LATERAL subquery with its own LIMIT, so the planner cannot flatten it: a plain join let it
    // scan `events` backwards from the newest and filter (590 ms for a page on a 1,000,000-event log) instead of
    // looking each run's range up (0.3 ms). The trailing `position` orders the page; `toRecorded` ignores it.
    const readScope: EventStoreShape["readScope"] = (scope, { before, maxCount }) =>
      scopeKey === undefined
        ? Effect.fail(Scopes.notIndexed())
        : Effect.tryPromise({
            try: async () => {
              const limit = Scopes.countOf(maxCount)
              if (limit === 0) return []
              const result = await pool.query<EventRow>({
                rowMode: "array",
                name: `orga-read-scope-${schema}`,
                text: `WITH r AS (
                         SELECT s.first_position AS lo, least(s.last_position, $2::bigint - 1) AS hi
                         FROM ${schema}.event_scopes s
                         WHERE s.scope = $1 AND s.first_position < $2::bigint
                         ORDER BY s.first_position DESC LIMIT $3::bigint
                       ), c AS (
                         SELECT lo, hi,
                           (sum(hi - lo + 1) OVER (ORDER BY lo DESC ROWS UNBOUNDED PRECEDING) - (hi - lo + 1))::bigint
                             AS skipped
                         FROM r
                       )
                       SELECT x.* FROM c CROSS JOIN LATERAL (
                         SELECT ${selectColumns}, e.global_position AS position FROM ${schema}.events e
                         WHERE e.global_position BETWEEN greatest(c.lo, c.hi - ($3::bigint - c.skipped) + 1) AND c.hi
                         ORDER BY e.global_position DESC LIMIT $3::bigint
                       ) x
                       WHERE c.skipped < $3::bigint
                       ORDER BY x.position DESC LIMIT $3::bigint`,
                values: [
                  scope,
                  (before === undefined || before > newest ? newest : before).toString(),
                  // The query subtracts from the limit: "all" is a count no page reaches, not LIMIT NULL.
                  Math.min(limit, Number.MAX_SAFE_INTEGER)
                ]
              })
              return result.rows.map(toRecorded)
            },
            catch: fromCause("Reading a scope")
          })

    const headPromise = (): Promise<bigint> =>
      pool
        .query<[string]>({
          rowMode: "array",
          name: `orga-head-${schema}`,
          text: `SELECT last::text FROM ${schema}.positions`
        })
        .then((result) => BigInt(result.rows[0]?.[0] ?? "0"))

    const head = Effect.tryPromise({ try: headPromise, catch: fromCause("Reading the head") })

    const subscribe = (subscribeOptions: SubscribeOptions): Stream.Stream<RecordedEvent, EventStoreError> => {
      const batchSize = subscribeOptions.batchSize ?? 1000
      return Stream.paginate(subscribeOptions.after, (after: bigint) =>
        Effect.tryPromise({
          try: async (): Promise<readonly [ReadonlyArray<RecordedEvent>, Option.Option<bigint>]> => {
            const seen = notifier.seen()
            const events = await readAllPromise(after, batchSize)
            const last = events[events.length - 1]
            if (last) return [events, Option.some(last.globalPosition)]
            await notifier.waitAfter(seen, pollMs)
            return [events, Option.some(after)]
          },
          catch: fromCause("Subscription")
        })
      )
    }

    const awaitPosition = (position: bigint, timeout?: Duration.Input): Effect.Effect<void, EventStoreError> => {
      const timeoutMs = Duration.toMillis(Duration.fromInputUnsafe(timeout ?? defaultAwaitTimeout))
      return Effect.tryPromise({
        try: async (signal) => {
          const deadline = Date.now() + timeoutMs
          for (;;) {
            const seen = notifier.seen()
            if ((await headPromise()) >= position) return
            const left = deadline - Date.now()
            if (left <= 0 || signal.aborted) {
              throw storeError("Timeout", `position ${position} was not reached within ${timeoutMs} ms`)
            }
            await notifier.waitAfter(seen, Math.min(pollMs, left))
          }
        },
        catch: fromCause("Waiting for a position")
      })
    }

    return { append, readStream, readAll, readScope, subscribe, head, awaitPosition, pool, schema }
  })

/**
 * The store as a layer of the `EventStore` service.
 *
 * @since 0.1.0
 */
export const layer = (options: PostgresEventStoreOptions): Layer.Layer<EventStore.EventStore, EventStoreError> =>
  Layer.effect(EventStore.EventStore, make(options))
