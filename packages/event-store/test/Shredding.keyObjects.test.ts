/**
 * The key objects a shredder keeps (`Shredding.make`'s `keyObjects`, `Shredding.keyObjectsKept` by default): the
 * most recently used only, the others made again from their clear bytes when next used. Whatever the bound and the
 * order of opens, every value opens as with every key object kept; and an object evicted is made again, one kept is
 * not (counted on `node:crypto`'s `createSecretKey`).
 */
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { beforeEach, describe, expect, it, vi } from "vitest"
import * as KeyStore from "../src/KeyStore.ts"
import * as Shredding from "../src/Shredding.ts"

const made = vi.hoisted(() => ({ count: 0 }))
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>()
  const createSecretKey = ((...args: Parameters<typeof actual.createSecretKey>) => {
    made.count++
    return actual.createSecretKey(...args)
  }) as typeof actual.createSecretKey
  return { ...actual, default: { ...actual, createSecretKey }, createSecretKey }
})

const rules: Shredding.Rules = {
  types: {
    Named: {
      fields: ["name"],
      subject: (data) => `learner:${String(data.id)}`,
      erased: () => ({ name: "Élève effacé" })
    }
  }
}
const masterKey = new Uint8Array(32).fill(5)

/** A shredder over a fresh key store with `keyObjects`, and the sealed data of subjects 0 to `count - 1`. */
const sealed = async (count: number, keyObjects?: number) => {
  const shredder = await Effect.runPromise(
    Shredding.make({
      rules,
      keyStore: KeyStore.memory(),
      masterKey,
      ...(keyObjects === undefined ? {} : { keyObjects })
    })
  )
  const events = await Effect.runPromise(
    shredder.sealAll(
      Array.from({ length: count }, (_, id) => ({ id: `e${id}`, type: "Named", data: { id, name: `Élève ${id}` } }))
    )
  )
  return { shredder, data: events.map((event) => event.data) }
}

describe("Shredding.make's key objects", () => {
  beforeEach(() => {
    made.count = 0
  })

  it("opens every value as with every key object kept, whatever the bound and the order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 40 }),
        async (bound, opens) => {
          const { shredder, data } = await sealed(8, bound)
          for (const id of opens) expect(shredder.open("Named", data[id])).toEqual({ id, name: `Élève ${id}` })
        }
      ),
      { numRuns: 60 }
    )
  })

  it("makes an evicted subject's key object again, and never a kept one's", async () => {
    const { shredder, data } = await sealed(3, 2)
    const opening = (ids: ReadonlyArray<number>) => {
      made.count = 0
      for (const id of ids) shredder.open("Named", data[id])
      return made.count
    }
    // Sealing used 0, 1, 2 in turn: 1 and 2 are kept.
    expect(opening([1, 2, 2, 1])).toBe(0)
    // 0 is made again and evicts 2 (the least recently used), which is then made again.
    expect(opening([0])).toBe(1)
    expect(opening([2])).toBe(1)
    expect(opening([0, 2])).toBe(0)
  })

  it("keeps 4,096 by default", async () => {
    expect(Shredding.keyObjectsKept).toBe(4096)
    const { shredder, data } = await sealed(5)
    expect(made.count).toBeGreaterThan(0)
    made.count = 0
    for (const item of data) shredder.open("Named", item)
    expect(made.count).toBe(0)
  })
})
