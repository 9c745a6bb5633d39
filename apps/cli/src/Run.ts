/**
 * What every command handler shares: the library's services over the store of the environment, and the
 * `Command.withExamples` shape of `orga …` examples.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Store from "./Store.ts"

/**
 * The library's services of `Store.orga()`.
 *
 * @category models
 * @since 0.1.0
 */
export type OrgaServices = Layer.Success<ReturnType<typeof Store.orga>>

/**
 * The library's services built once for several commands (`orga batch`: one set of read models, and the SIECLE
 * previews' plans, which live in the process, ADR 0052); none for a single command, which builds its own.
 *
 * @category services
 * @since 0.1.0
 */
export const SharedOrga = Context.Reference<Context.Context<OrgaServices> | undefined>("@orga/cli/SharedOrga", {
  defaultValue: () => undefined
})

/**
 * Runs a handler with the library's services: the shared ones in `orga batch`, otherwise its own (the read
 * models are rebuilt from the store first).
 *
 * @category combinators
 * @since 0.1.0
 */
export const withOrga = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(SharedOrga, (shared) =>
    shared === undefined ? Effect.provide(effect, Store.orga()) : Effect.provide(effect, shared)
  )

/**
 * Help examples, with their French description.
 *
 * @category constructors
 * @since 0.1.0
 */
export const examples = (...pairs: ReadonlyArray<readonly [command: string, description: string]>) =>
  pairs.map(([command, description]) => ({ command, description }))
