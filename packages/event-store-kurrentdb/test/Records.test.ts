import { EventStoreError } from "@orga/event-store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Records from "../src/Records.ts"
import * as StreamNames from "../src/StreamNames.ts"
import { asRead, created } from "./support.ts"

const names = StreamNames.make("orga")!
const place = { commit: 100n, prepare: 100n }

const json = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown)

describe("Records", () => {
  it("reads back every field of an application event as the port gave it, its $all place as its position", () =>
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        json,
        fc.option(fc.dictionary(fc.string(), json), { nil: undefined }),
        fc.record({
          commit: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
          prepare: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
        }),
        fc.bigInt({ min: 0n, max: 2n ** 63n }),
        fc.option(fc.string(), { nil: undefined }),
        (streamId, id, data, metadata, at, revision, commandId) => {
          const written = Records.applicationEvent("orga", { id, type: "Happened", data, metadata }, 0, commandId)
          // Multi-stream appends take string properties only.
          expect(Object.values(written.metadata as object).every((value) => typeof value === "string")).toBe(true)
          const read = Records.decodeApplicationEvent(names, asRead(written, names.application(streamId), revision, at))
          expect(read).toEqual({
            id,
            streamId,
            type: "Happened",
            data,
            metadata: metadata ?? {},
            streamVersion: revision + 1n,
            globalPosition: (at.commit << 64n) | at.prepare,
            recordedAt: created,
            commandId: commandId ?? null
          })
        }
      )
    ))

  it("skips events of other streams, and reports an application event without the store's fields as Corrupt", () => {
    const written = Records.applicationEvent("orga", { id: "e", type: "T", data: {} }, 0, undefined)
    expect(Records.decodeApplicationEvent(names, asRead(written, "other/s/x", 0n, place))).toBeUndefined()
    expect(Records.decodeApplicationEvent(names, asRead(written, names.command("c"), 0n, place))).toBeUndefined()
    for (const metadata of [undefined, { orga: "not json" }, { orga: JSON.stringify({ id: 1 }) }, { other: "x" }]) {
      const foreign = asRead({ ...written, metadata }, names.application("x"), 0n, place)
      const read = Records.decodeApplicationEvent(names, foreign)
      expect(read).toBeInstanceOf(EventStoreError.EventStoreError)
      expect((read as EventStoreError.EventStoreError).reason).toBe("Corrupt")
    }
  })

  it("reads the store's fields from metadata bytes too (an event read without JSON parsing)", () => {
    const written = Records.applicationEvent("orga", { id: "e", type: "T", data: [1] }, 0, "c")
    const read = asRead(written, names.application("s"), 0n, { commit: 0n, prepare: 7n })
    const bytes = { ...read, metadata: new TextEncoder().encode(JSON.stringify(written.metadata)) }
    const decoded = Records.decodeApplicationEvent(names, bytes as typeof read)
    expect(decoded).toMatchObject({ id: "e", globalPosition: 7n, commandId: "c" })
  })

  it("reports an application event read without a place in $all as Corrupt (its position would be unknown)", () => {
    const written = Records.applicationEvent("orga", { id: "e", type: "T", data: [1] }, 0, undefined)
    const { position: _, ...read } = asRead(written, names.application("s"), 0n, place)
    const decoded = Records.decodeApplicationEvent(names, read)
    expect((decoded as EventStoreError.EventStoreError).reason).toBe("Corrupt")
  })

  it("reads the store's fields beside the properties the server adds ($schema.*), which stay out of the port's metadata", () => {
    const written = Records.applicationEvent("orga", { id: "e", type: "T", data: {}, metadata: { a: 1 } }, 0, undefined)
    const read = asRead(written, names.application("s"), 0n, place)
    const withSchema = {
      ...read,
      metadata: { ...(read.metadata as object), "$schema.format": "Json", "$schema.name": "T" }
    }
    expect(Records.decodeApplicationEvent(names, withSchema as typeof read)).toMatchObject({ metadata: { a: 1 } })
  })

  it("writes and reads command records (the streams of the command's append)", () => {
    const parts = [
      { streamId: "a", count: 3, version: undefined },
      { streamId: "é/b", count: 0, version: 2n ** 60n }
    ]
    const command = asRead(Records.commandEvent("orga", "cmd-1", parts), names.command("cmd-1"), 0n, place)
    expect(Records.decodeCommand(command)).toEqual(parts)
  })

  it("reports unreadable command records as Corrupt, not as exceptions", () => {
    const command = asRead(Records.commandEvent("orga", "c", []), names.command("c"), 0n, place)
    for (const data of [
      {},
      { parts: [{ streamId: 1, count: 1, version: null }] },
      { parts: [{ streamId: "a", count: -1, version: null }] },
      { parts: [{ streamId: "a", count: 0, version: 3 }] },
      "text",
      null
    ]) {
      const decoded = Records.decodeCommand({ ...command, data } as typeof command)
      expect((decoded as EventStoreError.EventStoreError).reason).toBe("Corrupt")
    }
  })
})
