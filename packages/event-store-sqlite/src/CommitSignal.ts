/**
 * Wakes readers (subscriptions, `awaitPosition`) when something may have been committed: right after each
 * commit of this process's writer, and at the latest after a poll interval, since other processes writing
 * to the same file cannot signal this one.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"

/**
 * A commit counter with waiters.
 *
 * @since 0.1.0
 */
export interface CommitSignal {
  /** Increases at every commit of this process; read it before a read, then wait with it. */
  readonly generation: () => number
  /** Signals a commit: wakes every waiter. */
  readonly notify: () => void
  /**
   * Completes once the generation moves past `seen` (at once if it already has), or after `pollMillis`
   * (for commits made by other processes).
   */
  readonly wait: (seen: number, pollMillis: number) => Effect.Effect<void>
}

/**
 * Creates a signal.
 *
 * @since 0.1.0
 */
export const make = (): CommitSignal => {
  let generation = 0
  const waiters = new Set<() => void>()
  return {
    generation: () => generation,
    notify: () => {
      generation++
      const woken = [...waiters]
      waiters.clear()
      for (const wake of woken) wake()
    },
    wait: (seen, pollMillis) =>
      Effect.callback<void>((resume) => {
        if (generation !== seen) {
          resume(Effect.void)
          return
        }
        const wake = () => {
          clearTimeout(timer)
          waiters.delete(wake)
          resume(Effect.void)
        }
        const timer = setTimeout(wake, pollMillis)
        waiters.add(wake)
        return Effect.sync(() => {
          clearTimeout(timer)
          waiters.delete(wake)
        })
      })
  }
}
