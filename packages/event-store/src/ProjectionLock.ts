/**
 * One active runner per projection: a runner holds its projection's lock for as long as it runs.
 *
 * The in-memory lock (a semaphore per name) serves one process; adapters provide locks that span
 * processes (a lock file for SQLite, an advisory lock for PostgreSQL).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import type { ProjectionError } from "./ProjectionSink.ts"

/**
 * Takes a projection's lock.
 *
 * @since 0.1.0
 */
export interface ProjectionLockShape<E = ProjectionError> {
  /**
   * Waits until the lock of `name` is free, takes it, and releases it when the scope closes. What it
   * answers (a lease, nothing) is the adapter's business.
   */
  readonly acquire: (name: string) => Effect.Effect<unknown, E, Scope.Scope>
}

/**
 * The projection lock service.
 *
 * @since 0.1.0
 */
export class ProjectionLock extends Context.Service<ProjectionLock, ProjectionLockShape>()(
  "@orga/event-store/ProjectionLock"
) {}

/**
 * An in-process lock: one semaphore of one permit per projection name.
 *
 * @since 0.1.0
 */
export const makeMemory = (): ProjectionLockShape => {
  const semaphores = new Map<string, Semaphore.Semaphore>()
  return {
    acquire: (name) =>
      Effect.suspend(() => {
        let semaphore = semaphores.get(name)
        if (semaphore === undefined) {
          semaphore = Semaphore.makeUnsafe(1)
          semaphores.set(name, semaphore)
        }
        return Semaphore.takeScoped(semaphore, 1)
      })
  }
}

/**
 * A waiting lock from a lock that only tries (e.g. `pg_try_advisory_lock`): tries again every `interval`
 * (default 500 ms) until it holds the lock. `tryAcquire` answers whether it got it (anything but `false`
 * or `undefined` counts as held) and releases it with the scope.
 *
 * @since 0.1.0
 */
export const fromTryAcquire = <E>(
  tryAcquire: (name: string) => Effect.Effect<unknown, E, Scope.Scope>,
  options: { readonly interval?: Duration.Input | undefined } = {}
): ProjectionLockShape<E> => ({
  acquire: (name) => {
    const attempt: Effect.Effect<unknown, E, Scope.Scope> = tryAcquire(name).pipe(
      Effect.flatMap((held) =>
        held === false || held === undefined
          ? Effect.sleep(options.interval ?? Duration.millis(500)).pipe(Effect.flatMap(() => attempt))
          : Effect.succeed(held)
      )
    )
    return attempt
  }
})

/**
 * A layer providing an in-process `ProjectionLock`.
 *
 * @since 0.1.0
 */
export const layerMemory: Layer.Layer<ProjectionLock> = Layer.sync(ProjectionLock, makeMemory)
