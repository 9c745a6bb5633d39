/**
 * The decider: the shape every aggregate of the domain takes (Emmett's initialState / evolve / decide).
 *
 * `decide` is a pure function of a command and the current state: it returns the events to append, or a
 * typed error, and never throws. `evolve` folds one event into the state and is total: any event history
 * rebuilds a state. Time, ids and randomness arrive inside commands, never from the environment.
 *
 * @since 0.1.0
 */
import type * as Result from "effect/Result"

/**
 * A pure decision model over commands `C`, state `S`, events `E` and errors `Err`.
 *
 * @since 0.1.0
 */
export interface Decider<in C, in out S, in out E, out Err> {
  readonly initialState: S
  readonly evolve: (state: S, event: E) => S
  readonly decide: (command: C, state: S) => Result.Result<ReadonlyArray<E>, Err>
}

/**
 * Folds an event history into a state, starting from the decider's initial state.
 *
 * @since 0.1.0
 */
export const fold = <C, S, E, Err>(decider: Decider<C, S, E, Err>, events: Iterable<E>): S => {
  let state = decider.initialState
  for (const event of events) state = decider.evolve(state, event)
  return state
}

/**
 * Decides a command against a history: the state is rebuilt from `history`, then `decide` runs.
 *
 * @since 0.1.0
 */
export const decideFrom = <C, S, E, Err>(
  decider: Decider<C, S, E, Err>,
  history: Iterable<E>,
  command: C
): Result.Result<ReadonlyArray<E>, Err> => decider.decide(command, fold(decider, history))

/**
 * A pure view (fmodel's "view"): a read model folded from events, beside the deciders.
 *
 * @since 0.1.0
 */
export interface Projection<in out S, in E> {
  readonly initialState: S
  readonly evolve: (state: S, event: E) => S
}

/**
 * Folds an event history through a projection.
 *
 * @since 0.1.0
 */
export const project = <S, E>(projection: Projection<S, E>, events: Iterable<E>): S => {
  let state = projection.initialState
  for (const event of events) state = projection.evolve(state, event)
  return state
}
