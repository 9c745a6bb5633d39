/**
 * Read models kept in the store's own SQLite file, written in the same transaction as their checkpoint.
 *
 * A projection is a sink for the projection runner: `apply(events)` opens one write transaction, skips the
 * events at or below the stored checkpoint (so a batch delivered twice after a crash is not counted twice),
 * lets the definition write its tables, stores the new checkpoint, and commits. A crash anywhere before the
 * commit leaves both the read model and the checkpoint as they were: the runner resumes from the checkpoint
 * without loss or double counting.
 *
 * @since 0.1.0
 */
import type { DatabaseSync } from "node:sqlite"
import type { EventStore } from "@orga/event-store"
import { ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as SqliteDatabase from "./SqliteDatabase.ts"

/**
 * What a projection keeps in the file.
 *
 * @since 0.1.0
 */
export interface Definition {
  /** Unique name of the projection (its checkpoint and lock are stored under it). */
  readonly name: string
  /** The read-model tables it owns: `reset` drops them, then runs `init` again. */
  readonly tables: ReadonlyArray<string>
  /** Creates its tables if missing (`CREATE TABLE IF NOT EXISTS ...`); runs inside a transaction. */
  readonly init: (db: DatabaseSync) => void
  /** Folds events (in global order, all after the checkpoint) into its tables; runs inside a transaction. */
  readonly apply: (db: DatabaseSync, events: ReadonlyArray<EventStore.RecordedEvent>) => void
}

/**
 * A projection sink (`ProjectionSink` of `@orga/event-store`, driven by its `ProjectionRunner`):
 * `checkpoint` is the position of the last event folded (0n: none); `apply` folds the events after the
 * checkpoint and moves the checkpoint, in one transaction; `reset` drops the read model and its checkpoint and
 * recreates empty tables (for a rebuild from the log).
 *
 * @since 0.1.0
 */
export type SqliteProjection = ProjectionSink.ProjectionSink<ProjectionSink.ProjectionError>

const projectionError = (name: string, what: string, cause: unknown): ProjectionSink.ProjectionError =>
  new ProjectionSink.ProjectionError({
    projection: name,
    reason: SqliteDatabase.isBusy(cause) ? "Busy" : "ProjectionFailed",
    message: `Projection ${name}: ${what} failed: ${SqliteDatabase.messageOf(cause)}`,
    cause
  })

/**
 * Runs `body` in one write transaction on the connection (rolled back if it throws).
 *
 * @since 0.1.0
 */
export const transaction = <A>(db: DatabaseSync, body: () => A): A => {
  db.exec("BEGIN IMMEDIATE")
  try {
    const result = body()
    db.exec("COMMIT")
    return result
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK")
    throw error
  }
}

/**
 * Another process kept the write lock beyond the busy timeout: try again (every 20 ms, for about 30 s more)
 * rather than stop the runner.
 */
const retryWhileBusy = <A>(
  effect: Effect.Effect<A, ProjectionSink.ProjectionError>
): Effect.Effect<A, ProjectionSink.ProjectionError> =>
  Effect.retry(effect, {
    while: (error: ProjectionSink.ProjectionError) => error.reason === "Busy",
    schedule: Schedule.spaced("20 millis"),
    times: 1500
  })

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`

/**
 * Creates the projection's tables (if missing) and returns its sink. `database` is the store's database (or
 * its connection), so the read model lives in the store's file.
 *
 * @since 0.1.0
 */
export const make = (
  database: SqliteDatabase.SqliteDatabase | DatabaseSync,
  definition: Definition
): Effect.Effect<SqliteProjection, ProjectionSink.ProjectionError> =>
  Effect.try({
    try: (): SqliteProjection => {
      const db = "connection" in database ? database.connection : database
      const { name } = definition
      transaction(db, () => definition.init(db))
      const selectCheckpoint = db.prepare("SELECT position FROM projection_checkpoints WHERE name = ?")
      selectCheckpoint.setReadBigInts(true)
      const upsertCheckpoint = db.prepare(
        "INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position"
      )
      const deleteCheckpoint = db.prepare("DELETE FROM projection_checkpoints WHERE name = ?")
      const checkpointNow = (): bigint =>
        (selectCheckpoint.get(name) as { position: bigint } | undefined)?.position ?? 0n
      return {
        name,
        checkpoint: retryWhileBusy(
          Effect.try({ try: checkpointNow, catch: (cause) => projectionError(name, "checkpoint", cause) })
        ),
        apply: (events) =>
          retryWhileBusy(
            Effect.try({
              try: () => {
                const last = events.at(-1)
                if (last === undefined) return
                transaction(db, () => {
                  const checkpoint = checkpointNow()
                  const fresh = events.filter((event) => event.globalPosition > checkpoint)
                  if (fresh.length === 0) return
                  definition.apply(db, fresh)
                  upsertCheckpoint.run(name, last.globalPosition)
                })
              },
              catch: (cause) => projectionError(name, "apply", cause)
            })
          ),
        reset: retryWhileBusy(
          Effect.try({
            try: () =>
              transaction(db, () => {
                for (const table of definition.tables) db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`)
                deleteCheckpoint.run(name)
                definition.init(db)
              }),
            catch: (cause) => projectionError(name, "reset", cause)
          })
        )
      }
    },
    catch: (cause) => projectionError(definition.name, "init", cause)
  })
