/**
 * The participations stored column-wise in a partition's row (issue 17): any participations come back from the row
 * as they were (records of the same fields as columns, others as they are), rows written before the columns are
 * read as they are, and columns of another form's version are refused.
 */
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as PartitionColumns from "../src/internal/PartitionColumns.ts"
import * as Partitions from "../src/internal/Partitions.ts"
import * as ReadModels from "../src/internal/ReadModels.ts"
import * as SnapshotCodec from "../src/internal/SnapshotCodec.ts"
import { stateForm } from "./support/partitionForms.ts"
import * as PartitionLogs from "./support/partitionLogs.ts"

const id = fc.constantFrom("a", "b", "c", "d", "é", "")
const skills = fc.array(fc.constantFrom("sk-1", "sk-2", "sk-3", "1.1"), { maxLength: 5 })
const value = fc.oneof(id, fc.constant(null), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), skills)
// Mostly records of the same fields (the column form), sometimes not (kept in the maps' form).
const fields = fc.uniqueArray(
  fc.constantFrom("status", "userId", "masteryRate", "skills", "sharedAt", 'a "quoted\\ name', "__proto__"),
  {
    minLength: 1
  }
)
const records = (fieldsOf: ReadonlyArray<string>) =>
  fc.array(
    fc
      .oneof(
        {
          weight: 9,
          arbitrary: fc.tuple(...fieldsOf.map(() => value)).map((values) => fieldsOf.map((f, i) => [f, values[i]]))
        },
        { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom("odd", "status"), value), { maxLength: 2 }) }
      )
      .map((entries) => Object.fromEntries(entries)),
    { maxLength: 4 }
  )
const participations = fields.chain((names) =>
  fc.record({
    streams: fc.array(fc.tuple(fc.string(), records(names), fc.dictionary(fc.string(), skills, { maxKeys: 3 })), {
      maxLength: 6
    }),
    info: fc.array(
      fc.tuple(
        fc.string(),
        records(names).map((list) => list[0] ?? {})
      ),
      { maxLength: 6 }
    )
  })
)

const stateOf = (drawn: {
  readonly streams: ReadonlyArray<readonly [string, ReadonlyArray<object>, Record<string, unknown>]>
  readonly info: ReadonlyArray<readonly [string, object]>
}): Partitions.PartitionState => ({
  versions: new Map([["s", 1n]]),
  participations: {
    streams: new Map(drawn.streams.map(([key, list, outcomes]) => [key, { participations: list, outcomes }])),
    info: new Map(drawn.info),
    byCampaign: new Map([["c", ["p"]]])
  }
})

describe("PartitionColumns", () => {
  it("any participations come back from a row as they were", () => {
    fc.assert(
      fc.property(participations, (drawn) => {
        const state = stateOf(drawn)
        expect(stateForm(Partitions.decode(Partitions.encode(state)))).toEqual(stateForm(state))
      }),
      { numRuns: 200 }
    )
  })

  it("a school's participations are written as columns, and decoded as the fold's maps", () => {
    fc.assert(
      fc.property(PartitionLogs.log, (log) => {
        const models = ReadModels.make()
        models.apply(log)
        const state = { participations: models.roots.participations } as unknown as Partitions.PartitionState
        const row = PartitionColumns.toRow(state as Record<string, unknown>)
        const streams = (models.roots.participations as { readonly streams: Map<string, unknown> }).streams
        expect("~columns" in (row.participations as object)).toBe(streams.size > 0)
        const back = Partitions.decode(Partitions.encode(state))
        const { views: _, lastIds: __, ...kept } = models.roots.participations as Record<string, unknown>
        const { views: ___, lastIds: ____, ...decoded } = back.participations as Record<string, unknown>
        expect(stateForm({ participations: decoded } as Partitions.PartitionState)).toEqual(
          stateForm({ participations: kept } as Partitions.PartitionState)
        )
      }),
      { numRuns: 30 }
    )
  })

  it("equal skill lists of a decoded row are one array, which a fold replaces rather than changes", () => {
    const info = (streamId: string, validatedSkillIds: ReadonlyArray<string>) => ({
      streamId,
      validatedSkillIds,
      testedSkillIds: ["sk-1", "sk-2", "sk-3"]
    })
    const state = stateOf({
      streams: [
        ["s1", [{ status: "SHARED" }], { p1: ["sk-1", "sk-2"] }],
        ["s2", [{ status: "SHARED" }], { p2: ["sk-1", "sk-2"] }]
      ],
      info: [
        ["p1", info("s1", ["sk-1", "sk-2"])],
        ["p2", info("s2", ["sk-1", "sk-2"])],
        ["p3", info("s2", ["sk-2"])]
      ]
    })
    const back = Partitions.decode(Partitions.encode(state)).participations as {
      readonly streams: Map<string, { readonly outcomes: Record<string, ReadonlyArray<string>> }>
      readonly info: Map<string, { readonly validatedSkillIds: ReadonlyArray<string> }>
    }
    expect(stateForm(back as never)).toEqual(stateForm(state.participations as never))
    expect(back.info.get("p1")!.validatedSkillIds).toBe(back.info.get("p2")!.validatedSkillIds)
    expect(back.info.get("p3")!.validatedSkillIds).toEqual(["sk-2"])
    expect(back.streams.get("s1")!.outcomes.p1).toBe(back.streams.get("s2")!.outcomes.p2)
  })

  it("a row written before the columns is read as it is", () => {
    const state = stateOf({
      streams: [["s", [{ status: "SHARED" }], { p: ["sk-1"] }]],
      info: [["p", { streamId: "s" }]]
    })
    expect(stateForm(Partitions.decode(SnapshotCodec.encodeValueBytes(state)))).toEqual(stateForm(state))
  })

  it("a row whose columns are of another version is refused, saying which", () => {
    const state = stateOf({ streams: [["s", [{ status: "SHARED" }], {}]], info: [] })
    const row = PartitionColumns.toRow(state as Record<string, unknown>)
    const participations = row.participations as Record<string, { version: number }>
    participations["~columns"] = { ...participations["~columns"]!, version: PartitionColumns.version + 1 }
    expect(() => Partitions.decode(SnapshotCodec.encodeValueBytes(row))).toThrow(
      `column form ${PartitionColumns.version + 1}`
    )
  })
})
