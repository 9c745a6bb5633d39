/**
 * Drawing campaign codes (§4.3): 6 letters from a 23-letter "safe" alphabet (no I, L, O) then 3 digits from 2-9
 * (no 0, 1), e.g. `ABCDEF234`.
 *
 * The domain draws no random number: {@link generate} is a pure function of a random source the caller gives,
 * and uniqueness is kept by the code reservation stream (`campaign-code-<CODE>`), so the use case draws again
 * when a reservation conflicts.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as DomainError from "../DomainError.ts"
import * as CampaignCode from "../values/CampaignCode.ts"
import * as CampaignError from "./CampaignError.ts"

/**
 * The 23 letters a generated code may hold: A-Z without I, L and O.
 *
 * @since 0.1.0
 */
export const letters = CampaignCode.generatedLetters

/**
 * The 8 digits a generated code may hold: 2-9.
 *
 * @since 0.1.0
 */
export const digits = CampaignCode.generatedDigits

/**
 * A source of random integers: `(bound) => n` with `0 <= n < bound`. The caller gives it (e.g. built on
 * `crypto.randomInt`); tests give a deterministic one.
 *
 * @since 0.1.0
 */
export type RandomSource = (bound: number) => number

/**
 * Turns a list of integers into a random source (each draw takes the next integer modulo the bound), so a
 * command can carry its draws as plain data. Past the end of the list it starts again from the beginning.
 *
 * @since 0.1.0
 */
export const fromDraws = (draws: ReadonlyArray<number>): RandomSource => {
  let index = 0
  return (bound) => {
    const draw = draws.length === 0 ? 0 : (draws[index++ % draws.length] ?? 0)
    const n = Math.trunc(Math.abs(draw)) % bound
    return Number.isFinite(n) ? n : 0
  }
}

const pick = (alphabet: string, random: RandomSource): string => {
  const raw = random(alphabet.length)
  // A misbehaving source must not produce an out-of-alphabet character: fold it into range.
  const index = Number.isFinite(raw) ? ((Math.trunc(raw) % alphabet.length) + alphabet.length) % alphabet.length : 0
  return alphabet.charAt(index)
}

/**
 * Draws a code: 6 letters then 3 digits, each drawn uniformly with the given source.
 *
 * @since 0.1.0
 */
export const generate = (random: RandomSource): CampaignCode.CampaignCode => {
  let code = ""
  for (let i = 0; i < 6; i++) code += pick(letters, random)
  for (let i = 0; i < 3; i++) code += pick(digits, random)
  return code as CampaignCode.CampaignCode
}

/**
 * Draws codes until one is not taken (`isTaken` knows the codes already reserved, e.g. in the same batch);
 * gives up after `maxAttempts` draws with `CAMPAIGN_CODE_NOT_UNIQUE`.
 *
 * @since 0.1.0
 */
export const generateAvailable = (
  random: RandomSource,
  isTaken: (code: CampaignCode.CampaignCode) => boolean,
  maxAttempts = 100
): Result.Result<CampaignCode.CampaignCode, DomainError.DomainError> => {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const code = generate(random)
    if (!isTaken(code)) return Result.succeed(code)
  }
  return Result.fail(CampaignError.codeNotUnique(undefined))
}
