/**
 * The router's bytes (issue 17): read straight into compact maps and written from them in v8's format, so that
 * routers stored by v8's serializer are read here, routers written here are read by v8, and both readers agree.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { StoredEvent } from "../src/internal/Domain.ts"
import * as PartitionRouter from "../src/internal/PartitionRouter.ts"
import * as RouterBytes from "../src/internal/RouterBytes.ts"
import * as SnapshotCodec from "../src/internal/SnapshotCodec.ts"
import { canonical, routerBeforeCompactIds } from "./support/partitionForms.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

// The router's maps as `Map`s: what v8's serializer wrote before the compact maps (`SnapshotCodec.encodeValueBytes`).
const asMaps = (router: PartitionRouter.Router) => ({
  campaignOrg: new Map(router.campaignOrg),
  userOrgs: new Map(router.userOrgs),
  userLogins: new Map(router.userLogins),
  erasedLearnerOrg: new Map(router.erasedLearnerOrg),
  loginStreams: new Map(router.loginStreams),
  userMemberships: new Map(router.userMemberships),
  uaiOrgs: new Map(router.uaiOrgs),
  ...(router.partial === true ? { partial: true } : {})
})

const folded = (log: ReadonlyArray<{ readonly streamId: string; readonly data: unknown }>) => {
  const router = PartitionRouter.make()
  for (const event of log) PartitionRouter.observe(router, event.streamId, event.data as StoredEvent.StoredEvent)
  return router
}

// Any text: one-byte and two-byte strings for v8 (non-Latin-1 characters, lone surrogates), UUIDs and hashed
// login streams the arenas pack.
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 10 }),
  fc.string({ unit: fc.constantFrom("\ud800", "é", "€", "a"), maxLength: 6 }),
  fc.uuid({ version: 4 }),
  fc
    .string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 })
    .map((h) => `user-login-${h}`),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((h) => `user-login-${Buffer.from(h).toString("base64url")}`)
)
const ids = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }))
const anyRouter = fc
  .record({
    campaignOrg: fc.array(fc.tuple(text, text)),
    userOrgs: fc.array(fc.tuple(text, ids)),
    userLogins: fc.array(fc.tuple(text, ids)),
    erasedLearnerOrg: fc.array(fc.tuple(text, text)),
    loginStreams: fc.array(fc.tuple(text, text)),
    userMemberships: fc.array(fc.tuple(text, ids)),
    uaiOrgs: fc.array(fc.tuple(text, ids)),
    partial: fc.boolean()
  })
  .map((entries) => {
    const router = PartitionRouter.make()
    for (const [key, value] of entries.campaignOrg) router.campaignOrg.set(key, value)
    for (const [key, value] of entries.userOrgs) router.userOrgs.set(key, value)
    for (const [key, value] of entries.userLogins) router.userLogins.set(key, value)
    for (const [key, value] of entries.erasedLearnerOrg) router.erasedLearnerOrg.set(key, value)
    for (const [key, value] of entries.loginStreams) router.loginStreams.set(key, value)
    for (const [key, value] of entries.userMemberships) router.userMemberships.set(key, value)
    for (const [key, value] of entries.uaiOrgs) router.uaiOrgs.set(key, value)
    return entries.partial ? { ...router, partial: true as const } : router
  })

describe("RouterBytes", () => {
  it("reads straight what v8 wrote of a router, as v8's reader does", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const router = folded(log)
        const stored = SnapshotCodec.encodeValueBytes(asMaps(router))
        const straight = RouterBytes.readStraight(stored)
        expect(straight).toBeDefined()
        expect(canonical(straight)).toEqual(canonical(RouterBytes.decodeThroughMaps(stored)))
        expect(canonical(straight)).toEqual(canonical(router))
      }),
      { numRuns: 40 }
    )
  })

  it("writes what v8 reads as the router, and reads it back straight, whatever the texts", () => {
    fc.assert(
      fc.property(anyRouter, (router) => {
        const bytes = RouterBytes.encode(router)
        expect(canonical(SnapshotCodec.decodeValueBytes(bytes))).toEqual(canonical(asMaps(router)))
        const straight = RouterBytes.readStraight(bytes)
        expect(straight).toBeDefined()
        expect(canonical(straight)).toEqual(canonical(router))
        // Written again, the same bytes.
        expect(RouterBytes.encode(straight!).equals(bytes)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it("reads straight the form before compact ids (a set per user), as v8's reader does", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const router = folded(log)
        const stored = routerBeforeCompactIds(router)
        const straight = RouterBytes.readStraight(stored)
        expect(straight?.partial).toBe(true)
        expect(canonical(straight)).toEqual(canonical(RouterBytes.decodeThroughMaps(stored)))
      }),
      { numRuns: 30 }
    )
  })

  it("leaves to v8's reader what it does not expect, which refuses what is not a router", () => {
    const maps = (value: Record<string, unknown>) =>
      SnapshotCodec.encodeValueBytes({ ...asMaps(PartitionRouter.make()), ...value })
    // A shared array (a reference in v8's bytes) is read by v8, and is the same router.
    const shared = ["o-1", "o-2"]
    const bytes = maps({
      userOrgs: new Map([
        ["u-1", shared],
        ["u-2", shared]
      ])
    })
    expect(RouterBytes.readStraight(bytes)).toBeUndefined()
    expect(PartitionRouter.decode(bytes).userOrgs.get("u-2")).toEqual(["o-1", "o-2"])
    // An array with holes is written sparse by v8: read straight too.
    const holey = new Array(2)
    holey[0] = "o-1"
    holey[1] = "o-2"
    const sparse = maps({ userOrgs: new Map([["u-1", holey]]) })
    expect(RouterBytes.readStraight(sparse)?.userOrgs.get("u-1")).toEqual(["o-1", "o-2"])
    for (const refused of [
      maps({ loginStreams: new Map([["s", ["a", "b"]]]) }),
      maps({ userOrgs: new Map([["u", []]]) }),
      maps({ userLogins: new Map([[1, "a"]]) }),
      maps({ campaignOrg: new Map([["c", new Set(["o"])]]) }),
      maps({ uaiOrgs: undefined, userOrgs: 3 }),
      SnapshotCodec.encodeValueBytes("router")
    ]) {
      expect(RouterBytes.readStraight(refused)).toBeUndefined()
      expect(() => PartitionRouter.decode(refused)).toThrow("Not a partition router")
    }
    expect(() => PartitionRouter.decode(Buffer.from("not even bytes of v8"))).toThrow()
  })
})
