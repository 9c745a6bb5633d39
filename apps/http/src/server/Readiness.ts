/**
 * What `/ready` asks: each probe checks that a store the app needs answers (the event store, the sessions
 * database). Liveness (`/health`) asks nothing: a process that answers is alive.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * A named check; it fails (or does not answer within the timeout) when its store is not ready.
 *
 * @category models
 * @since 0.1.0
 */
export interface Probe {
  readonly name: string
  readonly check: Effect.Effect<void, unknown>
}

/**
 * The probes of the running app.
 *
 * @category services
 * @since 0.1.0
 */
export class Readiness extends Context.Service<Readiness, ReadonlyArray<Probe>>()("@orga/http/Readiness") {}

/**
 * Provides the given probes.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (probes: ReadonlyArray<Probe>): Layer.Layer<Readiness> => Layer.succeed(Readiness, probes)

/**
 * Runs every probe (in parallel, each within `timeoutMillis`) and lists those that failed by name.
 *
 * @category combinators
 * @since 0.1.0
 */
export const failing = (probes: ReadonlyArray<Probe>, timeoutMillis = 2000): Effect.Effect<ReadonlyArray<string>> =>
  Effect.forEach(
    probes,
    (probe) =>
      probe.check.pipe(
        Effect.timeout(timeoutMillis),
        Effect.match({ onFailure: () => [probe.name], onSuccess: () => [] }),
        Effect.catchDefect(() => Effect.succeed([probe.name]))
      ),
    { concurrency: "unbounded" }
  ).pipe(Effect.map((lists) => lists.flat()))
