/**
 * Read models kept in the store's PostgreSQL database, written in the same transaction as their checkpoint.
 *
 * A projection is a sink for the projection runner: `apply(events)` opens one transaction, locks the
 * projection's checkpoint row, skips the events at or below it (so a batch delivered twice after a crash or by
 * a second runner is not counted twice), lets the definition write its tables, moves the checkpoint, and
 * commits. A crash anywhere before the commit leaves read model and checkpoint as they were: the runner resumes
 * from the checkpoint without loss or double counting.
 *
 * @since 0.1.0
 */
import { type EventStore, ProjectionSink } from "@orga/event-store"
import * as Effect from "effect/Effect"
import type * as Pg from "pg"
import { isValidSchemaName } from "./internal/Identifiers.ts"

/**
 * A connection inside the projection's transaction.
 *
 * @since 0.1.0
 */
export type Transaction = Pick<Pg.PoolClient, "query">

/**
 * What a projection keeps in the database.
 *
 * @since 0.1.0
 */
export interface Definition {
  /** Unique name of the projection: its checkpoint row and its runner lock are keyed by it. */
  readonly name: string
  /** Creates its tables if missing (`CREATE TABLE IF NOT EXISTS ...`); runs inside a transaction. */
  readonly init: (tx: Transaction) => Promise<void>
  /** Empties its tables for a rebuild from the log (e.g. `TRUNCATE ...`); runs inside a transaction. */
  readonly clear: (tx: Transaction) => Promise<void>
  /** Folds events (in global order, all after the checkpoint) into its tables; runs inside a transaction. */
  readonly apply: (tx: Transaction, events: ReadonlyArray<EventStore.RecordedEvent>) => Promise<void>
}

/**
 * A projection sink (`ProjectionSink` of `@orga/event-store`, driven by its `ProjectionRunner`): `apply` folds the
 * events after the checkpoint and moves the checkpoint in one transaction; `reset` empties the read model.
 *
 * @since 0.1.0
 */
export type PostgresProjection = ProjectionSink.ProjectionSink<ProjectionSink.ProjectionError>

/**
 * Where the projection lives: the store's pool and schema (`PostgresEventStore.make` answers both).
 *
 * @since 0.1.0
 */
export interface Target {
  readonly pool: Pg.Pool
  readonly schema: string
}

const projectionError =
  (name: string, what: string) =>
  (cause: unknown): ProjectionSink.ProjectionError =>
    new ProjectionSink.ProjectionError({
      projection: name,
      reason: "ProjectionFailed",
      message: `Projection ${name}: ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause
    })

/**
 * Runs `body` in one transaction on a pooled connection (rolled back if it throws).
 *
 * @since 0.1.0
 */
export const transaction = async <A>(pool: Pg.Pool, body: (tx: Transaction) => Promise<A>): Promise<A> => {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query("BEGIN")
    try {
      const result = await body(client)
      await client.query("COMMIT")
      return result
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true
      })
      throw error
    }
  } catch (error) {
    broken = broken || !(error instanceof Error && "code" in error)
    throw error
  } finally {
    client.release(broken)
  }
}

/**
 * Creates the projection's tables (if missing) and its checkpoint row, and returns its sink.
 *
 * @since 0.1.0
 */
export const make = (
  target: Target,
  definition: Definition
): Effect.Effect<PostgresProjection, ProjectionSink.ProjectionError> => {
  const { pool, schema } = target
  const { name } = definition
  // The schema name is interpolated into SQL: checked as the event store checks it, before any query.
  if (!isValidSchemaName(schema))
    return Effect.fail(
      new ProjectionSink.ProjectionError({
        projection: name,
        reason: "InvalidInput",
        message: `Projection ${name}: schema name ${JSON.stringify(schema)} must match [a-z_][a-z0-9_]{0,47}`
      })
    )
  const checkpoints = `${schema}.projection_checkpoints`

  const init = Effect.tryPromise({
    try: () =>
      transaction(pool, async (tx) => {
        await definition.init(tx)
        await tx.query(`INSERT INTO ${checkpoints} (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [
          name
        ])
      }),
    catch: projectionError(name, "creating its tables")
  })

  const checkpoint = Effect.tryPromise({
    try: async () => {
      const result = await pool.query<{ position: string }>(
        `SELECT position::text AS position FROM ${checkpoints} WHERE name = $1`,
        [name]
      )
      return BigInt(result.rows[0]?.position ?? "0")
    },
    catch: projectionError(name, "reading its checkpoint")
  })

  const apply = (
    events: ReadonlyArray<EventStore.RecordedEvent>
  ): Effect.Effect<void, ProjectionSink.ProjectionError> =>
    events.length === 0
      ? Effect.void
      : Effect.tryPromise({
          try: () =>
            transaction(pool, async (tx) => {
              // The row lock serialises two runners that both think they lead; the second one skips what
              // the first one folded.
              const current = await tx.query<{ position: string }>(
                `SELECT position::text AS position FROM ${checkpoints} WHERE name = $1 FOR UPDATE`,
                [name]
              )
              const stored = BigInt(current.rows[0]?.position ?? "0")
              const fresh = events.filter((event) => event.globalPosition > stored)
              const last = fresh[fresh.length - 1]
              if (!last) return
              await definition.apply(tx, fresh)
              await tx.query(
                `INSERT INTO ${checkpoints} (name, position) VALUES ($1, $2::bigint)
                 ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
                [name, last.globalPosition.toString()]
              )
            }),
          catch: projectionError(name, "applying events")
        })

  const reset = Effect.tryPromise({
    try: () =>
      transaction(pool, async (tx) => {
        await definition.init(tx)
        await definition.clear(tx)
        await tx.query(
          `INSERT INTO ${checkpoints} (name, position) VALUES ($1, 0)
           ON CONFLICT (name) DO UPDATE SET position = 0, updated_at = now()`,
          [name]
        )
      }),
    catch: projectionError(name, "resetting")
  })

  return Effect.as(init, { name, checkpoint, apply, reset })
}
