/**
 * The process's single writer, with group commit.
 *
 * Appends that arrive while the writer is idle are queued and written together on the next turn of the
 * event loop (`setImmediate`): one `BEGIN IMMEDIATE`, one SAVEPOINT per append (its expected versions,
 * command id and event ids are checked inside it; a failing append is rolled back to its savepoint and fails
 * alone), then one `COMMIT` (one fsync under `synchronous=FULL`) for the whole group, and each caller gets its
 * own outcome. Concurrent callers therefore share the cost of a durable commit.
 *
 * Another process holding the write lock: `BEGIN IMMEDIATE` waits up to the connection's busy timeout; if it
 * still gets SQLITE_BUSY, the group is retried after a short random pause, up to `busyRetryMillis`, then fails
 * with reason `Busy`.
 *
 * @since 0.1.0
 */
import type { DatabaseSync, StatementSync } from "node:sqlite"
import type { EventStore } from "@orga/event-store"
import { EventStoreError, ExpectedVersion } from "@orga/event-store"
import { errorCode, isBusy, messageOf } from "./SqliteDatabase.ts"

/**
 * One stream's part of an append, with its events already serialized (outside the transaction).
 *
 * @since 0.1.0
 */
export interface SerializedAppend {
  readonly streamId: string
  readonly expectedVersion: ExpectedVersion.ExpectedVersion
  readonly events: ReadonlyArray<{
    readonly id: string
    readonly type: string
    readonly data: string
    readonly metadata: string
    /** The event's scope (see `EventStore`): indexed in the same savepoint as the event, one row per run. */
    readonly scope?: string | undefined
  }>
}

/**
 * The outcome of one append.
 *
 * @since 0.1.0
 */
export type Outcome =
  | { readonly _tag: "Written"; readonly result: EventStore.AppendResult }
  | {
      readonly _tag: "Failed"
      readonly error: EventStoreError.WrongExpectedVersion | EventStoreError.EventStoreError
    }

/**
 * The writer.
 *
 * @since 0.1.0
 */
export interface GroupCommitWriter {
  /** Queues an append; `done` is called once, after the group's commit (or failure). */
  readonly submit: (
    appends: ReadonlyArray<SerializedAppend>,
    commandId: string | undefined,
    done: (outcome: Outcome) => void
  ) => void
  /** Fails the queued appends and refuses new ones (before the connection closes). */
  readonly close: () => void
}

interface Pending {
  readonly appends: ReadonlyArray<SerializedAppend>
  readonly commandId: string | undefined
  readonly done: (outcome: Outcome) => void
  /** When the append was submitted, for the busy retry budget. */
  readonly firstAttempt: number
}

/** Thrown inside a savepoint to roll it back and fail that append alone. */
class AppendRejected {
  readonly error: EventStoreError.WrongExpectedVersion | EventStoreError.EventStoreError
  constructor(error: EventStoreError.WrongExpectedVersion | EventStoreError.EventStoreError) {
    this.error = error
  }
}

const SQLITE_CONSTRAINT_UNIQUE = 2067
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555

/**
 * Creates the writer of a connection.
 *
 * @since 0.1.0
 */
