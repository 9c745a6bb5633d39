/**
 * The contract of a crypto-shredding key store (`KeyStore`), run by every adapter: rows are created once (the
 * first stored wins, also when two writers race), read back by subject, destroyed into tombstones that are told
 * apart from unknown subjects, and a shredder over the store seals, opens and erases through it (also after a
 * restart over the same store). Needs the peer dependency `vitest`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import type { KeyStoreShape } from "../KeyStore.ts"
import * as Shredding from "../Shredding.ts"

/**
 * How the suite gets a store: `open` gives a fresh, empty key store, `reopen` the same one again (a restart).
 *
 * @category models
 * @since 0.1.0
 */
export interface KeyStoreUnderTest {
  readonly open: () => Promise<{
    readonly store: KeyStoreShape
    readonly reopen: () => Promise<KeyStoreShape>
    readonly close: () => Promise<void>
  }>
}

const bytes = (fill: number) => new Uint8Array(32).fill(fill)
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

const rules: Shredding.Rules = {
  types: {
    Registered: {
      fields: ["name"],
      subject: (data) => `person:${String(data.id)}`,
      erased: () => ({ name: "effacé" })
    }
  }
}

/**
 * Runs the contract against a key store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const suite = (name: string, underTest: KeyStoreUnderTest) =>
  describe(`${name}: the key store contract`, () => {
    it("creates a row once: the first stored key wins, and reads it back", async () => {
      const { store, close } = await underTest.open()
      try {
        expect(await run(store.all)).toEqual([])
        const first = await run(store.create([["a", bytes(1)]]))
        expect(first.map(([subject, key]) => [subject, [...(key ?? [])]])).toEqual([["a", [...bytes(1)]]])
        const again = await run(
          store.create([
            ["a", bytes(2)],
            ["b", bytes(3)]
          ])
        )
        expect(again.map(([subject, key]) => [subject, key?.[0]])).toEqual([
          ["a", 1],
          ["b", 3]
        ])
        expect((await run(store.get(["b", "missing"]))).map(([subject]) => subject)).toEqual(["b"])
        expect((await run(store.all)).length).toBe(2)
      } finally {
        await close()
      }
    })

    it("keeps one row when two writers create the same subject at once", async () => {
      const { store, close } = await underTest.open()
      try {
        const [left, right] = await Promise.all([
          run(store.create([["race", bytes(4)]])),
          run(store.create([["race", bytes(5)]]))
        ])
        expect(left[0]![1]?.[0]).toBe(right[0]![1]?.[0])
      } finally {
        await close()
      }
    })

    it("destroys a key into a tombstone, told apart from an unknown subject", async () => {
      const { store, reopen, close } = await underTest.open()
      try {
        await run(store.create([["a", bytes(1)]]))
        expect(await run(store.destroy("a"))).toBe("destroyed")
        expect(await run(store.destroy("a"))).toBe("already")
        expect(await run(store.destroy("nobody"))).toBe("unknown")
        expect(await run(store.get(["a"]))).toEqual([["a", null]])
        expect(await run(store.create([["a", bytes(9)]]))).toEqual([["a", null]])
        expect(await run((await reopen()).get(["a"]))).toEqual([["a", null]])
      } finally {
        await close()
      }
    })

    it("backs a shredder: sealed data opens after a restart, an erased subject reads erased values", async () => {
      const { store, reopen, close } = await underTest.open()
      try {
        const masterKey = bytes(42)
        const shredder = await run(Shredding.make({ rules, keyStore: store, masterKey }))
        const sealed = await run(
          shredder.sealAll([
            { id: "1", type: "Registered", data: { id: "x", name: "Léa" } },
            { id: "2", type: "Registered", data: { id: "y", name: "Noé" } }
          ])
        )
        expect(JSON.stringify(sealed)).not.toContain("Léa")
        await run(shredder.erase("person:x"))
        const restarted = await run(Shredding.make({ rules, keyStore: await reopen(), masterKey }))
        await run(restarted.prepare(sealed.map((event) => event.data)))
        expect(sealed.map((event) => restarted.open(event.type, event.data))).toEqual([
          { id: "x", name: "effacé" },
          { id: "y", name: "Noé" }
        ])
        const wrong = await Effect.runPromiseExit(
          Shredding.make({ rules, keyStore: await reopen(), masterKey: bytes(43) })
        )
        expect(JSON.stringify(wrong)).toContain("WRONG_MASTER_KEY")
      } finally {
        await close()
      }
    })
  })
