/**
 * One active runner per projection: a runner holds its projection's lock for as long as it runs.
 *
 * The in-memory lock (a semaphore per name) serves one process; adapters provide locks that span
 * processes (a lock file for SQLite, an advisory lock for PostgreSQL).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
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
export interface ProjectionLockShape {
  /** Waits until the lock of `name` is free, takes it, and releases it when the scope closes. */
  readonly acquire: (name: string) => Effect.Effect<void, ProjectionError, Scope.Scope>
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
 * A layer providing an in-process `ProjectionLock`.
 *
 * @since 0.1.0
 */
export const layerMemory: Layer.Layer<ProjectionLock> = Layer.sync(ProjectionLock, makeMemory)
