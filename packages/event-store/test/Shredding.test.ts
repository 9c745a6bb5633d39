/**
 * The shredder's key holding (`Shredding.make`; ADR 0057): the clear keys live in one buffer, a slot per subject,
 * not one object each. For any sequence of sealing, erasing and reloading, the key snapshot a replay is given
 * holds exactly the subjects with a live key, in the order first met, each with the key that opens its sealed
 * values; an erased subject is in no later snapshot and its values no longer open, and a snapshot taken before
 * an erasure still opens what it held.
 *
 * Loaded on demand (`keys: "onDemand"`, an instance serving from the read-model tables): only the check row at
 * start, then each subject's key when its data is first opened or sealed, and every event opens as with every key.
 *
 * The key objects kept (`keyObjects`, `Shredding.keyObjectsKept` by default): the most recently used only, the others
 * made again from their clear bytes when next used. Whatever the bound and the order of opens, every value opens as
 * with every key object kept; an object evicted is made again, one kept is not (counted on `node:crypto`'s
 * `createSecretKey`).
 */
import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { beforeEach, describe, expect, it, vi } from "vitest"
import * as KeyStore from "../src/KeyStore.ts"
import * as SealedText from "../src/SealedText.ts"
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

// A key store that counts what it is asked (to show what an on-demand shredder reads at start).
const counting = (inner: KeyStore.KeyStoreShape) => {
  const asked = { all: 0, subjects: [] as Array<string> }
  const store: KeyStore.KeyStoreShape = {
    ...inner,
    all: Effect.suspend(() => {
      asked.all++
      return inner.all
    }),
    get: (subjects) =>
      Effect.suspend(() => {
        asked.subjects.push(...subjects)
        return inner.get(subjects)
      })
  }
  return { store, asked }
}

describe("Shredding.make with keys loaded on demand", () => {
  it("reads only the check row at start, then opens every event as a shredder holding every key does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const keyStore = KeyStore.memory()
        const masterKey = new Uint8Array(32).fill(5)
        const writer = await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey }))
        const stored: Array<{ readonly type: string; readonly data: unknown }> = []
        for (const { kind, subject: number } of steps) {
          if (kind === "erase") await Effect.runPromise(writer.erase(`learner:${number}`))
          else {
            // An erased subject's data cannot be sealed again: nothing is stored then.
            const sealed = await Effect.runPromise(
              Effect.orElseSucceed(
                writer.sealAll([
                  { id: `e${stored.length}`, type: "Named", data: { id: number, name: `Zoé ${number}` } }
                ]),
                () => []
              )
            )
            for (const event of sealed) stored.push({ type: event.type, data: event.data })
          }
        }
        const { store, asked } = counting(keyStore)
        const reader = await Effect.runPromise(Shredding.make({ rules, keyStore: store, masterKey, keys: "onDemand" }))
        expect(asked.all).toBe(0)
        expect(asked.subjects).toEqual([Shredding.checkSubject])
        const everyKey = await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey }))
        await Effect.runPromise(reader.prepare(stored.map((event) => event.data)))
        for (const event of stored)
          expect(reader.open(event.type, event.data)).toEqual(everyKey.open(event.type, event.data))
        // Only the subjects of the data opened were read.
        const opened = new Set(stored.flatMap((event) => Shredding.sealedOf(event.data)?.[0] ?? []))
        expect(new Set(asked.subjects.slice(1))).toEqual(opened)
        expect(() => reader.keySnapshot()).toThrow(/on demand/)
      }),
      { numRuns: 60 }
    )
  })

  it("seals a subject new to it, which another process then opens", async () => {
    const keyStore = KeyStore.memory()
    const masterKey = new Uint8Array(32).fill(6)
    await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey }))
    const reader = await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey, keys: "onDemand" }))
    const [event] = await Effect.runPromise(
      reader.sealAll([{ id: "e1", type: "Named", data: { id: 1, name: "Léa Martin" } }])
    )
    const other = await Effect.runPromise(Shredding.make({ rules, keyStore, masterKey, keys: "onDemand" }))
    await Effect.runPromise(other.prepare([event!.data]))
    expect(other.open("Named", event!.data)).toEqual({ id: 1, name: "Léa Martin" })
  })

  it("refuses a wrong master key, and writes the check row into an empty store, as a full load does", async () => {
    const keyStore = KeyStore.memory()
    await Effect.runPromise(
      Shredding.make({ rules, keyStore, masterKey: new Uint8Array(32).fill(7), keys: "onDemand" })
    )
    expect((await Effect.runPromise(keyStore.all)).map(([subject]) => subject)).toEqual([Shredding.checkSubject])
    const refused = await Effect.runPromise(
      Effect.flip(Shredding.make({ rules, keyStore, masterKey: new Uint8Array(32).fill(8), keys: "onDemand" }))
    )
    expect(refused).toMatchObject({ _tag: "ShreddingError", code: "WRONG_MASTER_KEY" })
  })
})

const objectsMasterKey = new Uint8Array(32).fill(5)

/** A shredder over a fresh key store with `keyObjects`, and the sealed data of subjects 0 to `count - 1`. */
const sealedWith = async (count: number, keyObjects?: number) => {
  const shredder = await Effect.runPromise(
    Shredding.make({
      rules,
      keyStore: KeyStore.memory(),
      masterKey: objectsMasterKey,
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
          const { shredder, data } = await sealedWith(8, bound)
          for (const id of opens) expect(shredder.open("Named", data[id])).toEqual({ id, name: `Élève ${id}` })
        }
      ),
      { numRuns: 60 }
    )
  })

  it("makes an evicted subject's key object again, and never a kept one's", async () => {
    const { shredder, data } = await sealedWith(3, 2)
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
    const { shredder, data } = await sealedWith(5)
    expect(made.count).toBeGreaterThan(0)
    made.count = 0
    for (const item of data) shredder.open("Named", item)
    expect(made.count).toBe(0)
  })
})
