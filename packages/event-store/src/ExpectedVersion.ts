/**
 * Expected version: the optimistic-concurrency check of an append.
 *
 * Versions count events: 0 is an empty (or missing) stream, n is a stream holding n events. Every adapter
 * enforces all four cases; in particular `noStream` on a stream that has events fails.
 *
 * @since 0.1.0
 */

/**
 * What the caller expects of a stream's version before its append.
 *
 * @since 0.1.0
 */
export type ExpectedVersion =
  | { readonly _tag: "Any" }
  | { readonly _tag: "NoStream" }
  | { readonly _tag: "StreamExists" }
  | { readonly _tag: "Exact"; readonly version: bigint }

/** No check at all. @since 0.1.0 */
export const any: ExpectedVersion = { _tag: "Any" }

/** The stream must have no event. @since 0.1.0 */
export const noStream: ExpectedVersion = { _tag: "NoStream" }

/** The stream must have at least one event. @since 0.1.0 */
export const streamExists: ExpectedVersion = { _tag: "StreamExists" }

/** The stream must hold exactly `version` events (`exact(0n)` means empty). @since 0.1.0 */
export const exact = (version: bigint | number): ExpectedVersion => ({ _tag: "Exact", version: BigInt(version) })

/**
 * Whether a stream currently at `actual` (0n when empty or missing) satisfies the expectation.
 *
 * @since 0.1.0
 */
export const isSatisfiedBy = (expected: ExpectedVersion, actual: bigint): boolean => {
  switch (expected._tag) {
    case "Any":
      return true
    case "NoStream":
      return actual === 0n
    case "StreamExists":
      return actual > 0n
    case "Exact":
      return actual === expected.version
  }
}

/**
 * A short human description, for error messages: `any`, `noStream`, `streamExists`, `exact(3)`.
 *
 * @since 0.1.0
 */
export const describe = (expected: ExpectedVersion): string =>
  expected._tag === "Exact"
    ? `exact(${expected.version})`
    : expected._tag === "Any"
      ? "any"
      : expected._tag === "NoStream"
        ? "noStream"
        : "streamExists"
