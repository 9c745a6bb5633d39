/**
 * The shredder's key holding (`Shredding.make`; ADR 0057): the clear keys live in one buffer, a slot per subject,
 * not one object each. For any sequence of sealing, erasing and reloading, the key snapshot a replay is given
 * holds exactly the subjects with a live key, in the order first met, each with the key that opens its sealed
 * values; an erased subject is in no later snapshot and its values no longer open, and a snapshot taken before
 * an erasure still opens what it held.
 */
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as KeyStore from "../src/KeyStore.ts"
import * as SealedText from "../src/SealedText.ts"
import * as Shredding from "../src/Shredding.ts"

const rules: Shredding.Rules = {
  types: {
    Named: {
      fields: ["name"],
      subject: (data) => `learner:${String(data.id)}`,
      erased: () => ({ name: "Élève effacé" })
    }
  }
}

const step = fc.oneof(
  fc.record({ kind: fc.constant("seal" as const), subject: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("erase" as const), subject: fc.integer({ min: 0, max: 7 }) })
)

describe("Shredding.make's key holding", () => {
  it("snapshots exactly the live subjects, in order, each under the key that opens its values", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const keyStore = KeyStore.memory()
        const masterKey = new Uint8Array(32).fill(3)
        const shredder = await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey }))
        const sealedBy = new Map<string, string>()
        const erased = new Set<string>()
        const order: Array<string> = []
        const early: Array<{ snapshot: SealedText.KeySnapshot; subject: string; text: string }> = []
        for (const { kind, subject: number } of steps) {
          const subject = `learner:${number}`
          if (kind === "erase") {
            await Effect.runPromise(shredder.erase(subject))
            if (sealedBy.has(subject)) erased.add(subject)
            continue
          }
          if (erased.has(subject)) continue
          const [event] = await Effect.runPromise(
            shredder.sealAll([{ id: `e${number}`, type: "Named", data: { id: number, name: `Zoé ${number}` } }])
          )
          const text = JSON.stringify(event!.data)
          if (!sealedBy.has(subject)) order.push(subject)
          sealedBy.set(subject, text)
          early.push({ snapshot: shredder.keySnapshot(), subject, text })
        }
        const live = order.filter((subject) => !erased.has(subject))
        const snapshot = shredder.keySnapshot()
        expect(snapshot.subjects).toEqual(live)
        expect(snapshot.keys.length).toBe(32 * live.length)
        const open = SealedText.opener(snapshot)
        for (const subject of live) expect(JSON.parse(open(sealedBy.get(subject)!)).name).toMatch(/^Zoé /)
        for (const subject of erased) expect(open(sealedBy.get(subject)!)).toBe(sealedBy.get(subject))
        // Snapshots taken before an erasure are copies: what they held still opens.
        for (const { snapshot: before, text } of early)
          expect(JSON.parse(SealedText.opener(before)(text)).name).toMatch(/^Zoé /)
        // A shredder started again over the same key store holds the same keys.
        const again = await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey }))
        expect(new Set(again.keySnapshot().subjects)).toEqual(new Set(live))
        for (const subject of live) expect(again.hasKey(subject)).toBe(true)
        for (const subject of erased) expect(again.isErased(subject)).toBe(true)
      }),
      { numRuns: 60 }
    )
  })
})
