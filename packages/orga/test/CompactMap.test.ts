/**
 * The router's compact map (issue 17): whatever is set, deleted and read, it answers as a `Map` does, its copies are
 * independent (trimmed or not), and the bytes of what it no longer holds are zeroed.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CompactMap, type Value } from "../src/internal/CompactMap.ts"
import { StringArena } from "../src/internal/StringArena.ts"

// Keys of every form the arena packs or not: canonical UUIDs, hashed login streams, their near misses (upper case,
// a digit short), and any text (non-ASCII, empty, with a NUL). Drawn from a small pool so that keys meet again.
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length })
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join("-"))
const text = fc.oneof(
  uuid,
  uuid.map((id) => id.toUpperCase()),
  hex(64).map((hash) => `user-login-${hash}`),
  hex(63).map((hash) => `user-login-${hash}`),
  // A keyed hash in base64url (the shredding stores' streams), and a look-alike whose last character has unused bits.
  fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((hash) => `user-login-${Buffer.from(hash).toString("base64url")}`),
  fc
    .uint8Array({ minLength: 32, maxLength: 32 })
    .map((hash) => `user-login-${Buffer.from(hash).toString("base64url").slice(0, 42)}B`),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("", "\u0000", "\u0001abc", "\u0002", "é", "élève@exemple.fr", "😀")
)
const pool = fc.array(text, { minLength: 1, maxLength: 12 })
const value = (texts: ReadonlyArray<string>): fc.Arbitrary<Value> =>
  fc.oneof(fc.constantFrom(...texts), fc.array(fc.constantFrom(...texts), { minLength: 0, maxLength: 4 }))

const ops = pool.chain((keys) =>
  pool.chain((values) =>
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant("set" as const), key: fc.constantFrom(...keys), value: value(values) }),
        fc.record({ op: fc.constant("delete" as const), key: fc.constantFrom(...keys) }),
        fc.record({ op: fc.constant("get" as const), key: fc.constantFrom(...keys) }),
        fc.constant({ op: "copy" as const }),
        fc.constant({ op: "trim" as const })
      ),
      { maxLength: 80 }
    )
  )
)

const sorted = (entries: Iterable<[string, Value]>) => [...entries].map((entry) => JSON.stringify(entry)).sort()

describe("CompactMap", () => {
  it("answers as a Map whatever sequence of set, delete and get, and a copy goes its own way", () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        // Laid out again at the first hole, to run the layout too.
        let compact = new CompactMap({ layOutAbove: 0 })
        let model = new Map<string, Value>()
        const copies: Array<readonly [CompactMap, Map<string, Value>]> = []
        for (const step of sequence) {
          switch (step.op) {
            case "set":
              compact.set(step.key, step.value)
              model.set(step.key, step.value)
              break
            case "delete":
              expect(compact.delete(step.key)).toBe(model.delete(step.key))
              break
            case "get":
              expect(compact.get(step.key)).toEqual(model.get(step.key))
              expect(compact.has(step.key)).toBe(model.has(step.key))
              break
            case "trim":
              compact.trim()
              break
            case "copy":
              copies.push([compact, new Map(model)])
              compact = compact.clone()
              model = new Map(model)
              break
          }
          expect(compact.size).toBe(model.size)
        }
        expect(sorted(compact)).toEqual(sorted(model))
        expect([...compact.keys()].sort()).toEqual([...model.keys()].sort())
        expect([...compact.values()].map((item) => JSON.stringify(item)).sort()).toEqual(
          [...model.values()].map((item) => JSON.stringify(item)).sort()
        )
        // A copy is what its original held when it was made.
        for (const [copy, held] of copies) expect(sorted(copy)).toEqual(sorted(held))
        // The keys naming a value, found by its index.
        for (const [, item] of model)
          for (const one of typeof item === "string" ? [item] : item)
            expect(compact.keysWith(one).sort()).toEqual(
              [...model]
                .filter(([, other]) => (typeof other === "string" ? other === one : other.includes(one)))
                .map(([key]) => key)
                .sort()
            )
      }),
      { numRuns: 300 }
    )
  })

  it("holds many entries through growth, and gives back its texts as they were set", () => {
    const map = new CompactMap<string>()
    const model = new Map<string, string>()
    for (let index = 0; index < 20_000; index++) {
      const key = `${index.toString(16).padStart(8, "0")}-0000-4000-8000-${index.toString(16).padStart(12, "a")}`
      const login = `élève.${index % 5000}@exemple.fr`
      map.set(key, login)
      model.set(key, login)
      if (index % 3 === 0) {
        map.delete(key)
        model.delete(key)
      }
    }
    expect(map.size).toBe(model.size)
    expect(sorted(map)).toEqual(sorted(model))
  })
})

describe("StringArena", () => {
  it("zeroes a removed string's bytes at once: an erased login is not kept", () => {
    const arena = new StringArena()
    const kept = arena.add("kept@example.net")
    const gone = arena.add("erased.login@example.net")
    arena.remove(gone)
    const bytes = (arena as unknown as { bytes: Buffer }).bytes
    expect(bytes.includes("erased.login")).toBe(false)
    expect(bytes.includes("kept@example.net")).toBe(true)
    expect(arena.find("erased.login@example.net")).toBe(-1)
    expect(arena.text(kept)).toBe("kept@example.net")
    // Its index serves another string.
    expect(arena.add("another@example.net")).toBe(gone)
    expect(arena.size).toBe(2)
  })

  it("packs canonical UUIDs and hashed login streams (hex, base64url), and tells them from look-alikes", () => {
    const arena = new StringArena()
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e"
    const stream = `user-login-${"ab".repeat(32)}`
    const hashed = `user-login-${Buffer.alloc(32, 0xfb).toString("base64url")}`
    const texts = [id, id.toUpperCase(), stream, stream.toUpperCase(), `${stream}0`, "user-login-x", "\u0001", "\u0002"]
    texts.push(hashed, `${hashed.slice(0, -1)}B`)
    const indexes = texts.map((item) => arena.add(item))
    expect(new Set(indexes).size).toBe(texts.length)
    expect(indexes.map((index) => arena.text(index))).toEqual(texts)
    const used = (arena as unknown as { used: number }).used
    // 17 bytes for the UUID, 33 for a stream (hex or base64url): the look-alikes are written out.
    expect(used).toBe(17 + 37 + 33 + 76 + 77 + 13 + 2 + 2 + 33 + 55)
    const ascii = Buffer.alloc(80)
    expect(ascii.toString("latin1", 0, arena.writeAscii(indexes[0]!, ascii, 0))).toBe(id)
    expect(ascii.toString("latin1", 0, arena.writeAscii(indexes[2]!, ascii, 0))).toBe(stream)
    expect(ascii.toString("latin1", 0, arena.writeAscii(indexes[8]!, ascii, 0))).toBe(hashed)
    expect(arena.writeAscii(arena.add("élève"), ascii, 0)).toBe(-1)
  })
})
