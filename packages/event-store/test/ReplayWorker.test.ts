/**
 * The reading side of a replay (`ReplayWorkerServer.serve`) with a digest: while the fold is the bound the
 * reading thread digests whole pages; while the reading thread is the bound it leaves the end of each page to
 * the fold (`digestHere`), every event digested exactly once either way; a digest module without a `digest`
 * function fails the replay with a Database error.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { EventStoreError, ReplayPage, ReplayWorker } from "../src/index.ts"

const server = new URL("../src/ReplayWorkerServer.ts", import.meta.url).href

/** A module given as its source (a `data:` URL: no file to ship for a test). */
const moduleOf = (source: string) => new URL(`data:text/javascript,${encodeURIComponent(source)}`)

/** A worker serving `count` pages of one event each: `{ "n": k }` at position k, stream "s", version k. */
const counting = (count: number) =>
  moduleOf(`
    import { fromTextRows, serve } from ${JSON.stringify(server)}
    await serve(() => ({
      read: (after, limit) => {
        if (after >= ${count}n) return undefined
        const next = after + 1n
        return fromTextRows([[next, "s", next, JSON.stringify({ n: Number(next) })]])
      },
      close: () => {}
    }))
  `)

const wrapping = moduleOf("export const digest = (text) => JSON.stringify({ digested: JSON.parse(text) })")

/** Wraps an event's data once, saying where: `{ by, data }`. */
const wrapper = (by: string) => `(text) => JSON.stringify({ by: ${JSON.stringify(by)}, data: JSON.parse(text) })`

/** A digest that takes `millis` per event (busy: the reading thread is then the bound). */
const slowDigest = (millis: number) =>
  moduleOf(`export const digest = (text) => {
    const until = performance.now() + ${millis}
    while (performance.now() < until) {}
    return (${wrapper("reader")})(text)
  }`)

const here = (text: string) => JSON.stringify({ by: "fold", data: JSON.parse(text) })

/** A worker serving `count` events in pages of `pageSize`: `{ "n": k }` at position k, stream "s". */
const paged = (count: number) =>
  moduleOf(`
    import { fromTextRows, serve } from ${JSON.stringify(server)}
    await serve(() => ({
      read: (after, limit) => {
        const rows = []
        for (let k = after + 1n; k <= ${count}n && rows.length < limit; k++)
          rows.push([k, "s", k, JSON.stringify({ n: Number(k) })])
        return fromTextRows(rows)
      },
      close: () => {}
    }))
  `)

describe("ReplayWorkerServer.serve with a digest", () => {
  it("digests whole pages on the reading thread while the fold is the bound", async () => {
    const pages = await Effect.runPromise(
      Stream.runCollect(
        ReplayWorker.pages(counting(5), {}, 0n, { pageSize: 1, ahead: 10, digest: wrapping }).pipe(
          Stream.tap(() => Effect.sleep("30 millis"))
        )
      )
    )
    expect(pages.flatMap(ReplayPage.events).map((event) => event.data)).toEqual([
      { digested: { n: 1 } },
      { digested: { n: 2 } },
      { digested: { n: 3 } },
      { digested: { n: 4 } },
      { digested: { n: 5 } }
    ])
    expect(pages.map((page) => page.lastPosition)).toEqual([1n, 2n, 3n, 4n, 5n])
  }, 30_000)

  it("leaves the end of each page to the fold while the reading thread is the bound, each event digested once", async () => {
    const pages = await Effect.runPromise(
      Stream.runCollect(
        ReplayWorker.pages(paged(400), {}, 0n, { pageSize: 10, ahead: 4, digest: slowDigest(1), digestHere: here })
      )
    )
    const events = pages.flatMap(ReplayPage.events)
    expect(events.map((event) => (event.data as { data: unknown }).data)).toEqual(
      Array.from({ length: 400 }, (_, index) => ({ n: index + 1 }))
    )
    const by = events.map((event) => (event.data as { by: string }).by)
    // Within a page, the reading thread's part comes first.
    for (const page of pages) {
      const split = (page.data as ReadonlyArray<{ by: string }>).map((data) => data.by).join(",")
      expect(split).toMatch(/^(reader,)*(reader|fold)?(,fold)*$/)
    }
    // The fold, never waited for, takes over the digest page by page.
    expect(by.filter((where) => where === "fold").length).toBeGreaterThan(100)
    expect(by.slice(0, 10)).toContain("reader")
  }, 30_000)

  it("digests on the fold the pages of a reading thread without a digest", async () => {
    const pages = await Effect.runPromise(
      Stream.runCollect(ReplayWorker.pages(paged(30), {}, 0n, { pageSize: 7, digestHere: here }))
    )
    expect(pages.flatMap(ReplayPage.events).map((event) => event.data)).toEqual(
      Array.from({ length: 30 }, (_, index) => ({ by: "fold", data: { n: index + 1 } }))
    )
  }, 30_000)

  it("fails with a Database error when the digest module has no digest function", async () => {
    const error = await Effect.runPromise(
      Effect.flip(
        Stream.runCollect(
          ReplayWorker.pages(counting(3), {}, 0n, { pageSize: 1, digest: moduleOf("export const other = 1") })
        )
      )
    )
    expect(error).toBeInstanceOf(EventStoreError.EventStoreError)
    expect(error.reason).toBe("Database")
    expect(error.message).toContain("exports no digest function")
  }, 30_000)
})
