/**
 * One active projection runner per read model across app instances: a session advisory lock
 * (`pg_try_advisory_lock`) on a connection of its own, held for the runner's life. If the process dies or its
 * connection drops, PostgreSQL releases the lock and another instance can take the lead.
 *
 * @since 0.1.0
 */
import { ProjectionLock, ProjectionSink } from "@orga/event-store"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Pg from "pg"
import { advisoryKeyOf } from "./internal/Identifiers.ts"

/**
 * The lock: `acquire` (what `ProjectionRunner` calls) waits until it leads the projection, `tryAcquire` does not.
 *
 * @since 0.1.0
 */
export interface PostgresProjectionLock extends ProjectionLock.ProjectionLockShape<ProjectionSink.ProjectionError> {
  /**
   * Tries to become the only runner of `name`: true when this instance now holds the lock (until the scope
   * closes), false when another holder has it. Never waits.
   */
  readonly tryAcquire: (name: string) => Effect.Effect<boolean, ProjectionSink.ProjectionError, Scope.Scope>
}

/**
 * Where the locks live: the database of the store, and its schema (locks of two stores do not collide).
 *
 * @since 0.1.0
 */
export interface PostgresProjectionLockOptions {
  readonly connectionString: string
  readonly schema?: string | undefined
  /** How often `acquire` tries again while another instance leads (default 500 ms). */
  readonly retryInterval?: Duration.Input | undefined
}

const lockError = (name: string, cause: unknown): ProjectionSink.ProjectionError =>
  new ProjectionSink.ProjectionError({
    projection: name,
    reason: "Lock",
    message: `Projection lock ${name}: ${cause instanceof Error ? cause.message : String(cause)}`,
    cause
  })

/**
 * Makes the lock service.
 *
 * @since 0.1.0
 */
export const make = (options: PostgresProjectionLockOptions): PostgresProjectionLock => {
  const tryAcquire = (name: string): Effect.Effect<boolean, ProjectionSink.ProjectionError, Scope.Scope> => {
    const key = advisoryKeyOf(`orga-projection:${options.schema ?? "orga_events"}:${name}`)
    return Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const client = new Pg.Client({ connectionString: options.connectionString })
          client.on("error", () => undefined)
          await client.connect()
          try {
            const result = await client.query<{ locked: boolean }>(
              "SELECT pg_try_advisory_lock($1::bigint) AS locked",
              [key]
            )
            if (result.rows[0]?.locked === true) return client
            await client.end()
            return undefined
          } catch (error) {
            await client.end().catch(() => undefined)
            throw error
          }
        },
        catch: (cause) => lockError(name, cause)
      }),
      // Closing the session releases the lock.
      (client) => (client ? Effect.promise(() => client.end().catch(() => undefined)) : Effect.void)
    ).pipe(Effect.map((client) => client !== undefined))
  }
  const waiting = ProjectionLock.fromTryAcquire(tryAcquire, { interval: options.retryInterval })
  return { tryAcquire, acquire: waiting.acquire }
}

/**
 * The lock as the `ProjectionLock` service of `@orga/event-store`.
 *
 * @since 0.1.0
 */
export const layer = (options: PostgresProjectionLockOptions): Layer.Layer<ProjectionLock.ProjectionLock> =>
  Layer.succeed(ProjectionLock.ProjectionLock, make(options))
