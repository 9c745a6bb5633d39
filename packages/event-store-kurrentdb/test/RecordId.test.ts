import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as RecordId from "../src/RecordId.ts"

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe("RecordId", () => {
  it("computes RFC 9562 version-5 UUIDs (the RFC's DNS example)", () => {
    expect(RecordId.uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2"
    )
  })

  it("derives the same ids for the same command, so a re-sent append carries the ids the server saw", () =>
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(1_000), (commandId, eventId, index) => {
        const id = RecordId.ofEvent("orga", { id: eventId }, index, commandId)
        expect(id).toMatch(uuid)
        // The event's own id does not matter once there is a command id: a re-delivery may rebuild its events.
        expect(RecordId.ofEvent("orga", { id: `${eventId}-again` }, index, commandId)).toBe(id)
      })
    ))

  it("gives different ids to different events of a command, commands, namespaces and event ids", () =>
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat(100), (commandId, otherCommand, index) => {
        const ids = new Set([
          RecordId.ofEvent("orga", { id: "e" }, index, commandId),
          RecordId.ofEvent("orga", { id: "e" }, index + 1, commandId),
          RecordId.ofEvent("other", { id: "e" }, index, commandId),
          RecordId.ofEvent("orga", { id: commandId }, index, undefined)
        ])
        expect(ids.size).toBe(4)
        if (otherCommand !== commandId) {
          expect(RecordId.ofEvent("orga", { id: "e" }, index, otherCommand)).not.toBe(
            RecordId.ofEvent("orga", { id: "e" }, index, commandId)
          )
        }
      })
    ))

  it("keeps the parts of a name apart (no two triples join to the same name)", () => {
    expect(RecordId.ofEvent("orga", { id: "x" }, 1, "a")).not.toBe(RecordId.ofEvent("orga", { id: "x" }, 11, ""))
    expect(RecordId.ofStoreRecord("orga", "id", "a")).not.toBe(RecordId.ofStoreRecord("orga", "ida", ""))
    expect(RecordId.ofStoreRecord("orga", "id", "a")).toMatch(uuid)
  })
})
