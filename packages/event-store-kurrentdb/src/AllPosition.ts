/**
 * A place in KurrentDB's `$all`: the client's `{ commit, prepare }` pair as one opaque bigint, so that it can
 * be kept, compared and passed around like the port's positions without ever going through `number`.
 *
 * The store's global positions are its own consecutive numbers (see `KurrentEventStore`); this cursor is
 * where the store resumes its reads and subscriptions in `$all`. Both halves are unsigned 64-bit numbers on
 * the server; the encoding is `commit * 2^64 + prepare`, which orders cursors as `$all` orders events (by
 * commit, then prepare).
 *
 * @since 0.1.0
 */
import type { Position } from "@kurrent/kurrentdb-client"

const width = 64n
const limit = 1n << width

/**
 * Whether a client position fits the encoding (both halves within 0 .. 2^64 - 1).
 *
 * @category guards
 * @since 0.1.0
 */
export const isEncodable = (position: Position): boolean =>
  position.commit >= 0n && position.commit < limit && position.prepare >= 0n && position.prepare < limit

/**
 * The cursor of a client position; `undefined` for one outside the server's range.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encode = (position: Position): bigint | undefined =>
  isEncodable(position) ? (position.commit << width) | position.prepare : undefined

/**
 * The client position of a cursor; `undefined` for a bigint no position encodes to.
 *
 * @category getters
 * @since 0.1.0
 */
export const decode = (cursor: bigint): Position | undefined =>
  cursor < 0n || cursor >= limit * limit ? undefined : { commit: cursor >> width, prepare: cursor & (limit - 1n) }
