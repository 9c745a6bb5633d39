/**
 * A replay page keeps what its rows said: for any rows read in global order (positions strictly increasing,
 * past 2^53 too; streams from a small set, each with consecutive versions; JSON text data with unicode, quotes
 * and escapes), `fromTextRows` + `parse` + `events` gives back exactly the rows' streams, versions and data, the
 * page's last position is the last row's, its runs are maximal, positions and versions given as decimal text
 * give the same page, and no rows give no page. And the host side of a replay worker turns a worker that exits,
 * throws or posts data that is not JSON into a "Database" error, and terminates a worker whose stream is
 * interrupted.
 */
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStoreError, ReplayPage, ReplayWorker } from "../src/index.ts"

/** JSON values with any strings (lone surrogates, quotes, backslashes, control characters included). */
const jsonValue = fc.oneof(
  fc.jsonValue({ stringUnit: "binary", depthSize: "small", maxDepth: 3 }),
  fc.constantFrom('"quoted" \\ back', "élève \u0000 \n\t", "emoji 😀 \ud800 lone", { "": [null, true, -1.5e300] })
)

/** A row before numbering: its stream, its data's JSON text, and whether its numbers come as text. */
const rowShape = fc.record({
  streamId: fc.constantFrom("a", "b", "campaign-1", "participation-é", ""),
  text: fc
    .tuple(jsonValue, fc.constantFrom(undefined, 1, 2))
    .map(([value, indent]) => JSON.stringify(value, null, indent)),
  asText: fc.boolean(),
  gap: fc.oneof(fc.constant(1n), fc.bigInt({ min: 1n, max: 2n ** 40n }))
})

interface Row {
  readonly position: bigint
  readonly streamId: string
  readonly version: bigint
  readonly text: string
  readonly asText: boolean
}

/** Rows in global order: positions strictly increasing from `start`, each stream's versions consecutive. */
const rowsArbitrary = fc
  .record({
    start: fc.oneof(fc.bigInt({ min: 1n, max: 100n }), fc.bigInt({ min: 2n ** 53n - 5n, max: 2n ** 62n })),
    versionBase: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 2n ** 60n })),
    shapes: fc.array(rowShape, { maxLength: 40 })
  })
  .map(({ start, versionBase, shapes }): Array<Row> => {
    const versions = new Map<string, bigint>()
    let position = start
    return shapes.map((shape, index) => {
      if (index > 0) position += shape.gap
      // Each stream starts somewhere (a page may begin in the middle of a stream), then counts up by one.
      const version = (versions.get(shape.streamId) ?? versionBase + BigInt(shape.streamId.length)) + 1n
      versions.set(shape.streamId, version)
      return { position, streamId: shape.streamId, version, text: shape.text, asText: shape.asText }
    })
  })

const asBigInts = (rows: ReadonlyArray<Row>): Array<ReplayPage.TextRow> =>
  rows.map((row) => [row.position, row.streamId, row.version, row.text])
const asStrings = (rows: ReadonlyArray<Row>): Array<ReplayPage.TextRow> =>
  rows.map((row) => [row.position.toString(), row.streamId, row.version.toString(), row.text])
const mixed = (rows: ReadonlyArray<Row>): Array<ReplayPage.TextRow> =>
  rows.map((row) =>
    row.asText
      ? [row.position.toString(), row.streamId, row.version.toString(), row.text]
      : [row.position, row.streamId, row.version, row.text]
  )

