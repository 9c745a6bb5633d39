/**
 * What a layer's read-model mode decides before anything runs (`ReadModelTables`): the mode from the option or
 * `ORGA_READ_MODELS`, and which personal-data keys the shredder loads at start (each on demand when serving from the
 * tables, every one for a replay in memory mode).
 */
import { afterEach, describe, expect, it } from "vitest"
import * as ReadModelTables from "../src/ReadModelTables.ts"

describe("ReadModelTables' modes", () => {
  const saved = process.env.ORGA_READ_MODELS
  afterEach(() => {
    if (saved === undefined) delete process.env.ORGA_READ_MODELS
    else process.env.ORGA_READ_MODELS = saved
  })

  it("loads keys on demand in tables mode only, the option first, then ORGA_READ_MODELS", () => {
    delete process.env.ORGA_READ_MODELS
    expect(ReadModelTables.keyLoading(undefined)).toBe("all")
    expect(ReadModelTables.keyLoading("memory")).toBe("all")
    expect(ReadModelTables.keyLoading("tables")).toBe("onDemand")
    process.env.ORGA_READ_MODELS = "tables"
    expect(ReadModelTables.keyLoading(undefined)).toBe("onDemand")
    expect(ReadModelTables.keyLoading("memory")).toBe("all")
  })
})
