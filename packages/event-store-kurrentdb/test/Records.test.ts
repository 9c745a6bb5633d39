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
  it("reads back every field of an application event as the port gave it, positions past 2^53 included", () =>
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        json,
        fc.option(fc.dictionary(fc.string(), json), { nil: undefined }),
        fc.bigInt({ min: 1n, max: 2n ** 64n }),
        fc.bigInt({ min: 0n, max: 2n ** 63n }),
        fc.option(fc.string(), { nil: undefined }),
        (streamId, id, data, metadata, position, revision, commandId) => {
          const written = Records.applicationEvent(
            "orga",
            { id, type: "Happened", data, metadata },
            0,
            position,
            commandId
          )
          // Multi-stream appends take string properties only.
          expect(Object.values(written.metadata as object).every((value) => typeof value === "string")).toBe(true)
          const read = Records.decodeApplicationEvent(
            names,
            asRead(written, names.application(streamId), revision, place)
          )
          expect(read).toEqual({
            id,
            streamId,
            type: "Happened",
            data,
            metadata: metadata ?? {},
            streamVersion: revision + 1n,
            globalPosition: position,
            recordedAt: created,
            commandId: commandId ?? null
          })
        }
      )
    ))

  it("skips events of other streams, and reports an application event without the store's fields as Corrupt", () => {
    const written = Records.applicationEvent("orga", { id: "e", type: "T", data: {} }, 0, 1n, undefined)
    expect(Records.decodeApplicationEvent(names, asRead(written, "other/s/x", 0n, place))).toBeUndefined()
    expect(Records.decodeApplicationEvent(names, asRead(written, names.log, 0n, place))).toBeUndefined()
    for (const metadata of [
      undefined,
      { orga: "not json" },
      { orga: JSON.stringify({ id: 1, position: "1" }) },
      { other: "x" }
    ]) {
      const foreign = asRead({ ...written, metadata }, names.application("x"), 0n, place)
      const read = Records.decodeApplicationEvent(names, foreign)
      expect(read).toBeInstanceOf(EventStoreError.EventStoreError)
      expect((read as EventStoreError.EventStoreError).reason).toBe("Corrupt")
    }
  })

  it("reads the store's fields from metadata bytes too (an event read without JSON parsing)", () => {
    const written = Records.applicationEvent("orga", { id: "e", type: "T", data: [1] }, 0, 7n, "c")
    const read = asRead(written, names.application("s"), 0n, place)
    const bytes = { ...read, metadata: new TextEncoder().encode(JSON.stringify(written.metadata)) }
    const decoded = Records.decodeApplicationEvent(names, bytes as typeof read)
    expect(decoded).toMatchObject({ id: "e", globalPosition: 7n, commandId: "c" })
  })

  it("reads the store's fields beside the properties the server adds ($schema.*), which stay out of the port's metadata", () => {
    const written = Records.applicationEvent(
      "orga",
      { id: "e", type: "T", data: {}, metadata: { a: 1 } },
      0,
      3n,
      undefined
    )
    const read = asRead(written, names.application("s"), 0n, place)
    const withSchema = {
      ...read,
      metadata: { ...(read.metadata as object), "$schema.format": "Json", "$schema.name": "T" }
    }
    expect(Records.decodeApplicationEvent(names, withSchema as typeof read)).toMatchObject({ metadata: { a: 1 } })
  })

  it("writes and reads log markers and command results", () => {
    const marker = asRead(Records.markerEvent("orga", { first: 2n ** 53n, last: 2n ** 53n + 2n }), names.log, 4n, place)
    expect(Records.decodeMarker(marker)).toEqual({ first: 2n ** 53n, last: 2n ** 53n + 2n })
    const result = { streams: [{ streamId: "a", version: 3n }], position: 2n ** 60n, duplicate: false }
    const command = asRead(Records.commandEvent("orga", "cmd-1", result), names.command("cmd-1"), 0n, place)
    expect(Records.decodeCommand(command)).toEqual({ ...result, duplicate: true })
  })

  it("reports unreadable markers and command results as Corrupt, not as exceptions", () => {
    const marker = asRead(Records.markerEvent("orga", { first: 1n, last: 1n }), names.log, 0n, place)
    for (const data of [{}, { first: 1, last: 2 }, "text", null]) {
      const decoded = Records.decodeMarker({ ...marker, data } as typeof marker)
      expect((decoded as EventStoreError.EventStoreError).reason).toBe("Corrupt")
    }
    for (const data of [{ position: "1" }, { position: "1", streams: [{ streamId: 1, version: "1" }] }]) {
      const decoded = Records.decodeCommand({ ...marker, data } as typeof marker)
      expect((decoded as EventStoreError.EventStoreError).reason).toBe("Corrupt")
    }
  })
})
