import * as Effect from "effect/Effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as LogReader from "../src/LogReader.ts"

/** The last positions of a log's markers: appends of 1 to 5 events from a start, in revision order. */
const markerLasts = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 2n ** 60n }),
    fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 })
  )
  .map(([start, counts]) => {
    let last = start
    return counts.map((count) => {
      last += BigInt(count)
      return last
    })
  })

describe("LogReader.firstMarkerAfter", () => {
  it("finds the marker of the append that holds the checkpoint's next event, reading few markers", () =>
    fc.assert(
      fc.property(markerLasts, fc.nat(), (lasts, pick) => {
        const final = lasts[lasts.length - 1]!
        // Any checkpoint from a little before the log's first event to just before its last one.
        const lowest = lasts[0]! > 5n ? lasts[0]! - 5n : 0n
        const after = lowest + (BigInt(pick) % (final - lowest))
        const read: Array<bigint> = []
        const revision = Effect.runSync(
          LogReader.firstMarkerAfter(after, BigInt(lasts.length - 1), (at) =>
            Effect.sync(() => {
              read.push(at)
              return lasts[Number(at)]!
            })
          )
        )
        const expected = lasts.findIndex((last) => last > after)
        expect(revision).toBe(BigInt(expected))
        // A bisection: about log2(markers) reads, never the whole log.
        expect(read.length).toBeLessThanOrEqual(Math.ceil(Math.log2(lasts.length)) + 1)
      })
    ))

  it("answers the only marker of a log of one append without reading it", () => {
    const revision = Effect.runSync(LogReader.firstMarkerAfter(0n, 0n, () => Effect.die("read")))
    expect(revision).toBe(0n)
  })
})
