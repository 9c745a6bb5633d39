import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as AllPosition from "../src/AllPosition.ts"

const max = 2n ** 64n - 1n
const positions = fc.record({ commit: fc.bigInt({ min: 0n, max }), prepare: fc.bigInt({ min: 0n, max }) })

const compare = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }) =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1

describe("AllPosition", () => {
  it("encodes commit and prepare positions into one bigint and back, exactly, past 2^53", () => {
    const position = { commit: 2n ** 53n + 1n, prepare: 2n ** 53n + 3n }
    const cursor = AllPosition.encode(position)
    expect(typeof cursor).toBe("bigint")
    expect(AllPosition.decode(cursor!)).toEqual(position)
    expect(AllPosition.encode({ commit: 0n, prepare: 0n })).toBe(0n)
    expect(AllPosition.encode({ commit: max, prepare: max })).toBe(2n ** 128n - 1n)
  })

  it("round-trips every position and orders cursors as $all orders positions", () =>
    fc.assert(
      fc.property(positions, positions, (a, b) => {
        const ca = AllPosition.encode(a)!
        const cb = AllPosition.encode(b)!
        expect(AllPosition.decode(ca)).toEqual(a)
        expect(Math.sign(Number(ca - cb))).toBe(compare(a, b))
      })
    ))

  it("refuses what no server position is", () => {
    expect(AllPosition.encode({ commit: -1n, prepare: 0n })).toBeUndefined()
    expect(AllPosition.encode({ commit: 0n, prepare: 2n ** 64n })).toBeUndefined()
    expect(AllPosition.decode(-1n)).toBeUndefined()
    expect(AllPosition.decode(2n ** 128n)).toBeUndefined()
  })
})
