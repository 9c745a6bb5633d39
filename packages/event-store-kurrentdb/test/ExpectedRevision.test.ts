import { ANY, NO_STREAM, STREAM_EXISTS } from "@kurrent/kurrentdb-client"
import { ExpectedVersion } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as ExpectedRevision from "../src/ExpectedRevision.ts"

const expectations = fc.oneof(
  fc.constant(ExpectedVersion.any),
  fc.constant(ExpectedVersion.noStream),
  fc.constant(ExpectedVersion.streamExists),
  fc.bigInt({ min: 0n, max: 2n ** 64n }).map(ExpectedVersion.exact)
)

/** Whether the server, holding `version` events, accepts a state (its documented rules). */
const serverAccepts = (state: ReturnType<typeof ExpectedRevision.toStreamState>, version: bigint) =>
  state === ANY
    ? true
    : state === NO_STREAM
      ? version === 0n
      : state === STREAM_EXISTS
        ? version > 0n
        : state === version - 1n

describe("ExpectedRevision", () => {
  it("maps the port's expectations to the server's states", () => {
    expect(ExpectedRevision.toStreamState(ExpectedVersion.any)).toBe(ANY)
    expect(ExpectedRevision.toStreamState(ExpectedVersion.noStream)).toBe(NO_STREAM)
    expect(ExpectedRevision.toStreamState(ExpectedVersion.streamExists)).toBe(STREAM_EXISTS)
    expect(ExpectedRevision.toStreamState(ExpectedVersion.exact(0))).toBe(NO_STREAM)
    expect(ExpectedRevision.toStreamState(ExpectedVersion.exact(1))).toBe(0n)
    expect(ExpectedRevision.toStreamState(ExpectedVersion.exact(2n ** 53n + 1n))).toBe(2n ** 53n)
  })

  it("maps the server's states back to the port's expectations", () => {
    expect(ExpectedRevision.fromStreamState(ANY)).toEqual(ExpectedVersion.any)
    expect(ExpectedRevision.fromStreamState(NO_STREAM)).toEqual(ExpectedVersion.noStream)
    expect(ExpectedRevision.fromStreamState(STREAM_EXISTS)).toEqual(ExpectedVersion.streamExists)
    expect(ExpectedRevision.fromStreamState(0n)).toEqual(ExpectedVersion.exact(1))
    expect(ExpectedRevision.fromStreamState(41n)).toEqual(ExpectedVersion.exact(42))
  })

  it("the server accepts exactly the versions the port accepts, both ways", () =>
    fc.assert(
      fc.property(expectations, fc.bigInt({ min: 0n, max: 2n ** 64n }), (expected, version) => {
        const state = ExpectedRevision.toStreamState(expected)
        expect(serverAccepts(state, version)).toBe(ExpectedVersion.isSatisfiedBy(expected, version))
        expect(ExpectedVersion.isSatisfiedBy(ExpectedRevision.fromStreamState(state), version)).toBe(
          ExpectedVersion.isSatisfiedBy(expected, version)
        )
      })
    ))

  it("the exact state of a version is accepted at that version only", () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n }), fc.bigInt({ min: 0n, max: 2n ** 64n }), (version, other) => {
        expect(serverAccepts(ExpectedRevision.exactState(version), other)).toBe(version === other)
      })
    ))

  it("counts the server's current states as port versions", () => {
    expect(ExpectedRevision.versionOf(NO_STREAM)).toBe(0n)
    expect(ExpectedRevision.versionOf(0n)).toBe(1n)
    expect(ExpectedRevision.versionOf(2n ** 63n)).toBe(2n ** 63n + 1n)
    // Deleted (-5) and tombstoned (-6) streams have no version the port can count.
    expect(ExpectedRevision.versionOf(-5n)).toBeUndefined()
    expect(ExpectedRevision.versionOf(-6n)).toBeUndefined()
    expect(ExpectedRevision.versionOfRevision(9n)).toBe(10n)
  })
})