export const make = (options: {
  readonly connection: DatabaseSync
  readonly onCommit: () => void
  readonly busyRetryMillis: number
}): GroupCommitWriter => {
  const { connection, onCommit, busyRetryMillis } = options
  const prepare = (sql: string): StatementSync => {
    const statement = connection.prepare(sql)
    statement.setReadBigInts(true)
    return statement
  }
  const selectCommand = prepare("SELECT result FROM commands WHERE command_id = ?")
  const insertCommand = prepare("INSERT INTO commands (command_id, result) VALUES (?, ?)")
  const selectStreamVersion = prepare("SELECT version FROM streams WHERE stream_id = ?")
  const upsertStreamVersion = prepare(
    "INSERT INTO streams (stream_id, version) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version"
  )
  const insertEvent = prepare(
    "INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata, recorded_at, command_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
  )
  const insertRun = prepare("INSERT INTO event_scopes (scope, first_position, last_position) VALUES (?, ?, ?)")
  const selectHead = prepare("SELECT coalesce(max(global_position), 0) AS head FROM events")

  let queue: Array<Pending> = []
  let scheduled = false
  let closed = false

  const schedule = (delayMillis: number) => {
    if (scheduled || closed) return
    scheduled = true
    const run = () => {
      scheduled = false
      flush()
    }
    if (delayMillis > 0) setTimeout(run, delayMillis)
    else setImmediate(run)
  }

  const writeOne = (pending: Pending, recordedAt: number): EventStore.AppendResult => {
    const { appends, commandId } = pending
    if (commandId !== undefined) {
      const stored = selectCommand.get(commandId) as { result: string } | undefined
      if (stored !== undefined) return { ...decodeResult(stored.result), duplicate: true }
    }
    const streams: Array<{ streamId: string; version: bigint }> = []
    let position: bigint | undefined
    // The run being gathered: consecutive events of this append with one scope, written when another begins.
    let run: { scope: string; first: bigint; last: bigint } | undefined
    const endRun = () => {
      if (run !== undefined) insertRun.run(run.scope, run.first, run.last)
      run = undefined
    }
    for (const append of appends) {
      const row = selectStreamVersion.get(append.streamId) as { version: bigint } | undefined
      const actual = row?.version ?? 0n
      if (!ExpectedVersion.isSatisfiedBy(append.expectedVersion, actual)) {
        throw new AppendRejected(
          new EventStoreError.WrongExpectedVersion({
            streamId: append.streamId,
            expected: ExpectedVersion.describe(append.expectedVersion),
            actual
          })
        )
      }
      let version = actual
      for (const event of append.events) {
        version++
        const inserted = insertEvent.run(
          event.id,
          append.streamId,
          version,
          event.type,
          event.data,
          event.metadata,
          recordedAt,
          commandId ?? null
        )
        position = BigInt(inserted.lastInsertRowid)
        if (run !== undefined && run.scope === event.scope && run.last + 1n === position) {
          run.last = position
        } else {
          endRun()
          if (event.scope !== undefined) run = { scope: event.scope, first: position, last: position }
        }
      }
      if (version !== actual) upsertStreamVersion.run(append.streamId, version)
      streams.push({ streamId: append.streamId, version })
    }
    endRun()
    const result: EventStore.AppendResult = {
      streams,
      position: position ?? (selectHead.get() as { head: bigint }).head,
      duplicate: false
    }
    if (commandId !== undefined) insertCommand.run(commandId, encodeResult(result))
    return result
  }

  const attempt = (pending: Pending, recordedAt: number): Outcome => {
    connection.exec("SAVEPOINT append")
    try {
      const result = writeOne(pending, recordedAt)
      connection.exec("RELEASE append")
      return { _tag: "Written", result }
    } catch (error) {
      connection.exec("ROLLBACK TO append")
      connection.exec("RELEASE append")
      if (error instanceof AppendRejected) return { _tag: "Failed", error: error.error }
      return { _tag: "Failed", error: writeError(error) }
    }
  }

  const flush = () => {
    if (queue.length === 0) return
    const group = queue
    queue = []
    try {
      connection.exec("BEGIN IMMEDIATE")
    } catch (error) {
      const now = Date.now()
      if (isBusy(error)) {
        const retry = group.filter((pending) => now - pending.firstAttempt < busyRetryMillis)
        for (const pending of group) {
          if (!retry.includes(pending)) {
            pending.done({
              _tag: "Failed",
              error: new EventStoreError.EventStoreError({
                reason: "Busy",
                message: `The SQLite file stayed locked by another process for ${busyRetryMillis} ms`,
                cause: error
              })
            })
          }
        }
        queue = [...retry, ...queue]
        schedule(5 + Math.floor(Math.random() * 20))
        return
      }
      for (const pending of group) pending.done({ _tag: "Failed", error: writeError(error) })
      schedule(0)
      return
    }
    const recordedAt = Date.now()
    const outcomes = group.map((pending) => attempt(pending, recordedAt))
    try {
      connection.exec("COMMIT")
    } catch (error) {
      if (connection.isTransaction) connection.exec("ROLLBACK")
      for (const pending of group) pending.done({ _tag: "Failed", error: writeError(error) })
      schedule(0)
      return
    }
    onCommit()
    group.forEach((pending, index) => {
      pending.done(outcomes[index]!)
    })
    schedule(0)
  }

  return {
    submit: (appends, commandId, done) => {
      if (closed) {
        done({
          _tag: "Failed",
          error: new EventStoreError.EventStoreError({ reason: "Closed", message: "The SQLite event store is closed" })
        })
        return
      }
      queue.push({ appends, commandId, done, firstAttempt: Date.now() })
      schedule(0)
    },
    close: () => {
      closed = true
      const left = queue
      queue = []
      for (const pending of left) {
        pending.done({
          _tag: "Failed",
          error: new EventStoreError.EventStoreError({ reason: "Closed", message: "The SQLite event store is closed" })
        })
      }
    }
  }
}

const writeError = (error: unknown): EventStoreError.EventStoreError => {
  const code = errorCode(error)
  if (
    (code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY) &&
    /event_id/.test(messageOf(error))
  ) {
    return new EventStoreError.EventStoreError({
      reason: "DuplicateEventId",
      message: "An event id of the append is already stored",
      cause: error
    })
  }
  if (isBusy(error)) {
    return new EventStoreError.EventStoreError({ reason: "Busy", message: messageOf(error), cause: error })
  }
  return new EventStoreError.EventStoreError({
    reason: "WriteFailed",
    message: `SQLite append failed: ${messageOf(error)}`,
    cause: error
  })
}

const encodeResult = (result: EventStore.AppendResult): string =>
  JSON.stringify({
    streams: result.streams.map((stream) => ({ streamId: stream.streamId, version: String(stream.version) })),
    position: String(result.position)
  })

const decodeResult = (text: string): Omit<EventStore.AppendResult, "duplicate"> => {
  const parsed = JSON.parse(text) as {
    streams: Array<{ streamId: string; version: string }>
    position: string
  }
  return {
    streams: parsed.streams.map((stream) => ({ streamId: stream.streamId, version: BigInt(stream.version) })),
    position: BigInt(parsed.position)
  }
}
