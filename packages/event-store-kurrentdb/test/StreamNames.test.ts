import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as StreamNames from "../src/StreamNames.ts"

describe("StreamNames", () => {
  it("refuses namespaces whose prefix could hold another's, or that KurrentDB reserves", () => {
    for (const bad of ["", "a/b", "$system", "-x", "a".repeat(65), "é", "a b"]) {
      expect(StreamNames.make(bad)).toBeUndefined()
    }
    expect(StreamNames.make("orga")?.applicationPrefix).toBe("orga/s/")
    expect(StreamNames.make("test_1-x")?.command("c")).toBe("test_1-x/cmd/c")
  })

  it("maps any stream id to an application stream and back, and tells the store's streams apart", () =>
    fc.assert(
      fc.property(fc.string(), fc.string(), (streamId, other) => {
        const names = StreamNames.make("orga")!
        const name = names.application(streamId)
        expect(name.startsWith(names.applicationPrefix)).toBe(true)
        expect(names.streamIdOf(name)).toBe(streamId)
        expect(names.kindOf(name)).toBe("application")
        expect(names.kindOf(names.command(other))).toBe("command")
        expect(names.kindOf(`orga/log${other}`)).toBe("foreign")
        expect(names.streamIdOf(names.command(other))).toBeUndefined()
        // Another namespace's streams are foreign, even one whose name starts with this one's.
        expect(StreamNames.make("orga2")!.kindOf(name)).toBe("foreign")
        expect(names.kindOf(StreamNames.make("orga2")!.application(streamId))).toBe("foreign")
      })
    ))
})
