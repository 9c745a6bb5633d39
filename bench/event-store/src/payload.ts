/**
 * The event payload of the benchmark.
 */

/** The fields every benchmark event carries (a learner import, as the domain writes them). */
export type Payload = {
  readonly learner: string
  readonly firstName: string
  readonly lastName: string
  readonly division: string
  readonly n: number
}

/** A payload numbered `n` (replays sum `n` as a checksum). */
export const payload = (n: number): Payload => ({
  learner: "0123456789A",
  firstName: "Camille",
  lastName: "Martin",
  division: "3e B",
  n
})
