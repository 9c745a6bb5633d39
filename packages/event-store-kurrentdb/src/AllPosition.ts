/**
 * The store's global positions: a place in KurrentDB's `$all`, the client's `{ commit, prepare }` pair, as one
 * bigint, so that it can be kept, compared and passed around like any store's positions without ever going
 * through `number`.
 *
 * Both halves are unsigned 64-bit numbers on the server; the encoding is `commit * 2^64 + prepare` (a bigint
 * below 2^128, exact at any size), which orders positions as `$all` orders events (by commit, then prepare):
 * strictly increasing in commit order, with gaps (positions are byte offsets in the server's log, not counts).
 * Users must treat them as opaque: keep them as checkpoints, compare them, never compute with them. `0n` is
 * "before everything" (no event has it: the server's first records are its own).
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
 * The global position of a client position; `undefined` for one outside the server's range.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encode = (position: Position): bigint | undefined =>
  isEncodable(position) ? (position.commit << width) | position.prepare : undefined

/**
 * The client position of a global position; `undefined` for a bigint no position encodes to.
 *
 * @category getters
 * @since 0.1.0
 */
export const decode = (cursor: bigint): Position | undefined =>
  cursor < 0n || cursor >= limit * limit ? undefined : { commit: cursor >> width, prepare: cursor & (limit - 1n) }