describe("ReplayPage", () => {
  it("gives back the rows' streams, versions and data, with maximal runs and the last row's position", () => {
    fc.assert(
      fc.property(
        rowsArbitrary.filter((rows) => rows.length > 0),
        (rows) => {
          const raw = ReplayPage.fromTextRows(asBigInts(rows))
          expect(raw).toBeDefined()
          if (raw === undefined) return
          expect(raw.count).toBe(rows.length)
          expect(raw.texts).toEqual(rows.map((row) => row.text))
          expect(raw.lastPosition).toBe(rows[rows.length - 1]!.position)

          const page = ReplayPage.parse(raw)
          expect(page.lastPosition).toBe(rows[rows.length - 1]!.position)
          expect(ReplayPage.events(page)).toEqual(
            rows.map((row) => ({ streamId: row.streamId, streamVersion: row.version, data: JSON.parse(row.text) }))
          )

          // Runs: one per maximal block of one stream, ends strictly increasing up to the page's length.
          expect(page.streamIds).toHaveLength(page.runEnds.length)
          expect(page.runVersions).toHaveLength(page.runEnds.length)
          expect(page.runEnds[page.runEnds.length - 1]).toBe(rows.length)
          let start = 0
          for (let run = 0; run < page.runEnds.length; run++) {
            const end = page.runEnds[run]!
            expect(end).toBeGreaterThan(start)
            if (run > 0) expect(page.streamIds[run]).not.toBe(page.streamIds[run - 1])
            for (let index = start; index < end; index++) expect(rows[index]!.streamId).toBe(page.streamIds[run])
            expect(page.runVersions[run]).toBe(rows[end - 1]!.version)
            start = end
          }
          const expectedRuns = rows.filter((row, index) => index === 0 || rows[index - 1]!.streamId !== row.streamId)
          expect(page.streamIds).toEqual(expectedRuns.map((row) => row.streamId))

          // Numbers as decimal text (all or some) make the same page.
          expect(ReplayPage.fromTextRows(asStrings(rows))).toEqual(raw)
          expect(ReplayPage.fromTextRows(mixed(rows))).toEqual(raw)
        }
      ),
      { numRuns: 500 }
    )
  })

  it("gives no page for no rows", () => {
    expect(ReplayPage.fromTextRows([])).toBeUndefined()
  })

  it("keeps positions and versions past 2^53 exact, also from decimal text", () => {
    const big = 2n ** 63n - 1n
    const raw = ReplayPage.fromTextRows([
      ["9007199254740993", "s", "9007199254740993", "1"],
      [big, "s", 9007199254740994n, '"x"']
    ])
    expect(raw?.lastPosition).toBe(big)
    expect(raw?.runVersions).toEqual([9007199254740994n])
    expect(raw && ReplayPage.events(ReplayPage.parse(raw))).toEqual([
      { streamId: "s", streamVersion: 9007199254740993n, data: 1 },
      { streamId: "s", streamVersion: 9007199254740994n, data: "x" }
    ])
  })
})

/** A worker module given as its source (a `data:` URL: no file to ship for a test). */
const workerModule = (source: string) => new URL(`data:text/javascript,${encodeURIComponent(source)}`)

/** Worker threads of this process, as `process.getActiveResourcesInfo` counts them (one port per worker). */
const workerHandles = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === "MessagePort" || resource === "Worker").length

describe("ReplayWorker.pages", () => {
  it("fails with a Database error when the worker exits, throws or posts data that is not JSON", async () => {
    const page = "{ lastPosition: 1n, count: 1, texts: ['{'], streamIds: ['s'], runEnds: [1], runVersions: [1n] }"
    const before = workerHandles()
    const errors = await Effect.runPromise(
      Effect.forEach(
        [
          "process.exit(3)",
          "throw new Error('boom')",
          `import { parentPort } from "node:worker_threads"; parentPort.postMessage({ _tag: "Page", page: ${page} })`,
          `import { parentPort } from "node:worker_threads"; parentPort.postMessage({ _tag: "Failed", message: "no disk" })`
        ],
        (source) =>
          Effect.flip(
            Stream.runCollect(ReplayWorker.pages(workerModule(source), {}, 0n)).pipe(Effect.timeout("10 seconds"))
          )
      )
    )
    for (const error of errors) {
      expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
      expect(error).toMatchObject({ reason: "Database" })
    }
    expect(errors.map((error) => error.message)).toEqual([
      "Reading the log for a replay failed: the reading thread exited (code 3)",
      "Reading the log for a replay failed: boom",
      expect.stringContaining("Reading the log for a replay failed: an event's data is not JSON"),
      "Reading the log for a replay failed: no disk"
    ])
    expect(workerHandles()).toBe(before)
  }, 30_000)

  it("terminates a worker that never answers when its stream is interrupted", async () => {
    const before = workerHandles()
    const during = await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Stream.runCollect(ReplayWorker.pages(workerModule("setInterval(() => {}, 1000)"), {}, 0n))
        )
        yield* Effect.sleep("200 millis")
        const during = workerHandles()
        yield* Fiber.interrupt(fiber)
        return during
      })
    )
    expect(during).toBeGreaterThan(before)
    expect(workerHandles()).toBe(before)
  }, 30_000)
})
