import { EventStoreError } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as AllPosition from "../src/AllPosition.ts"
import * as LogReader from "../src/LogReader.ts"

const max = 2n ** 64n - 1n

describe("LogReader.fromCheckpoint", () => {
  it("reads $all from its start for 0n, and from the checkpoint's own place for a position the store gave", () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max }), fc.bigInt({ min: 0n, max }), (commit, prepare) => {
        expect(LogReader.fromCheckpoint(0n)).toBe("start")
        const position = AllPosition.encode({ commit, prepare })!
        if (position !== 0n) expect(LogReader.fromCheckpoint(position)).toEqual({ commit, prepare })
      })
    ))

  it("refuses a bigint that no place encodes to, rather than reading from a wrong place", () => {
    for (const bad of [-1n, 2n ** 128n]) {
      const from = LogReader.fromCheckpoint(bad)
      expect(from).toBeInstanceOf(EventStoreError.EventStoreError)
      expect((from as EventStoreError.EventStoreError).reason).toBe("InvalidPosition")
    }
  })
})
