/**
 * Who asks: nobody logged in, or a logged user. Policies decide from the actor and the organization's
 * team what the actor may do; the actor's role is never taken from the request, always from the state.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Ids from "../values/Ids.ts"

/**
 * Nobody is logged in.
 *
 * @since 0.1.0
 */
export const Anonymous = Schema.TaggedStruct("Anonymous", {})
/** @since 0.1.0 */
export type Anonymous = typeof Anonymous.Type

/**
 * A logged user.
 *
 * @since 0.1.0
 */
export const User = Schema.TaggedStruct("User", { userId: Ids.UserId })
/** @since 0.1.0 */
export type User = typeof User.Type

/**
 * Any actor.
 *
 * @since 0.1.0
 */
export const Actor = Schema.Union([Anonymous, User])
/** @since 0.1.0 */
export type Actor = typeof Actor.Type

/**
 * The anonymous actor.
 *
 * @since 0.1.0
 */
export const anonymous: Actor = { _tag: "Anonymous" }

/**
 * The actor for a logged user.
 *
 * @since 0.1.0
 */
export const user = (userId: Ids.UserId): Actor => ({ _tag: "User", userId })
