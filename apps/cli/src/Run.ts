/**
 * What every command handler shares: the library's services over the store of the environment, and the
 * `Command.withExamples` shape of `orga …` examples.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Store from "./Store.ts"

/**
 * Runs a handler with the library's services (the read models are rebuilt from the store first).
 *
 * @category combinators
 * @since 0.1.0
 */
export const withOrga = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => Effect.provide(effect, Store.orga()))

/**
 * Help examples, with their French description.
 *
 * @category constructors
 * @since 0.1.0
 */
export const examples = (...pairs: ReadonlyArray<readonly [command: string, description: string]>) =>
  pairs.map(([command, description]) => ({ command, description }))
