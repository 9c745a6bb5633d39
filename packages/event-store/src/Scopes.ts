/**
 * What every adapter shares about scopes (see `EventStore`'s module documentation): which scope an event has,
 * the error of a store made without a scope key, and a page size as a count.
 *
 * @since 0.1.0
 */
import { EventStoreError } from "./EventStoreError.ts"

/**
 * The scope of an event: the string its metadata holds at `scopeKey`, or undefined (no key, no value, or a value
 * that is not a string: only strings partition the log, so a number and its text never share a scope).
 *
 * @category getters
 * @since 0.1.0
 */
export const scopeOf = (
  metadata: Readonly<Record<string, unknown>> | undefined,
  scopeKey: string | undefined
): string | undefined => {
  if (scopeKey === undefined || metadata === undefined) return undefined
  const value = metadata[scopeKey]
  return typeof value === "string" ? value : undefined
}

/**
 * The error of `readScope` on a store made without a `scopeKey`: it has no index to read, and answering an empty
 * page would say "nothing happened" where the truth is "not recorded".
 *
 * @category errors
 * @since 0.1.0
 */
export const notIndexed = (): EventStoreError =>
  new EventStoreError({
    reason: "ScopeNotIndexed",
    message: "This event store was made without a scopeKey: it keeps no index of events by scope"
  })

/**
 * A page's `maxCount` as a whole count: 0 for zero, negative or NaN, the floor otherwise (Infinity stays).
 *
 * @category getters
 * @since 0.1.0
 */
export const countOf = (maxCount: number): number =>
  Number.isNaN(maxCount) || maxCount <= 0 ? 0 : Math.floor(maxCount)

/**
 * Whether a scope key can be used: a letter or `_`, then letters, digits and `_`, 64 at most (the SQLite store puts
 * it in a JSON path; every store checks it alike).
 *
 * @category guards
 * @since 0.1.0
 */
export const isValidKey = (key: string): boolean => /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)

/**
 * The error of a scope key that {@link isValidKey} refuses.
 *
 * @category errors
 * @since 0.1.0
 */
export const invalidKey = (key: string): EventStoreError =>
  new EventStoreError({
    reason: "InvalidInput",
    message: `The scope key ${JSON.stringify(key)} must match [A-Za-z_][A-Za-z0-9_]{0,63}`
  })
