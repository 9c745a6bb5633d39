import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as Password from "../src/auth/Password.ts"

const run = Effect.runPromise
const weaker: Password.Parameters = { memoryCost: 8192, timeCost: 1, parallelism: 1, outputLen: 32 }

describe("Password", () => {
  it("hashes with argon2id and today's parameters, a fresh salt each time", async () => {
    const a = await run(Password.hash("Élève-2026 !"))
    const b = await run(Password.hash("Élève-2026 !"))
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(a).not.toBe(b)
    expect(Password.needsRehash(a)).toBe(false)
  })

  it("accepts the right password and refuses a wrong one, a near one, an empty one", async () => {
    const stored = await run(Password.hash("Élève-2026 !"))
    expect(await run(Password.verify(stored, "Élève-2026 !"))).toEqual({ valid: true, rehashed: undefined })
    for (const wrong of ["eleve-2026 !", "Élève-2026 ", "", "Élève-2026 !!"])
      expect(await run(Password.verify(stored, wrong))).toEqual({ valid: false })
  })

  it("rehashes on login when the stored hash was made with other parameters", async () => {
    const old = await run(Password.hash("secret-de-prof", weaker))
    expect(Password.needsRehash(old)).toBe(true)
    const verification = await run(Password.verify(old, "secret-de-prof"))
    expect(verification.valid).toBe(true)
    const rehashed = verification.valid ? verification.rehashed : undefined
    expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await run(Password.verify(rehashed!, "secret-de-prof"))).toEqual({ valid: true, rehashed: undefined })
    // A wrong password is never rehashed.
    expect(await run(Password.verify(old, "autre"))).toEqual({ valid: false })
  })

  it("never matches a stored value that is not an argon2id hash, nor a tampered hash", async () => {
    const stored = await run(Password.hash("motdepasse"))
    const tampered = stored.slice(0, -2) + (stored.endsWith("A") ? "BB" : "AA")
    for (const bad of ["", "motdepasse", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA", tampered])
      expect(await run(Password.verify(bad, "motdepasse"))).toEqual({ valid: false })
  })

  it("refuses passwords over the maximum length without hashing them", async () => {
    const stored = await run(Password.hash("a".repeat(Password.maxLength)))
    expect((await run(Password.verify(stored, "a".repeat(Password.maxLength)))).valid).toBe(true)
    expect(await run(Password.verify(stored, "a".repeat(Password.maxLength + 1)))).toEqual({ valid: false })
  })

  it("answers invalid for an unknown account", async () => {
    expect(await run(Password.verifyNothing("n'importe quoi"))).toEqual({ valid: false })
  })
})
