/**
 * Given / when / then specifications for deciders and projections (Emmett's style):
 *
 * ```ts
 * DeciderSpecification.for(OrganizationDecider.decider)
 *   .given([registered, adminJoined])
 *   .when(inviteCommand)
 *   .then([memberInvited])
 * ```
 *
 * A failed expectation throws an `Error` with both sides printed, which every test runner reports; this is
 * test support, the domain itself never throws. Events are compared structurally (key order ignored).
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type { Decider, Projection } from "../Decider.ts"
import { fold, project } from "../Decider.ts"

/**
 * A stable text of a value: object keys sorted, maps and sets as sorted entries, so that two structurally
 * equal values print the same.
 *
 * @since 0.1.0
 */
export const canonical = (value: unknown): string => JSON.stringify(normalise(value))

const normalise = (value: unknown): unknown => {
  if (value instanceof Map || isMapLike(value))
    return { "~map": [...value.entries()].map(([k, v]) => [normalise(k), normalise(v)]).sort(byText) }
  if (value instanceof Set) return { "~set": [...value].map(normalise).sort(byText) }
  if (Array.isArray(value)) return value.map(normalise)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = normalise((value as Record<string, unknown>)[key])
    return out
  }
  return value
}

// Any ReadonlyMap (such as the roster's persistent maps) compares by its entries.
const isMapLike = (value: unknown): value is ReadonlyMap<unknown, unknown> =>
  value !== null &&
  typeof value === "object" &&
  typeof (value as ReadonlyMap<unknown, unknown>).entries === "function" &&
  typeof (value as ReadonlyMap<unknown, unknown>).get === "function" &&
  typeof (value as ReadonlyMap<unknown, unknown>).has === "function"

const byText = (a: unknown, b: unknown): number => {
  const x = JSON.stringify(a)
  const y = JSON.stringify(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Whether two values are structurally equal (see {@link canonical}).
 *
 * @since 0.1.0
 */
export const structurallyEqual = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b)

const fail = (what: string, expected: unknown, actual: unknown): never => {
  throw new Error(`${what}\nexpected: ${canonical(expected)}\nactual:   ${canonical(actual)}`)
}

/**
 * What a specification can assert once the command is given.
 *
 * @since 0.1.0
 */
export interface Then<E, Err> {
  /** The command decides exactly these events. */
  readonly then: (expected: ReadonlyArray<E>) => void
  /** The command decides no event (and no error). */
  readonly thenNothing: () => void
  /** The command fails with this code (and, if given, this error tag, meta and message). */
  readonly thenFails: (
    code: string,
    expected?: { readonly tag?: string; readonly meta?: Record<string, unknown>; readonly message?: string }
  ) => Err
  /** The raw decision, for custom checks. */
  readonly result: () => Result.Result<ReadonlyArray<E>, Err>
}

/**
 * A decider specification.
 *
 * @since 0.1.0
 */
export interface DeciderSpec<C, S, E, Err> {
  /**
   * The events a run of commands decides, each command on the history before it: a history told by the
   * commands that made it (a shared participation is easier to read as join, outcome, share than as its
   * events). Throws if one of them fails.
   */
  readonly decided: (commands: ReadonlyArray<C>) => ReadonlyArray<E>
  readonly given: (events: ReadonlyArray<E>) => {
    readonly when: (command: C) => Then<E, Err>
    /** The state the given events fold into. */
    readonly state: () => S
  }
}

/**
 * Starts a specification for a decider.
 *
 * @since 0.1.0
 */
export const forDecider = <C, S, E, Err extends { readonly _tag: string; readonly code: string }>(
  decider: Decider<C, S, E, Err>
): DeciderSpec<C, S, E, Err> => ({
  decided: (commands) => {
    const history: Array<E> = []
    for (const command of commands) {
      const result = decider.decide(command, fold(decider, history))
      if (Result.isFailure(result)) fail("a command of the history failed", command, result.failure)
      else history.push(...result.success)
    }
    return history
  },
  given: (events) => ({
    state: () => fold(decider, events),
    when: (command) => {
      const result = () => decider.decide(command, fold(decider, events))
      return {
        result,
        // biome-ignore lint/suspicious/noThenProperty: Emmett's given/when/then spelling; these objects are never awaited
        then: (expected) => {
          const actual = result()
          if (Result.isFailure(actual)) fail("the command failed", expected, actual.failure)
          else if (!structurallyEqual(actual.success, expected))
            fail("other events were decided", expected, actual.success)
        },
        thenNothing: () => {
          const actual = result()
          if (Result.isFailure(actual)) fail("the command failed", [], actual.failure)
          else if (actual.success.length !== 0) fail("events were decided", [], actual.success)
        },
        thenFails: (code, expected) => {
          const actual = result()
          if (Result.isSuccess(actual)) return fail(`the command succeeded, expected ${code}`, code, actual.success)
          const error = actual.failure
          if (error.code !== code) fail("another error code", code, error)
          if (expected?.tag !== undefined && error._tag !== expected.tag) fail("another error tag", expected.tag, error)
          const withDetails = error as unknown as { meta?: unknown; message?: unknown }
          if (expected?.meta !== undefined && !structurallyEqual(withDetails.meta, expected.meta))
            fail("another error meta", expected.meta, withDetails.meta)
          if (expected?.message !== undefined && withDetails.message !== expected.message)
            fail("another error message", expected.message, withDetails.message)
          return error
        }
      }
    }
  })
})

/**
 * A projection specification: given events, then the read model.
 *
 * @since 0.1.0
 */
export interface ProjectionSpec<S, E> {
  readonly given: (events: ReadonlyArray<E>) => {
    readonly then: (expected: S) => void
    readonly thenMatches: (check: (state: S) => boolean) => void
    readonly state: () => S
  }
}

/**
 * Starts a specification for a projection.
 *
 * @since 0.1.0
 */
export const forProjection = <S, E>(projection: Projection<S, E>): ProjectionSpec<S, E> => ({
  given: (events) => ({
    state: () => project(projection, events),
    // biome-ignore lint/suspicious/noThenProperty: Emmett's given/when/then spelling; these objects are never awaited
    then: (expected) => {
      const actual = project(projection, events)
      if (!structurallyEqual(actual, expected)) fail("the read model differs", expected, actual)
    },
    thenMatches: (check) => {
      const actual = project(projection, events)
      if (!check(actual)) fail("the read model does not match", "a state passing the check", actual)
    }
  })
})

/**
 * `DeciderSpecification.for(decider)`: Emmett's spelling.
 *
 * @since 0.1.0
 */
export const DeciderSpecification = { for: forDecider }

/**
 * `ProjectionSpecification.for(projection)`.
 *
 * @since 0.1.0
 */
export const ProjectionSpecification = { for: forProjection }
