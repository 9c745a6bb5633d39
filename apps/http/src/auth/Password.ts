/**
 * Password hashing: argon2id (`@node-rs/argon2`, a prebuilt binary) with OWASP's parameters, a constant-time
 * comparison, and rehash-on-login when the parameters change (docs/adr/0037-password-hashing.md).
 *
 * A stored hash is a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`): it carries its own parameters, so
 * raising them later needs no migration: `verify` says when a stored hash was made with other parameters and gives
 * the new hash to store. Verification recomputes the raw hash with the stored salt and parameters and compares the
 * bytes with `timingSafeEqual`.
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import * as Argon2 from "@node-rs/argon2"
import * as Effect from "effect/Effect"

/**
 * The cost parameters of a hash.
 *
 * @category models
 * @since 0.1.0
 */
export interface Parameters {
  /** Memory in KiB (`m`). */
  readonly memoryCost: number
  /** Passes over the memory (`t`). */
  readonly timeCost: number
  /** Lanes (`p`). */
  readonly parallelism: number
  /** Bytes of output. */
  readonly outputLen: number
}

/**
 * Today's parameters: OWASP's first argon2id configuration (19 MiB, 2 passes, 1 lane), ~50 ms per hash here.
 *
 * @category getters
 * @since 0.1.0
 */
export const current: Parameters = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 }

/**
 * The longest password accepted, in characters: argon2 takes any length, but hashing a megabyte per request would
 * be a cheap denial of service.
 *
 * @category getters
 * @since 0.1.0
 */
export const maxLength = 256

/**
 * The outcome of a verification: valid or not, and when valid with old parameters the hash to store instead.
 *
 * @category models
 * @since 0.1.0
 */
export type Verification = { readonly valid: false } | { readonly valid: true; readonly rehashed: string | undefined }

/**
 * Hashes a password with fresh random salt.
 *
 * @category constructors
 * @since 0.1.0
 */
export const hash = (password: string, parameters: Parameters = current): Effect.Effect<string> =>
  Effect.promise(() => Argon2.hash(password, { ...parameters }))

interface Parsed {
  readonly parameters: Parameters
  readonly salt: Buffer
  readonly hash: Buffer
}

const phc = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

/** The parameters, salt and hash of a stored argon2id PHC string, or undefined when it is not one. */
const parse = (stored: string): Parsed | undefined => {
  const match = phc.exec(stored)
  if (match === null) return undefined
  const [, m, t, p, salt = "", digest = ""] = match
  const hashBytes = Buffer.from(digest, "base64")
  return {
    parameters: { memoryCost: Number(m), timeCost: Number(t), parallelism: Number(p), outputLen: hashBytes.length },
    salt: Buffer.from(salt, "base64"),
    hash: hashBytes
  }
}

const sameParameters = (a: Parameters, b: Parameters): boolean =>
  a.memoryCost === b.memoryCost &&
  a.timeCost === b.timeCost &&
  a.parallelism === b.parallelism &&
  a.outputLen === b.outputLen

/**
 * Whether a stored hash was made with other parameters than `parameters` (or is not an argon2id hash).
 *
 * @category guards
 * @since 0.1.0
 */
export const needsRehash = (stored: string, parameters: Parameters = current): boolean => {
  const parsed = parse(stored)
  return parsed === undefined || !sameParameters(parsed.parameters, parameters)
}

/**
 * Checks a password against a stored hash in constant time; when it matches and the hash was made with other
 * parameters, also hashes it anew with `parameters` (store `rehashed` in place of the old hash).
 * A stored value that is not an argon2id hash never matches.
 *
 * @category combinators
 * @since 0.1.0
 */
export const verify = (
  stored: string,
  password: string,
  parameters: Parameters = current
): Effect.Effect<Verification> => {
  const parsed = parse(stored)
  if (parsed === undefined || password.length > maxLength) return Effect.succeed({ valid: false })
  return Effect.promise(() => Argon2.hashRaw(password, { ...parsed.parameters, salt: parsed.salt })).pipe(
    Effect.flatMap((computed) => {
      const valid = computed.length === parsed.hash.length && timingSafeEqual(computed, parsed.hash)
      if (!valid) return Effect.succeed<Verification>({ valid: false })
      if (sameParameters(parsed.parameters, parameters))
        return Effect.succeed<Verification>({ valid: true, rehashed: undefined })
      return hash(password, parameters).pipe(Effect.map((rehashed): Verification => ({ valid: true, rehashed })))
    })
  )
}

/** A hash of a password nobody has, made once: sign-in against an unknown account still pays one hash. */
let decoy: Promise<string> | undefined

/**
 * Spends the time of one verification and answers invalid: used when the account does not exist, so the answer's
 * timing does not tell which e-mails or usernames have an account.
 *
 * @category combinators
 * @since 0.1.0
 */
export const verifyNothing = (password: string): Effect.Effect<Verification> =>
  Effect.promise(() => {
    decoy ??= Argon2.hash("decoy: no account has this password", { ...current })
    return decoy
  }).pipe(
    Effect.flatMap((stored) => verify(stored, password)),
    Effect.as({ valid: false } as const)
  )
