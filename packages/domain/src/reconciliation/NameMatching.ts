/**
 * Matching the names a student types against the learners of an organization (§5.4, Pix's
 * `findMatchingCandidateIdForGivenUser`).
 *
 * Names are normalised (accents, case, spaces and punctuation do not count), then compared with the
 * Levenshtein distance divided by the typed name's length. A first pass asks for exact equality, a second
 * tolerates a ratio of 0.25. In each pass the given-name slots are tried in order firstName → middleName →
 * thirdName; a slot wins when exactly one learner matches both the given name and the last name (or the
 * preferred last name). Several learners in a slot never match: the slot is skipped, and a tie everywhere
 * gives no match.
 *
 * @since 0.1.0
 */
import * as Levenshtein from "./Levenshtein.ts"

/**
 * The highest tolerated ratio of edits to the typed name's length (`LEVENSHTEIN_DISTANCE_MAX_RATE`).
 *
 * @since 0.1.0
 */
export const maxDistanceRate = 0.25

/**
 * The passes, in order: exact (after normalisation), then tolerant.
 *
 * @since 0.1.0
 */
export const passes: ReadonlyArray<number> = [0, maxDistanceRate]

/**
 * Normalises a name: trimmed, lower-cased, accents removed (NFD then combining marks dropped), every
 * whitespace removed, then every character outside `[a-z0-9]` removed (hyphens, apostrophes, `~`…).
 *
 * @since 0.1.0
 */
export const normalize = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s/g, "")
    .replace(/[^a-z0-9 ]/g, "")

/**
 * The names of a learner that matching looks at (personal data: never logged, never stored by matching).
 *
 * @since 0.1.0
 */
export interface Candidate {
  readonly id: string
  readonly firstName: string
  readonly middleName?: string | null | undefined
  readonly thirdName?: string | null | undefined
  readonly lastName: string
  readonly preferredLastName?: string | null | undefined
}

/**
 * What the student typed.
 *
 * @since 0.1.0
 */
export interface TypedNames {
  readonly firstName: string
  readonly lastName: string
}

/**
 * The given-name slots, in priority order.
 *
 * @since 0.1.0
 */
export const givenNameSlots = ["firstName", "middleName", "thirdName"] as const

/**
 * Whether a typed name is close enough to a reference name at the given ratio (both normalised).
 *
 * @since 0.1.0
 */
export const isCloseEnough = (typed: string, reference: string, maxRate: number): boolean => {
  const normalizedReference = normalize(reference)
  if (normalizedReference === "") return false
  return Levenshtein.ratio(normalize(typed), normalizedReference) <= maxRate
}

const present = (name: string | null | undefined): name is string =>
  name !== null && name !== undefined && name.trim() !== ""

const lastNameMatches = (candidate: Candidate, typedLastName: string, maxRate: number): boolean =>
  [candidate.lastName, candidate.preferredLastName]
    .filter(present)
    .some((name) => isCloseEnough(typedLastName, name, maxRate))

/**
 * How a candidate won: the pass's ratio and the given-name slot.
 *
 * @since 0.1.0
 */
export interface Match {
  readonly id: string
  readonly maxRate: number
  readonly slot: (typeof givenNameSlots)[number]
}

/**
 * Finds the one candidate the typed names designate, or `undefined` (no candidate, or a tie).
 *
 * @since 0.1.0
 */
export const findMatch = (candidates: ReadonlyArray<Candidate>, typed: TypedNames): Match | undefined => {
  for (const maxRate of passes) {
    for (const slot of givenNameSlots) {
      const matching = candidates.filter((candidate) => {
        const givenName = candidate[slot]
        return (
          present(givenName) &&
          isCloseEnough(typed.firstName, givenName, maxRate) &&
          lastNameMatches(candidate, typed.lastName, maxRate)
        )
      })
      if (matching.length === 1) return { id: matching[0]!.id, maxRate, slot }
    }
  }
  return undefined
}

/**
 * The id of the one candidate the typed names designate, or `null`.
 *
 * @since 0.1.0
 */
export const findMatchingCandidateId = (candidates: ReadonlyArray<Candidate>, typed: TypedNames): string | null =>
  findMatch(candidates, typed)?.id ?? null
